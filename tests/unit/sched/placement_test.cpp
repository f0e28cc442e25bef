// Global placement (shared run queue, cpu masks, context_saved re-queue,
// wake-up tickling, previous-pCPU heuristic) and partitioned placement.
#include "sched_test_util.h"

namespace sched::test {
namespace {

// gEDF on pCPUs 0 and 1, all added at 0:
//   V1: budget 5, period 10, mask {0};  V2: budget 5, period 20, any pCPU;
//   V3: budget 5, period 15, mask {0}.
// wake V1 -> pCPU 0 (idle); V2 -> pCPU 1 (0 already tickled); V3 -> none.
// At 0 pCPU 0 runs V1 (deadline 10); pCPU 1 must skip V3 (deadline 15,
// masked to 0) and runs V2 (deadline 20).
// At 5 V1 is exhausted: pCPU 0 runs V3; V1 is not re-queued until
// context_saved, then lands in the depleted section. pCPU 1: V2 exhausted,
// nothing eligible: idle until the first replenishment at 10.
TEST(SchedGlobal, EdfWithCpuMasks) {
  Vcpu v1(1, 0), v2(2, 0), v3(3, 0);
  Harness h("edf:global", 2);
  h.add(v1, P(ServerKind::deferrable, ms(5), ms(10), 0, CpuMask::single(0)));
  h.add(v2, P(ServerKind::deferrable, ms(5), ms(20)));
  h.add(v3, P(ServerKind::deferrable, ms(5), ms(15), 0, CpuMask::single(0)));
  EXPECT_EQ(h.s->wake(v1, 0), 0u);
  EXPECT_EQ(h.s->wake(v2, 0), 1u);
  EXPECT_EQ(h.s->wake(v3, 0), kNoCpu);
  Decision d0 = h.decide(0, 0);
  EXPECT_EQ(d0.next, &v1);
  EXPECT_EQ(d0.next_event, ms(5));
  Decision d1 = h.decide(1, 0);
  EXPECT_EQ(d1.next, &v2);
  EXPECT_EQ(d1.next_event, ms(5));

  Vcpu* prev = nullptr;
  d0 = h.decide_deferred(0, ms(5), &prev);
  EXPECT_EQ(prev, &v1);
  EXPECT_EQ(d0.next, &v3);
  EXPECT_TRUE(v1.state.save_pending);
  EXPECT_EQ(v1.state.queue, detail::Queue::none);
  EXPECT_EQ(h.s->context_saved(v1, 0, ms(5)), kNoCpu);
  EXPECT_EQ(v1.state.queue, detail::Queue::depleted);
  EXPECT_EQ(d0.next_event, ms(10));
  d1 = h.decide(1, ms(5));
  EXPECT_EQ(d1.next, nullptr);
  EXPECT_EQ(d1.next_event, ms(10));
  h.decide(0, ms(6));
  h.decide(1, ms(6));
}

// A replenishment applied by a wake before any pCPU's decision still
// reaches every pCPU that must act (global placement).
//   A: budget 2, period 10; B: budget 5, period 10; C: budget 1, period 20;
//   all any pCPU, added at 0. At 0 pCPU 0 runs A, pCPU 1 runs B.
//   At 2 A is exhausted (depleted); pCPU 0 arms 10 (A's and B's
//   replenishment). At 5 B is exhausted; pCPU 1 arms 10 as well.
//   At 10, before any decision, C wakes: that call applies A's and B's
//   replenishments (both ready again, deadline 20) and finds pCPU 0 for A
//   and pCPU 1 for B (both idle, their previous pCPUs); C (deadline 20,
//   larger domain id) finds both pCPUs tickled. The wake returns pCPU 0;
//   its decision runs A and names pCPU 1 in Decision::tickle; pCPU 1 runs B.
TEST(SchedGlobal, TimerAppliedByWakeTicklesEveryPcpuThatMustAct) {
  Vcpu a(1, 0), b(2, 0), c(3, 0);
  Harness h("edf:global", 2);
  h.add(a, P(ServerKind::deferrable, ms(2), ms(10)));
  h.add(b, P(ServerKind::deferrable, ms(5), ms(10)));
  h.add(c, P(ServerKind::deferrable, ms(1), ms(20)));
  h.s->wake(a, 0);
  h.s->wake(b, 0);
  EXPECT_EQ(h.decide(0, 0).next, &a);
  EXPECT_EQ(h.decide(1, 0).next, &b);
  Decision d0 = h.decide(0, ms(2));
  EXPECT_EQ(d0.next, nullptr);
  EXPECT_EQ(d0.next_event, ms(10));
  Decision d1 = h.decide(1, ms(5));
  EXPECT_EQ(d1.next, nullptr);
  EXPECT_EQ(d1.next_event, ms(10));  // every pCPU arms the shared queue's head
  // The wake applies both replenishments (a and b become ready): it names
  // one pCPU that must decide, and that decision names the other.
  EXPECT_EQ(h.s->wake(c, ms(10)), 0u);
  d0 = h.decide(0, ms(10));
  EXPECT_EQ(d0.next, &a);
  EXPECT_EQ(d0.tickle, CpuMask::single(1));
  d1 = h.decide(1, ms(10));
  EXPECT_EQ(d1.next, &b);
}

// Wake-up tickles the pCPU running the lowest-priority vCPU, and only if it
// is lower than the woken one; context_saved re-queues and tickles.
//   A: budget 10, period 20; B: budget 10, period 15 (both any pCPU).
//   At 0 pCPU 0 takes B (deadline 15), pCPU 1 takes A (deadline 20).
//   At 2 C (budget 2, period 8, deadline 10) wakes: lowest running is A on
//   pCPU 1 -> tickle 1. pCPU 1 switches to C; A's context_saved finds no
//   pCPU running anything below A (deadlines 15 and 10): no tickle.
//   D (period 30 from its add time 0: deadline 30) wakes at 2: everything running is higher: no
//   tickle.
TEST(SchedGlobal, TickleLowestAndContextSaved) {
  Vcpu a(1, 0), b(2, 0), c(3, 0), dd(4, 0);
  Harness h("edf:global", 2);
  h.add(a, P(ServerKind::deferrable, ms(10), ms(20)));
  h.add(b, P(ServerKind::deferrable, ms(10), ms(15)));
  h.add(c, P(ServerKind::deferrable, ms(2), ms(8)));
  h.add(dd, P(ServerKind::deferrable, ms(2), ms(30)));
  h.s->wake(a, 0);
  h.s->wake(b, 0);
  EXPECT_EQ(h.decide(0, 0).next, &b);
  EXPECT_EQ(h.decide(1, 0).next, &a);
  EXPECT_EQ(h.s->wake(c, ms(2)), 1u);  // period from its add time 0: deadline 8
  EXPECT_EQ(c.state.deadline, ms(8));
  Vcpu* prev = nullptr;
  Decision d = h.decide_deferred(1, ms(2), &prev);
  EXPECT_EQ(d.next, &c);
  EXPECT_EQ(prev, &a);
  EXPECT_EQ(h.s->context_saved(a, 1, ms(2)), kNoCpu);
  EXPECT_EQ(a.state.queue, detail::Queue::ready);
  EXPECT_EQ(h.s->wake(dd, ms(2)), kNoCpu);
  EXPECT_EQ(h.s->stats().context_switches, 3u);
}

TEST(SchedGlobal, TickleTargetsLowerPriorityOnly) {
  Vcpu a(1, 0), b(2, 0);
  Harness h("edf:global", 1);
  h.add(a, P(ServerKind::deferrable, ms(5), ms(10)));
  h.add(b, P(ServerKind::deferrable, ms(5), ms(20)));
  EXPECT_EQ(h.s->wake(a, 0), 0u);
  h.decide(0, 0);
  EXPECT_EQ(h.s->wake(b, ms(1)), kNoCpu);  // deadline 20 below running 10
  h.s->sleep(a, ms(2));
  EXPECT_EQ(h.decide(0, ms(2)).next, &b);
  EXPECT_EQ(h.s->wake(a, ms(3)), 0u);  // deadline 10 above running 20
}

// Previous-pCPU heuristic: with both pCPUs idle, V goes back to pCPU 1.
TEST(SchedGlobal, PreviousCpuFirst) {
  Vcpu v(1, 0);
  Harness h("edf:global", 2);
  h.add(v, P(ServerKind::deferrable, ms(5), ms(10)));
  EXPECT_EQ(h.s->wake(v, 0), 0u);      // no previous pCPU: lowest idle
  EXPECT_EQ(h.decide(1, 0).next, &v);  // pCPU 1 got there first
  EXPECT_EQ(h.decide(0, 0).next, nullptr);
  h.s->sleep(v, ms(1));
  h.decide(1, ms(1));
  EXPECT_EQ(h.s->wake(v, ms(2)), 1u);
  EXPECT_EQ(h.s->pick_cpu(v), 0u);  // pCPU 1 already tickled: 0 is the idle one left
  EXPECT_EQ(h.decide(1, ms(2)).next, &v);
  EXPECT_EQ(h.s->vcpu_stats(v).migrations, 0u);
}

// pEDF: each vCPU lives on the lowest pCPU of its mask; pCPUs never take
// work from each other.
TEST(SchedPartitioned, EdfPerCpuQueues) {
  Vcpu v1(1, 0), v2(2, 0), v3(3, 0);
  Harness h("edf:partitioned", 2);
  h.add(v1, P(ServerKind::deferrable, ms(2), ms(10), 0, CpuMask::single(0)));
  h.add(v2, P(ServerKind::deferrable, ms(2), ms(10), 0, CpuMask::single(1)));
  h.add(v3, P(ServerKind::deferrable, ms(2), ms(12), 0, CpuMask::range(0, 1)));
  EXPECT_EQ(h.s->pick_cpu(v3), 0u);
  EXPECT_EQ(h.s->wake(v1, 0), 0u);
  EXPECT_EQ(h.s->wake(v2, 0), 1u);
  EXPECT_EQ(h.s->wake(v3, 0), kNoCpu);  // its pCPU 0 is already tickled
  EXPECT_EQ(h.decide(0, 0).next, &v1);  // deadline 10 before 12
  Decision d1 = h.decide(1, 0);
  EXPECT_EQ(d1.next, &v2);
  EXPECT_EQ(d1.next_event, ms(2));
  d1 = h.decide(1, ms(2));
  EXPECT_EQ(d1.next, nullptr);  // v3 waits on pCPU 0 although pCPU 1 idles
  EXPECT_EQ(d1.next_event, ms(10));
  Decision d0 = h.decide(0, ms(2));
  EXPECT_EQ(d0.next, &v3);
  EXPECT_EQ(d0.next_event, ms(4));
  EXPECT_FALSE(v1.state.save_pending);  // partitioned: re-queued at once
  EXPECT_EQ(v1.state.queue, detail::Queue::depleted);
}

// Removing a pCPU re-homes its partitioned vCPUs and clears it from masks;
// a vCPU pinned only there makes the removal fail unchanged.
TEST(SchedPartitioned, RemovePcpuRehomes) {
  Vcpu v(1, 0), w(2, 0);
  Harness h("fp:partitioned", 3);
  h.add(v, P(ServerKind::deferrable, ms(2), ms(10), 1, CpuMask::range(1, 2)));
  h.add(w, P(ServerKind::deferrable, ms(2), ms(10), 1, CpuMask::single(1)));
  EXPECT_EQ(h.s->remove_pcpu(1, 0).code(), support::Errc::busy);
  EXPECT_TRUE(h.s->pcpus().test(1));
  ASSERT_TRUE(h.s->remove_vcpu(w, 0).ok());
  h.s->wake(v, 0);
  EXPECT_EQ(h.decide(1, 0).next, &v);
  ASSERT_TRUE(h.s->remove_pcpu(1, ms(1)).ok());
  EXPECT_TRUE(v.state.save_pending);  // was current on pCPU 1
  EXPECT_EQ(v.params().cpu_mask, CpuMask::single(2));
  EXPECT_EQ(h.s->context_saved(v, 1, ms(1)), 2u);
  Decision d = h.s->do_schedule(2, ms(1));
  EXPECT_EQ(d.next, &v);
  EXPECT_EQ(d.next_event, ms(2));  // 1 ms of budget left
  (void)h.s->sleep(v, ms(1));
  (void)h.s->do_schedule(2, ms(1));
}

}  // namespace
}  // namespace sched::test

