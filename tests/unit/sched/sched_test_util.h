// Test helpers for the scheduler core: a scheduler in local storage with a
// no-op lock, and a tiny per-pCPU driver that calls context_saved after
// every switch like the hypervisor loop does; settle() serves every pCPU
// the scheduler named and checks Scheduler::audit. Single-threaded.
#pragma once

#include <gtest/gtest.h>

#include "sched/pool.h"
#include "sched/registry.h"
#include "sched/scheduler.h"

namespace sched::test {

inline Params P(ServerKind k, Time budget, Time period, std::uint32_t prio = 128,
                CpuMask mask = CpuMask::all(), bool rt = true) {
  Params p;
  p.server = k;
  p.budget = budget;
  p.period = period;
  p.priority = prio;
  p.cpu_mask = mask;
  p.rt = rt;
  return p;
}

class Harness {
 public:
  explicit Harness(const char* policy, int cpus = 1, SchedulerOptions opt = {}) {
    auto r = create_scheduler(policy, storage_, lock_, opt);
    EXPECT_TRUE(r.ok()) << r.error().reason;
    s = *r;
    for (int c = 0; c < cpus; ++c) EXPECT_TRUE(s->add_pcpu(static_cast<CpuId>(c), 0).ok());
  }
  ~Harness() {
    for (CpuId c = 0; c < kMaxCpus; ++c)
      if (Vcpu* v = cur_[c]) (void)s->context_saved(*v, c, 0);
    destroy_scheduler(s);
  }
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  void add(Vcpu& v, const Params& p, Time now = 0) {
    CpuMask resched;
    auto st = s->add_vcpu(v, p, now, &resched);
    ASSERT_TRUE(st.ok()) << st.reason();
    named = named | resched;
    added_[n_added_++] = &v;
  }
  // One decision on `cpu` at `now`, then context_saved for the vCPU it
  // switched away from (as the hypervisor does after the switch).
  Decision decide(CpuId cpu, Time now) {
    Decision d = s->do_schedule(cpu, now);
    Vcpu* prev = cur_[cpu];
    cur_[cpu] = d.next;
    armed_[cpu] = d.next_event;
    named = named | d.tickle;
    named.clear(cpu);
    last_saved_tickle = kNoCpu;
    if (prev != nullptr && prev != d.next) last_saved_tickle = s->context_saved(*prev, cpu, now);
    name(last_saved_tickle);
    return d;
  }
  // Records a pCPU the scheduler named (wake/sleep/... return values).
  CpuId name(CpuId c) {
    if (c != kNoCpu) named.set(c);
    return c;
  }
  // The hypervisor loop at `now`: every named pCPU and every pCPU whose
  // event is due decides (context_saved after each switch) until none is
  // left; then Scheduler::audit must hold (nullptr) — its message otherwise.
  const char* settle(Time now) {
    for (int rounds = 0; rounds < 1000; ++rounds) {
      CpuId c = kNoCpu;
      const CpuMask cpus = s->pcpus();
      for (CpuId k = cpus.first(); k != kNoCpu && c == kNoCpu; k = cpus.next(k))
        if (named.test(k) || armed_[k] <= now) c = k;
      if (c == kNoCpu) return s->audit(now, armed_);
      decide(c, now);
    }
    return "pCPUs keep being named within one instant";
  }
  CpuMask named;  // pCPUs named by the scheduler that have not decided since
  // do_schedule without the context_saved (the caller calls it later).
  Decision decide_deferred(CpuId cpu, Time now, Vcpu** prev) {
    Decision d = s->do_schedule(cpu, now);
    *prev = cur_[cpu];
    cur_[cpu] = d.next;
    return d;
  }
  Vcpu* running(CpuId cpu) const { return cur_[cpu]; }
  void remove_all() {
    for (int i = 0; i < n_added_; ++i) (void)s->remove_vcpu(*added_[i], 0);
  }

  Scheduler* s = nullptr;
  CpuId last_saved_tickle = kNoCpu;

 private:
  NoLockAdapter lock_;
  SchedulerStorage storage_;
  Vcpu* cur_[kMaxCpus] = {};
  Time armed_[kMaxCpus] = {};  // next_event of each pCPU's last decision (0: must decide)
  Vcpu* added_[64] = {};
  int n_added_ = 0;
};

}  // namespace sched::test
