// Work-conserving periodic server (WCPS, §2.6 rules (1), (2), (3)(a)-(d),
// Figure 2.6) and capacity-reclaiming periodic server (CRPS, residual-
// capacity rule). fp, one pCPU, all vCPUs added at 0 and runnable at 0:
//   C_H: prio 0, budget 4, period 10 (the server under test)
//   L1:  deferrable, prio 1, budget 2, period 10
//   L2:  deferrable, prio 2, budget 5, period 10
#include "sched_test_util.h"

namespace sched::test {
namespace {

struct Trio {
  Vcpu ch{1, 0}, l1{2, 0}, l2{3, 0};
  Harness h{"fp:partitioned"};
  explicit Trio(ServerKind k) {
    h.add(ch, P(k, ms(4), ms(10), 0));
    h.add(l1, P(ServerKind::deferrable, ms(2), ms(10), 1));
    h.add(l2, P(ServerKind::deferrable, ms(5), ms(10), 2));
    h.s->wake(ch, 0);
    h.s->wake(l1, 0);
    h.s->wake(l2, 0);
  }
};

// Timeline for cases (a) and (d):
//  0  C_H runs. 1  C_H idles with 3 left: rule (1) C_L = L1, rule (2) both
//  burn; next = min(C_H out at 4, L1 out at 3) = 3.
//  2  (a) L1 has no more jobs (1 left): back to rule (1): C_L = L2;
//     C_H has 2 left: next = min(4, 2 + 5) = 4.
//  4  (d) C_H has no more budget: L2 stops being C_L; a new choice is made
//     (L2 again, now on its own budget, 5 - 2 = 3 left): next = 7.
TEST(SchedWcps, Figure26CasesAAndD) {
  Trio t(ServerKind::wcps);
  Harness& h = t.h;
  EXPECT_EQ(h.decide(0, 0).next, &t.ch);
  EXPECT_EQ(h.s->sleep(t.ch, ms(1)), 0u);
  Decision d = h.decide(0, ms(1));
  EXPECT_EQ(d.budget_holder, &t.ch);
  EXPECT_EQ(d.next, &t.l1);
  EXPECT_EQ(d.next_event, ms(3));
  EXPECT_EQ(h.s->sleep(t.l1, ms(2)), 0u);  // (a)
  d = h.decide(0, ms(2));
  EXPECT_EQ(t.l1.budget_left(), ms(1));
  EXPECT_EQ(t.ch.budget_left(), ms(2));
  EXPECT_EQ(d.budget_holder, &t.ch);
  EXPECT_EQ(d.next, &t.l2);
  EXPECT_EQ(d.next_event, ms(4));
  d = h.decide(0, ms(4));  // (d)
  EXPECT_EQ(t.ch.budget_left(), 0u);
  EXPECT_EQ(d.budget_holder, nullptr);
  EXPECT_EQ(d.next, &t.l2);
  EXPECT_EQ(t.l2.budget_left(), ms(3));
  EXPECT_EQ(d.next_event, ms(7));
}

// Timeline for cases (b) and (c):
//  1  C_H idles with 3 left, L1 is C_L; next = 3.
//  3  (b) L1 has no more budget: rule (1) again: C_L = L2; C_H has 1 left:
//     next = min(4, 8) = 4.
//  3.5 (c) jobs arrive in C_H, which has 0.5 left: the pCPU reschedules, L2
//     stops (its consumption stops at 4.5 left) and C_H runs until 4.
TEST(SchedWcps, Figure26CasesBAndC) {
  Trio t(ServerKind::wcps);
  Harness& h = t.h;
  h.decide(0, 0);
  h.s->sleep(t.ch, ms(1));
  h.decide(0, ms(1));
  Decision d = h.decide(0, ms(3));  // (b)
  EXPECT_EQ(t.l1.budget_left(), 0u);
  EXPECT_EQ(d.budget_holder, &t.ch);
  EXPECT_EQ(d.next, &t.l2);
  EXPECT_EQ(d.next_event, ms(4));
  EXPECT_EQ(h.s->wake(t.ch, us(3500)), 0u);  // (c)
  d = h.decide(0, us(3500));
  EXPECT_EQ(d.next, &t.ch);
  EXPECT_EQ(d.budget_holder, nullptr);
  EXPECT_EQ(d.next_event, ms(4));
  EXPECT_EQ(t.l2.budget_left(), us(4500));
  d = h.decide(0, ms(4));  // C_H exhausted: L2 runs again on its own budget
  EXPECT_EQ(d.next, &t.l2);
  EXPECT_EQ(t.l2.budget_left(), us(4500));  // L2 waited while C_H ran 3.5..4
  EXPECT_EQ(d.next_event, us(8500));
}

// CRPS residual-capacity rule: while C_H idles with budget, that budget is
// re-assigned to any other non-idle server, including a higher-priority one
// without budget, and only C_H's budget is consumed.
//   X: deferrable, prio 0, budget 1, period 10; C_H: CRPS prio 1 budget 4;
//   L: deferrable, prio 2, budget 5. All runnable at 0.
//  0  X runs, exhausted at 1.   1  C_H runs.   2  C_H idles with 3 left:
//  the highest-priority non-idle server is X (no budget): X runs on C_H's
//  budget; next = C_H's budget end at 5.   4  X blocks: L runs on C_H's
//  budget.  5  C_H's residual capacity ends: L runs on its own, untouched
//  5 ms; next = 10.
TEST(SchedCrps, ResidualCapacityGoesToAnyNonIdleServer) {
  Vcpu x(1, 0), ch(2, 0), l(3, 0);
  Harness h("fp:partitioned");
  h.add(x, P(ServerKind::deferrable, ms(1), ms(10), 0));
  h.add(ch, P(ServerKind::crps, ms(4), ms(10), 1));
  h.add(l, P(ServerKind::deferrable, ms(5), ms(10), 2));
  h.s->wake(x, 0);
  h.s->wake(ch, 0);
  h.s->wake(l, 0);
  EXPECT_EQ(h.decide(0, 0).next, &x);
  EXPECT_EQ(h.decide(0, ms(1)).next, &ch);
  h.s->sleep(ch, ms(2));
  Decision d = h.decide(0, ms(2));
  EXPECT_EQ(d.budget_holder, &ch);
  EXPECT_EQ(d.next, &x);
  EXPECT_EQ(d.next_event, ms(5));
  EXPECT_EQ(h.s->sleep(x, ms(4)), 0u);
  d = h.decide(0, ms(4));
  EXPECT_EQ(x.budget_left(), 0u);  // X's own budget was not touched
  EXPECT_EQ(ch.budget_left(), ms(1));
  EXPECT_EQ(d.budget_holder, &ch);
  EXPECT_EQ(d.next, &l);
  EXPECT_EQ(d.next_event, ms(5));
  d = h.decide(0, ms(5));
  EXPECT_EQ(d.budget_holder, nullptr);
  EXPECT_EQ(d.next, &l);
  EXPECT_EQ(l.budget_left(), ms(5));
  EXPECT_EQ(d.next_event, ms(10));
  EXPECT_EQ(h.s->vcpu_stats(x).consumed, ms(3));
  EXPECT_EQ(h.s->vcpu_stats(x).reclaimed, ms(2));
  EXPECT_EQ(h.s->vcpu_stats(l).reclaimed, ms(1));
}

// The same situation under WCPS: X has no budget, so rule (1) picks L.
TEST(SchedCrps, WcpsContrast) {
  Vcpu x(1, 0), ch(2, 0), l(3, 0);
  Harness h("fp:partitioned");
  h.add(x, P(ServerKind::deferrable, ms(1), ms(10), 0));
  h.add(ch, P(ServerKind::wcps, ms(4), ms(10), 1));
  h.add(l, P(ServerKind::deferrable, ms(5), ms(10), 2));
  h.s->wake(x, 0);
  h.s->wake(ch, 0);
  h.s->wake(l, 0);
  h.decide(0, 0);
  h.decide(0, ms(1));
  h.s->sleep(ch, ms(2));
  Decision d = h.decide(0, ms(2));
  EXPECT_EQ(d.budget_holder, &ch);
  EXPECT_EQ(d.next, &l);
  EXPECT_EQ(d.next_event, ms(5));  // min(C_H out at 5, L out at 7)
}

}  // namespace
}  // namespace sched::test

