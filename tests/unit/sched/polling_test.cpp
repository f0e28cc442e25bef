// Polling server (§2.4.1): discards its remaining budget as soon as it has
// nothing to run.
#include "sched_test_util.h"

namespace sched::test {
namespace {

// V: polling, budget 4, period 10, added at 0 while asleep.
//  0   idle at its release: budget discarded (0)
//  2   wakes: no budget, not scheduled, no tickle
//  10  replenished while runnable: runs, next = 14
//  11  sleeps: the remaining 3 ms are discarded
//  12  wakes: nothing to run with until 20; pCPU 0 (idle, armed nothing) is
//      named so that it arms that replenishment
//  20  runs
// The same sequence with a deferrable server would run at 12 for 3 ms.
TEST(SchedPolling, DiscardsBudgetWhenIdle) {
  Vcpu v(1, 0);
  Harness h("rm:partitioned");
  h.add(v, P(ServerKind::polling, ms(4), ms(10)));
  EXPECT_EQ(v.budget_left(), 0u);
  EXPECT_EQ(h.s->wake(v, ms(2)), kNoCpu);
  Decision d = h.decide(0, ms(2));
  EXPECT_EQ(d.next, nullptr);
  EXPECT_EQ(d.next_event, ms(10));
  d = h.decide(0, ms(10));
  EXPECT_EQ(d.next, &v);
  EXPECT_EQ(d.next_event, ms(14));
  EXPECT_EQ(h.s->sleep(v, ms(11)), 0u);
  h.decide(0, ms(11));
  EXPECT_EQ(v.budget_left(), 0u);
  EXPECT_EQ(h.s->wake(v, ms(12)), 0u);
  d = h.decide(0, ms(12));
  EXPECT_EQ(d.next, nullptr);
  EXPECT_EQ(d.next_event, ms(20));
  EXPECT_EQ(h.decide(0, ms(20)).next, &v);
  EXPECT_EQ(h.s->vcpu_stats(v).consumed, ms(1));
}

TEST(SchedPolling, DeferrableContrast) {
  Vcpu v(1, 0);
  Harness h("rm:partitioned");
  h.add(v, P(ServerKind::deferrable, ms(4), ms(10)));
  h.s->wake(v, ms(10));
  h.decide(0, ms(10));
  h.s->sleep(v, ms(11));
  h.decide(0, ms(11));
  EXPECT_EQ(h.s->wake(v, ms(12)), 0u);
  Decision d = h.decide(0, ms(12));
  EXPECT_EQ(d.next, &v);
  EXPECT_EQ(d.next_event, ms(15));
}

}  // namespace
}  // namespace sched::test
