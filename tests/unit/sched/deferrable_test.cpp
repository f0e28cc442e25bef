// Deferrable server (§2.4.1): keeps its budget while idle until its period
// ends; exact nanosecond accounting; exact next events.
#include "sched_test_util.h"

namespace sched::test {
namespace {

// V: deferrable, budget 4 ms, period 10 ms, alone on one pCPU, added at 0.
//  0   wake, runs; next event = exhaustion at 4
//  1   sleeps (used 1, 3 left, kept while idle); idle, no event pending
//  5   wakes, runs the 3 it kept; next event = 8
//  8   exhausted; idle until the replenishment at 10
//  10  full budget again; runs until 14
TEST(SchedDeferrable, KeepsBudgetWhileIdle) {
  Vcpu v(1, 0);
  Harness h("fp:partitioned");
  h.add(v, P(ServerKind::deferrable, ms(4), ms(10)));
  EXPECT_EQ(h.s->wake(v, 0), 0u);
  Decision d = h.decide(0, 0);
  EXPECT_EQ(d.next, &v);
  EXPECT_EQ(d.next_event, ms(4));
  EXPECT_EQ(h.s->sleep(v, ms(1)), 0u);
  d = h.decide(0, ms(1));
  EXPECT_EQ(d.next, nullptr);
  EXPECT_EQ(d.next_event, kNever);
  EXPECT_EQ(v.budget_left(), ms(3));
  EXPECT_EQ(h.s->wake(v, ms(5)), 0u);
  d = h.decide(0, ms(5));
  EXPECT_EQ(d.next, &v);
  EXPECT_EQ(d.next_event, ms(8));
  d = h.decide(0, ms(8));
  EXPECT_EQ(d.next, nullptr);
  EXPECT_EQ(d.next_event, ms(10));
  EXPECT_EQ(v.budget_left(), 0u);
  d = h.decide(0, ms(10));
  EXPECT_EQ(d.next, &v);
  EXPECT_EQ(d.next_event, ms(14));
  const VcpuStats st = h.s->vcpu_stats(v);
  EXPECT_EQ(st.consumed, ms(1) + ms(3));
  EXPECT_EQ(st.exhaustions, 1u);
  h.decide(0, ms(10) + 1);
}

// Short runs consume exactly what they used: 37 ns, then 1 ns.
TEST(SchedDeferrable, ShortRunsConsumeExactly) {
  Vcpu v(1, 0);
  Harness h("edf:global");
  h.add(v, P(ServerKind::deferrable, ms(1), ms(10)));
  h.s->wake(v, 100);
  EXPECT_EQ(h.decide(0, 100).next, &v);
  h.s->sleep(v, 137);
  h.decide(0, 137);
  EXPECT_EQ(v.budget_left(), ms(1) - 37);
  h.s->wake(v, 200);
  h.decide(0, 200);
  EXPECT_EQ(h.decide(0, 201).next, &v);  // a decision 1 ns later charges 1 ns
  EXPECT_EQ(v.budget_left(), ms(1) - 38);
  EXPECT_EQ(h.s->vcpu_stats(v).consumed, 38u);
}

// A sleeping deferrable server is caught up lazily: waking two and a half
// periods later gives a full budget and the deadline of the current period.
TEST(SchedDeferrable, CatchesUpPeriodsOnWake) {
  Vcpu v(1, 0);
  Harness h("edf:partitioned");
  h.add(v, P(ServerKind::deferrable, ms(2), ms(10)));
  h.s->wake(v, 0);
  h.decide(0, 0);
  h.s->sleep(v, ms(2));  // exhausted exactly
  h.decide(0, ms(2));
  EXPECT_EQ(v.budget_left(), 0u);
  h.s->wake(v, ms(25));
  EXPECT_EQ(v.budget_left(), ms(2));
  EXPECT_EQ(v.state.deadline, ms(30));
  Decision d = h.decide(0, ms(25));
  EXPECT_EQ(d.next, &v);
  EXPECT_EQ(d.next_event, ms(27));
}

}  // namespace
}  // namespace sched::test
