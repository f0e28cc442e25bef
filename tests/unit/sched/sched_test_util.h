// Test helpers for the scheduler core: a scheduler in local storage with a
// no-op lock, and a tiny per-pCPU driver that calls context_saved after
// every switch like the hypervisor loop does. Single-threaded.
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
    auto st = s->add_vcpu(v, p, now);
    ASSERT_TRUE(st.ok()) << st.reason();
    added_[n_added_++] = &v;
  }
  // One decision on `cpu` at `now`, then context_saved for the vCPU it
  // switched away from (as the hypervisor does after the switch).
  Decision decide(CpuId cpu, Time now) {
    Decision d = s->do_schedule(cpu, now);
    Vcpu* prev = cur_[cpu];
    cur_[cpu] = d.next;
    last_saved_tickle = kNoCpu;
    if (prev != nullptr && prev != d.next) last_saved_tickle = s->context_saved(*prev, cpu, now);
    return d;
  }
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
  Vcpu* added_[64] = {};
  int n_added_ = 0;
};

}  // namespace sched::test
