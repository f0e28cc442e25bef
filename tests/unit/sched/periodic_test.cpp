// Purely time-driven periodic server (PTPS, §2.4.1 / §2.6): when the
// highest-priority server is idle with budget, its budget burns and the idle
// vCPU runs, even if a lower-priority server has work.
#include "sched_test_util.h"

namespace sched::test {
namespace {

// fp, one pCPU. V: periodic, prio 1, budget 4, period 10. L: deferrable,
// prio 2, budget 10, period 10, always runnable. Both added at 0.
//  0   V and L runnable: V runs; next = V exhaustion at 4
//  1   V sleeps with 3 left: V holds the pCPU, idle runs (L waits); next = 4
//  4   V's budget is gone: L runs; next = replenishments at 10
//  10  V (still asleep) gets 4 again and holds the pCPU: idle until 14
//  14  L runs again with its fresh 10 ms (it had 4 left at 10, refilled)
TEST(SchedPeriodic, BurnsBudgetAndRunsIdle) {
  Vcpu v(1, 0), l(2, 0);
  Harness h("fp:partitioned");
  h.add(v, P(ServerKind::periodic, ms(4), ms(10), 1));
  h.add(l, P(ServerKind::deferrable, ms(10), ms(10), 2));
  h.s->wake(v, 0);
  h.s->wake(l, 0);
  Decision d = h.decide(0, 0);
  EXPECT_EQ(d.next, &v);
  EXPECT_EQ(d.next_event, ms(4));
  EXPECT_EQ(h.s->sleep(v, ms(1)), 0u);
  d = h.decide(0, ms(1));
  EXPECT_EQ(d.next, nullptr);
  EXPECT_EQ(d.budget_holder, &v);
  EXPECT_EQ(d.next_event, ms(4));
  d = h.decide(0, ms(4));
  EXPECT_EQ(d.next, &l);
  EXPECT_EQ(d.budget_holder, nullptr);
  EXPECT_EQ(v.budget_left(), 0u);
  EXPECT_EQ(d.next_event, ms(10));
  d = h.decide(0, ms(10));
  EXPECT_EQ(d.next, nullptr);
  EXPECT_EQ(d.budget_holder, &v);
  EXPECT_EQ(d.next_event, ms(14));
  EXPECT_EQ(l.budget_left(), ms(10));
  d = h.decide(0, ms(14));
  EXPECT_EQ(d.next, &l);
  EXPECT_EQ(d.next_event, ms(20));
  EXPECT_EQ(h.s->vcpu_stats(v).consumed, ms(1));  // ran 1 ms, burned 8 ms
  EXPECT_EQ(h.s->vcpu_stats(v).burned, ms(8));
  EXPECT_EQ(h.s->vcpu_stats(l).consumed, ms(6));
}

// A PTPS that wakes while holding the pCPU runs at once on that pCPU.
TEST(SchedPeriodic, WakeWhileHoldingResumes) {
  Vcpu v(1, 0);
  Harness h("edf:global", 2);
  h.add(v, P(ServerKind::periodic, ms(4), ms(10)));
  Decision d = h.decide(1, 0);  // asleep, budget 4: holds pCPU 1
  EXPECT_EQ(d.budget_holder, &v);
  EXPECT_EQ(d.next_event, ms(4));
  EXPECT_EQ(h.s->wake(v, ms(1)), 1u);
  d = h.decide(1, ms(1));
  EXPECT_EQ(d.next, &v);
  EXPECT_EQ(d.next_event, ms(4));  // 3 ms left
  EXPECT_EQ(h.decide(0, ms(1)).next, nullptr);
}

}  // namespace
}  // namespace sched::test