namespace sched::test {
namespace {

// Issue 11. Three pCPUs, global EDF, deferrable 2/10, 2/10, 1/10. pCPU 2
// decides at 0 while nothing is queued (it arms nothing); V1 and V2 run on
// pCPUs 0 and 1 and exhaust at 2 (runnable, depleted). At 10 V3 wakes: the
// wake applies V1's and V2's replenishments (they become ready) before any
// pCPU has decided at 10. Three vCPUs are ready, but only pCPUs 0 and 1
// would have decided (their timers); the wake must name every pCPU that
// has to act, so pCPU 2 runs the third one and nothing waits while a pCPU
// idles. The audit holds at every settled instant.
TEST(SchedGlobal, ReplenishmentsAppliedByAWakeNameEveryPcpuThatMustAct) {
  Vcpu v1(1, 0), v2(2, 0), v3(3, 0);
  Harness h("edf:global", 3);
  h.add(v1, P(ServerKind::deferrable, ms(2), ms(10)));
  h.add(v2, P(ServerKind::deferrable, ms(2), ms(10)));
  h.add(v3, P(ServerKind::deferrable, ms(1), ms(10)));
  EXPECT_EQ(h.decide(2, 0).next_event, kNever);
  h.name(h.s->wake(v1, 0));
  h.name(h.s->wake(v2, 0));
  EXPECT_EQ(h.settle(0), nullptr);
  EXPECT_EQ(v1.state.cpu != kNoCpu && v2.state.cpu != kNoCpu, true);
  EXPECT_EQ(h.settle(ms(2)), nullptr);  // both exhausted: pCPUs idle, armed at 10
  EXPECT_EQ(h.running(0), nullptr);
  EXPECT_EQ(h.running(1), nullptr);
  h.name(h.s->wake(v3, ms(10)));
  EXPECT_EQ(h.settle(ms(10)), nullptr);
  int running = 0;
  for (CpuId c = 0; c < 3; ++c) running += h.running(c) != nullptr;
  EXPECT_EQ(running, 3);
}

// Two periodic servers arrive (asleep, with budget: each should hold a
// pCPU and burn it) at two idle pCPUs that have decided and armed nothing:
// the calls name the pCPUs that must act and both servers hold one (thesis
// §2.6: a PTPS budget is lost when idle). When two such names collide, the
// named pCPU's decision names another for the one it passed over
// (tickle_waiting; the fuzzer's exact_periodic_servers seed fails without it).
TEST(SchedGlobal, ArrivingPeriodicServersEachHoldAPcpu) {
  Vcpu a(1, 0), b(2, 0);
  Harness h("edf:global", 2);
  EXPECT_EQ(h.settle(0), nullptr);  // both decide once, nothing to run or arm
  h.add(a, P(ServerKind::periodic, ms(5), ms(10)), ms(1));
  h.add(b, P(ServerKind::periodic, ms(5), ms(10)), ms(1));
  EXPECT_EQ(h.settle(ms(1)), nullptr);
  EXPECT_TRUE(a.state.holds_cpu);
  EXPECT_TRUE(b.state.holds_cpu);
  EXPECT_NE(a.state.cpu, b.state.cpu);
}

}  // namespace
}  // namespace sched::test
