// Priority schemes (fp, DM, RM, EDF) and the documented tie-breaks: smaller
// domain id, then smaller vCPU index.
#include "sched_test_util.h"

#include <vector>

namespace sched::test {
namespace {

// Wakes every vCPU at 0 on one pCPU; each has a 1 ms budget, so the
// dispatch order is read off decisions at 0, 1, 2, ... ms.
std::vector<Vcpu*> order(const char* policy, std::vector<Vcpu*> vs, std::vector<Params> ps) {
  Harness h(policy);
  for (std::size_t i = 0; i < vs.size(); ++i) h.add(*vs[i], ps[i]);
  for (Vcpu* v : vs) h.s->wake(*v, 0);
  std::vector<Vcpu*> out;
  for (std::size_t i = 0; i < vs.size(); ++i) out.push_back(h.decide(0, ms(i)).next);
  h.decide(0, ms(vs.size()));
  h.remove_all();
  return out;
}

Params with_deadline(Params p, Time d) {
  p.relative_deadline = d;
  return p;
}

TEST(SchedPriority, FixedPriorityExplicit) {
  Vcpu a(1, 0), b(2, 0), c(3, 0);
  auto o = order(
      "fp:partitioned", {&a, &b, &c},
      {P(ServerKind::deferrable, ms(1), ms(100), 5), P(ServerKind::deferrable, ms(1), ms(100), 1),
       P(ServerKind::deferrable, ms(1), ms(100), 3)});
  EXPECT_EQ(o, (std::vector<Vcpu*>{&b, &c, &a}));
}

// A: period 10, deadline 8; B: period 20, deadline 3; C: period 5 (= deadline).
// DM: B (3), C (5), A (8). RM: C (5), A (10), B (20).
TEST(SchedPriority, DeadlineAndRateMonotonic) {
  Vcpu a(1, 0), b(2, 0), c(3, 0);
  const std::vector<Params> ps = {with_deadline(P(ServerKind::deferrable, ms(1), ms(10)), ms(8)),
                                  with_deadline(P(ServerKind::deferrable, ms(1), ms(20)), ms(3)),
                                  P(ServerKind::deferrable, ms(1), ms(5))};
  EXPECT_EQ(order("dm:partitioned", {&a, &b, &c}, ps), (std::vector<Vcpu*>{&b, &c, &a}));
  EXPECT_EQ(order("rm:global", {&a, &b, &c}, ps), (std::vector<Vcpu*>{&c, &a, &b}));
}

// EDF orders by absolute deadline: A added at 0 with period 10 (deadline
// 10) loses to B added at 2 with period 5 (deadline 7).
TEST(SchedPriority, EarliestDeadlineFirst) {
  Vcpu a(1, 0), b(2, 0);
  Harness h("edf:global");
  h.add(a, P(ServerKind::deferrable, ms(1), ms(10)), 0);
  h.add(b, P(ServerKind::deferrable, ms(1), ms(5)), ms(2));
  h.s->wake(a, ms(2));
  h.s->wake(b, ms(2));
  EXPECT_EQ(h.decide(0, ms(2)).next, &b);
  EXPECT_EQ(h.decide(0, ms(3)).next, &a);
  // At 7 B's next period starts (deadline 12): A (deadline 10) keeps running.
  h.decide(0, ms(4));
  h.remove_all();
}

TEST(SchedPriority, TieBreakDomainThenIndex) {
  Vcpu x(2, 0), y(1, 1), z(1, 0);
  const Params p = P(ServerKind::deferrable, ms(1), ms(10), 4);
  EXPECT_EQ(order("fp:global", {&x, &y, &z}, {p, p, p}), (std::vector<Vcpu*>{&z, &y, &x}));
  EXPECT_EQ(order("edf:partitioned", {&x, &y, &z}, {p, p, p}), (std::vector<Vcpu*>{&z, &y, &x}));
}

}  // namespace
}  // namespace sched::test
