// Real-time vs non-real-time classes (§4.2.1): every rt vCPU outranks every
// non-rt one; non-rt vCPUs share the leftover time round robin with the
// documented quantum (SchedulerOptions::nonrt_quantum, 1 ms by default) and
// their budgets are not enforced. Also the optional fixed-quantum mode.
#include "sched_test_util.h"

namespace sched::test {
namespace {

// One pCPU, gEDF. R: rt, budget 2, period 10. N1, N2: non-rt (added first).
//  0 R runs (next = 2). 2 R exhausted: N1 (FIFO head), slice to 3.
//  3 N1's slice is over: N2 until 4. 4 N1. 5 N2 ... 10 R replenished: R.
TEST(SchedClasses, RtFirstThenRoundRobin) {
  Vcpu n1(5, 0), n2(6, 0), r(7, 0);
  Harness h("edf:global");
  h.add(n1, P(ServerKind::deferrable, ms(1), ms(10), 0, CpuMask::all(), false));
  h.add(n2, P(ServerKind::deferrable, ms(1), ms(10), 0, CpuMask::all(), false));
  h.add(r, P(ServerKind::deferrable, ms(2), ms(10)));
  h.s->wake(n1, 0);
  h.s->wake(n2, 0);
  h.s->wake(r, 0);
  Decision d = h.decide(0, 0);
  EXPECT_EQ(d.next, &r);
  EXPECT_EQ(d.next_event, ms(2));
  Vcpu* expect[] = {&n1, &n2, &n1, &n2, &n1, &n2, &n1, &n2};
  for (int i = 0; i < 8; ++i) {
    d = h.decide(0, ms(2 + i));
    EXPECT_EQ(d.next, expect[i]) << "at " << 2 + i << " ms";
    EXPECT_EQ(d.next_event, ms(3 + i));
  }
  d = h.decide(0, ms(10));
  EXPECT_EQ(d.next, &r);
  EXPECT_EQ(h.s->vcpu_stats(n1).consumed, ms(4));  // 4 ms though its budget is 1 ms
  EXPECT_EQ(h.s->vcpu_stats(n1).reclaimed, ms(4));
}

// A non-rt vCPU preempted in the middle of its slice keeps only what was
// left of it. Thesis Table 4.2 with five non-rt vCPUs: R (4 ms / 10 ms)
// leaves 6 ms per period, six 1 ms slices for five vCPUs. Each decision
// is taken 10 us after the event asked for (as a hypervisor's timer
// interrupt is late), so R's release always falls inside a slice. Over one
// second every non-rt vCPU must get 60/5 = 12% (+-0.5%); when a preempted
// vCPU got a fresh slice each period it got 2 ms of every 10 instead.
TEST(SchedClasses, PreemptedNonRtKeepsOnlyTheRestOfItsSlice) {
  Vcpu r(1, 0), n[5] = {{2, 0}, {3, 0}, {4, 0}, {5, 0}, {6, 0}};
  Harness h("edf:global");
  h.add(r, P(ServerKind::deferrable, ms(4), ms(10)));
  for (Vcpu& v : n) h.add(v, P(ServerKind::deferrable, ms(1), ms(10), 0, CpuMask::all(), false));
  h.s->wake(r, 0);
  for (Vcpu& v : n) h.s->wake(v, 0);
  Time t = 0;
  while (t < sec(1)) {
    Decision d = h.decide(0, t);
    t = (d.next_event == kNever ? t + ms(1) : d.next_event) + us(10);
  }
  (void)h.decide(0, t);
  EXPECT_NEAR(static_cast<double>(h.s->vcpu_stats(r).consumed) / static_cast<double>(t), 0.40,
              0.005);
  for (Vcpu& v : n)
    EXPECT_NEAR(static_cast<double>(h.s->vcpu_stats(v).consumed) / static_cast<double>(t), 0.12,
                0.005)
        << "vCPU of domain " << v.domain_id();
}

// A waking rt vCPU tickles the pCPU whose non-rt vCPU is last in round-robin
// order; a waking non-rt vCPU never preempts rt work.
TEST(SchedClasses, RtWakePreemptsNonRt) {
  Vcpu n1(5, 0), n2(6, 0), r(7, 0), n3(8, 0);
  Harness h("edf:global", 2);
  h.add(n1, P(ServerKind::deferrable, ms(1), ms(10), 0, CpuMask::all(), false));
  h.add(n2, P(ServerKind::deferrable, ms(1), ms(10), 0, CpuMask::all(), false));
  h.add(r, P(ServerKind::deferrable, ms(2), ms(10)));
  h.add(n3, P(ServerKind::deferrable, ms(1), ms(10), 0, CpuMask::all(), false));
  h.s->wake(n1, 0);
  h.s->wake(n2, 0);
  EXPECT_EQ(h.decide(0, 0).next, &n1);
  EXPECT_EQ(h.decide(1, 0).next, &n2);
  EXPECT_EQ(h.s->wake(r, us(500)), 1u);  // n2 is behind n1 in round-robin order
  EXPECT_EQ(h.decide(1, us(500)).next, &r);
  EXPECT_EQ(h.s->wake(n3, us(600)), kNoCpu);
}

// Fixed-quantum mode: decisions at least every quantum, accounting exact.
TEST(SchedClasses, FixedQuantumMode) {
  Vcpu v(1, 0);
  SchedulerOptions o;
  o.quantum = ms(1);
  Harness h("fp:partitioned", 1, o);
  h.add(v, P(ServerKind::deferrable, ms(4), ms(10)));
  h.s->wake(v, 0);
  EXPECT_EQ(h.decide(0, 0).next_event, ms(1));
  EXPECT_EQ(h.decide(0, ms(1)).next_event, ms(2));
  h.s->sleep(v, us(2300));
  Decision d = h.decide(0, us(2300));
  EXPECT_EQ(d.next, nullptr);
  EXPECT_EQ(d.next_event, us(3300));
  EXPECT_EQ(v.budget_left(), us(1700));
}

}  // namespace
}  // namespace sched::test
