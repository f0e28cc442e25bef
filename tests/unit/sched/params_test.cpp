// Parameter validation: every refusal of the issue, and set_params leaving
// the state unchanged on error.
#include "sched_test_util.h"

namespace sched::test {
namespace {

using support::Errc;

TEST(SchedParams, AcceptsDocumentedBounds) {
  const CpuMask pool = CpuMask::range(0, 3);
  EXPECT_TRUE(validate_params(P(ServerKind::deferrable, us(10), us(100)), pool).ok());
  EXPECT_TRUE(validate_params(P(ServerKind::deferrable, sec(10), sec(10)), pool).ok());
  EXPECT_TRUE(
      validate_params(P(ServerKind::sporadic, ms(1), ms(1), 0, CpuMask::single(3)), pool).ok());
}

TEST(SchedParams, RefusesEachBadValue) {
  const CpuMask pool = CpuMask::range(0, 3);
  EXPECT_EQ(validate_params(P(ServerKind::deferrable, ms(1), 0), pool).code(), Errc::invalid);
  EXPECT_EQ(validate_params(P(ServerKind::deferrable, 0, ms(10)), pool).code(), Errc::invalid);
  EXPECT_EQ(validate_params(P(ServerKind::deferrable, ms(11), ms(10)), pool).code(), Errc::invalid);
  EXPECT_EQ(validate_params(P(ServerKind::deferrable, us(10), us(99)), pool).code(), Errc::range);
  EXPECT_EQ(validate_params(P(ServerKind::deferrable, ms(1), sec(10) + 1), pool).code(),
            Errc::range);
  EXPECT_EQ(validate_params(P(ServerKind::deferrable, us(9), ms(10)), pool).code(), Errc::range);
  EXPECT_EQ(validate_params(P(ServerKind::deferrable, ms(1), ms(10), 256), pool).code(),
            Errc::range);
  EXPECT_EQ(
      validate_params(P(ServerKind::deferrable, ms(1), ms(10), 1, CpuMask::none()), pool).code(),
      Errc::invalid);
  // Foreign mask: pCPU 4 is not in the pool.
  EXPECT_EQ(validate_params(P(ServerKind::deferrable, ms(1), ms(10), 1, CpuMask::range(3, 4)), pool)
                .code(),
            Errc::invalid);
  Params d = P(ServerKind::deferrable, ms(2), ms(10));
  d.relative_deadline = ms(1);  // below the budget
  EXPECT_EQ(validate_params(d, pool).code(), Errc::range);
  d.relative_deadline = ms(11);  // above the period
  EXPECT_EQ(validate_params(d, pool).code(), Errc::range);
  Params k = P(ServerKind::deferrable, ms(1), ms(10));
  k.server = static_cast<ServerKind>(17);
  EXPECT_EQ(validate_params(k, pool).code(), Errc::invalid);
}

TEST(SchedParams, SetParamsRefusalChangesNothing) {
  Vcpu v(1, 0);
  Harness h("edf:partitioned", 2);
  h.add(v, P(ServerKind::deferrable, ms(3), ms(10), 7, CpuMask::single(1)));
  ASSERT_TRUE(h.s->wake(v, 0) != kNoCpu);
  const Params before = h.s->get_params(v);
  const Time budget_before = v.budget_left();
  const Params bad[] = {
      P(ServerKind::deferrable, ms(1), 0),
      P(ServerKind::deferrable, 0, ms(10)),
      P(ServerKind::deferrable, ms(20), ms(10)),
      P(ServerKind::deferrable, ms(1), sec(11)),
      P(ServerKind::deferrable, ms(1), ms(10), 1, CpuMask::none()),
      P(ServerKind::deferrable, ms(1), ms(10), 1, CpuMask::single(5)),
  };
  for (const Params& p : bad) {
    CpuMask resched;
    EXPECT_FALSE(h.s->set_params(v, p, ms(1), &resched).ok());
    EXPECT_TRUE(resched.empty());
    const Params now = h.s->get_params(v);
    EXPECT_EQ(now.budget, before.budget);
    EXPECT_EQ(now.period, before.period);
    EXPECT_EQ(now.priority, before.priority);
    EXPECT_EQ(now.cpu_mask, before.cpu_mask);
    EXPECT_EQ(v.budget_left(), budget_before);
  }
  // A valid change applies and names the pCPU that must reschedule.
  CpuMask resched;
  ASSERT_TRUE(h.s->set_params(v, P(ServerKind::deferrable, ms(5), ms(20), 7, CpuMask::single(0)),
                              ms(1), &resched)
                  .ok());
  EXPECT_EQ(h.s->get_params(v).budget, ms(5));
  EXPECT_TRUE(resched.test(0));  // its new home pCPU is idle
  h.remove_all();
}

TEST(SchedParams, AddVcpuRefusals) {
  Vcpu v(1, 0), w(1, 1);
  Harness h("fp:global", 2);
  EXPECT_EQ(h.s->add_vcpu(v, P(ServerKind::deferrable, ms(1), 0), 0).code(), Errc::invalid);
  EXPECT_FALSE(v.in_scheduler());
  ASSERT_TRUE(h.s->add_vcpu(v, P(ServerKind::deferrable, ms(1), ms(10)), 0).ok());
  EXPECT_EQ(h.s->add_vcpu(v, P(ServerKind::deferrable, ms(1), ms(10)), 0).code(), Errc::busy);
  EXPECT_EQ(h.s->vcpu_count(), 1u);
  EXPECT_EQ(h.s->remove_vcpu(w, 0).code(), Errc::not_found);
  // Current vCPUs cannot be removed.
  h.s->wake(v, 0);
  EXPECT_EQ(h.decide(0, 0).next, &v);
  EXPECT_EQ(h.s->remove_vcpu(v, 0).code(), Errc::busy);
  EXPECT_EQ(h.s->sleep(v, us(5)), 0u);
  EXPECT_EQ(h.decide(0, us(5)).next, nullptr);
  EXPECT_TRUE(h.s->remove_vcpu(v, us(5)).ok());
  EXPECT_EQ(h.s->vcpu_count(), 0u);
}

}  // namespace
}  // namespace sched::test