namespace sched::test {
namespace {

// WCPS under gEDF on two pCPUs. H: WCPS budget 4 period 10 (deadline 10),
// asleep; L1: deferrable 5/20 (deadline 20); L2: deferrable 5/30. At 0 pCPU 0
// finds H (idle, budget) above L1: H holds pCPU 0 and L1 runs as C_L; pCPU 1
// runs L2 (H is held, so it cannot also hold pCPU 1). Next event on pCPU 0:
// min(H out at 4, L1 out at 5) = 4.
// At 2 H wakes (rule (3)(c)): pCPU 0 is tickled and runs H; L1 (3 left) is
// re-queued by context_saved, which tickles pCPU 1 (L2, deadline 30 < L1's 20).
TEST(SchedWcps, GlobalHolderAndResume) {
  Vcpu h(1, 0), l1(2, 0), l2(3, 0);
  Harness hn("edf:global", 2);
  hn.add(h, P(ServerKind::wcps, ms(4), ms(10)));
  hn.add(l1, P(ServerKind::deferrable, ms(5), ms(20)));
  hn.add(l2, P(ServerKind::deferrable, ms(5), ms(30)));
  EXPECT_EQ(hn.s->wake(l1, 0), 0u);
  EXPECT_EQ(hn.s->wake(l2, 0), 1u);
  Decision d0 = hn.decide(0, 0);
  EXPECT_EQ(d0.budget_holder, &h);
  EXPECT_EQ(d0.next, &l1);
  EXPECT_EQ(d0.next_event, ms(4));
  Decision d1 = hn.decide(1, 0);
  EXPECT_EQ(d1.budget_holder, nullptr);
  EXPECT_EQ(d1.next, &l2);
  EXPECT_EQ(hn.s->wake(h, ms(2)), 0u);
  d0 = hn.decide(0, ms(2));
  EXPECT_EQ(d0.next, &h);
  EXPECT_EQ(d0.next_event, ms(4));  // H has 2 ms left
  EXPECT_EQ(l1.budget_left(), ms(3));
  EXPECT_EQ(hn.last_saved_tickle, 1u);
  EXPECT_EQ(hn.decide(1, ms(2)).next, &l1);
}

}  // namespace
}  // namespace sched::test
