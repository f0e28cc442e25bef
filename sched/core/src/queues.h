// Run-queue containers of the scheduler core (Boost.Intrusive, hooks inside
// sched::Vcpu, never allocating) and the one priority order they use.
// Guarded by the owning CoreScheduler's lock.
//
// Order (highest first), deterministic:
//   1. real-time vCPUs before non-real-time ones (thesis §4.2.1);
//   2. the scheme key, smaller first: fp -> Params::priority, dm -> relative
//      deadline, rm -> period, edf -> absolute deadline; for non-rt vCPUs the
//      key is a round-robin sequence number (FIFO, re-issued when a slice ends);
//   3. ties: smaller domain id, then smaller vCPU index.
#pragma once

#include "ordered_vcpus.h"
#include "sched/vcpu.h"
#include "support/intrusive.h"

namespace sched::detail {

inline bool higher_priority(const Vcpu& a, const Vcpu& b) {
  if (a.state.params.rt != b.state.params.rt) return a.state.params.rt;
  if (a.state.key != b.state.key) return a.state.key < b.state.key;
  if (a.domain_id() != b.domain_id()) return a.domain_id() < b.domain_id();
  return a.index() < b.index();
}

struct RunOrder {
  bool operator()(const Vcpu& a, const Vcpu& b) const { return higher_priority(a, b); }
};

struct TimerOrder {
  bool operator()(const Vcpu& a, const Vcpu& b) const {
    return a.state.timer_at < b.state.timer_at;
  }
};

using VcpuSet = OrderedVcpus<RunOrder>;
using TimerSet =
    support::bi::multiset<Vcpu, support::bi::member_hook<Vcpu, SetHook, &Vcpu::timer_hook>,
                          support::bi::compare<TimerOrder>>;
using VcpuList = support::bi::list<Vcpu, support::bi::member_hook<Vcpu, ListHook, &Vcpu::all_hook>>;

// One run queue (§3.2.2): section 1 `ready` (runnable with budget), section
// 2 `depleted` (runnable, no budget), plus the idle set of periodic-kind
// servers that have budget but nothing to run, and the timer queue of
// replenishment events. Global placement uses one; partitioned one per pCPU.
struct RunQueue {
  VcpuSet ready;
  VcpuSet depleted;
  VcpuSet idle;
  TimerSet timers;
  // The run-queue sections as lists (small instances) or trees (OrderedVcpus).
  void use_trees(bool tree) {
    ready.use_tree(tree);
    depleted.use_tree(tree);
    idle.use_tree(tree);
  }
};

}  // namespace sched::detail
