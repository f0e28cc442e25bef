// Sporadic server, corrected per Stanovich et al. (RTAS 2010): split
// replenishments (no premature replenishment) and a bounded list that merges.
#include "sched_test_util.h"

namespace sched::test {
namespace {

// fp, one pCPU. H: deferrable, prio 0, budget 5, period 20. S: sporadic,
// prio 1, budget 4, period 10. Both added at 0.
//  0   S wakes (activation 0) and runs; next = exhaustion at 4
//  1   S sleeps after 1 ms: replenishment {10: 1} posted; 3 left
//  5   S wakes (activation 5, 3 available), H wakes: H runs to exhaustion at 10
//  10  H sleeps; the 1 ms chunk returns to S while S is active (4 available);
//      S runs; next = 14
//  14  S exhausted. It consumed 3 ms of capacity available since 0 and 1 ms
//      that only became available at 10. Corrected rule: replenish each
//      piece at max(activation, available-at) + period:
//        3 ms at max(5, 0) + 10 = 15, 1 ms at max(5, 10) + 10 = 20.
//      The POSIX rule uses the activation time for everything: 4 ms at 15,
//      which hands back the 1 ms chunk received at 10 only 5 ms later
//      (premature replenishment).
//  15  3 ms available: S runs to 18   (POSIX: 4 ms, to 19)
//  18  exhausted; 3 ms posted at 15 + 10 = 25; next event = 20
//  20  1 ms available: S runs to 21
TEST(SchedSporadic, SplitReplenishmentAvoidsPrematureReplenishment) {
  Vcpu hi(1, 0), s(2, 0);
  Harness h("fp:partitioned");
  h.add(hi, P(ServerKind::deferrable, ms(5), ms(20), 0));
  h.add(s, P(ServerKind::sporadic, ms(4), ms(10), 1));
  h.s->wake(s, 0);
  Decision d = h.decide(0, 0);
  EXPECT_EQ(d.next, &s);
  EXPECT_EQ(d.next_event, ms(4));
  h.s->sleep(s, ms(1));
  d = h.decide(0, ms(1));
  EXPECT_EQ(d.next, nullptr);
  ASSERT_EQ(s.state.repl_count, 2);  // available {0: 3} and pending {10: 1}
  EXPECT_EQ(s.state.repl[1].at, ms(10));
  EXPECT_EQ(s.state.repl[1].amount, ms(1));
  EXPECT_EQ(s.budget_left(), ms(3));

  h.s->wake(s, ms(5));
  h.s->wake(hi, ms(5));
  d = h.decide(0, ms(5));
  EXPECT_EQ(d.next, &hi);
  EXPECT_EQ(d.next_event, ms(10));
  h.s->sleep(hi, ms(10));
  d = h.decide(0, ms(10));
  EXPECT_EQ(d.next, &s);
  EXPECT_EQ(s.budget_left(), ms(4));
  EXPECT_EQ(s.state.activation, ms(5));  // still active since 5
  EXPECT_EQ(d.next_event, ms(14));

  d = h.decide(0, ms(14));
  EXPECT_EQ(d.next, nullptr);
  ASSERT_EQ(s.state.repl_count, 2);
  EXPECT_EQ(s.state.repl[0].at, ms(15));
  EXPECT_EQ(s.state.repl[0].amount, ms(3));
  EXPECT_EQ(s.state.repl[1].at, ms(20));
  EXPECT_EQ(s.state.repl[1].amount, ms(1));
  EXPECT_EQ(d.next_event, ms(15));

  d = h.decide(0, ms(15));
  EXPECT_EQ(d.next, &s);
  EXPECT_EQ(d.next_event, ms(18));
  d = h.decide(0, ms(18));
  EXPECT_EQ(d.next, nullptr);
  EXPECT_EQ(d.next_event, ms(20));  // S's 1 ms chunk (H sleeps: no timer)
  d = h.decide(0, ms(20));
  EXPECT_EQ(d.next, &s);
  EXPECT_EQ(d.next_event, ms(21));
  EXPECT_EQ(h.s->vcpu_stats(s).consumed, ms(1) + ms(4) + ms(3));
}

// Many short bursts: the list never exceeds kMaxReplenishments; when full a
// new replenishment merges into the latest one (capacity is conserved).
TEST(SchedSporadic, BoundedListMerges) {
  Vcpu s(1, 0);
  Harness h("fp:partitioned");
  h.add(s, P(ServerKind::sporadic, ms(4), ms(10), 1));
  for (int i = 0; i < 12; ++i) {
    const Time t = us(100) * static_cast<Time>(i) * 5;  // 0, 0.5, 1.0, ... ms
    h.s->wake(s, t);
    h.decide(0, t);
    h.s->sleep(s, t + us(100));  // 0.1 ms per burst
    h.decide(0, t + us(100));
    EXPECT_LE(s.state.repl_count, kMaxReplenishments);
  }
  Time total = 0;
  for (int i = 0; i < s.state.repl_count; ++i) total += s.state.repl[i].amount;
  EXPECT_EQ(total, ms(4));  // available + pending = the budget
  EXPECT_EQ(s.budget_left(), ms(4) - us(1200));
  // Burst i posts 0.1 ms at 10 + 0.5 i ms. Entry 0 is the available chunk,
  // entries 1..7 bursts 0..6; bursts 7..11 merge into entry 7 (burst 6's),
  // which moves to the latest time 10 + 5.5 = 15.5 ms and holds 0.6 ms.
  ASSERT_EQ(s.state.repl_count, kMaxReplenishments);
  EXPECT_EQ(s.state.repl[kMaxReplenishments - 1].at, us(15500));
  EXPECT_EQ(s.state.repl[kMaxReplenishments - 1].amount, us(600));
}

}  // namespace
}  // namespace sched::test
