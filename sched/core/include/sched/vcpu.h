// sched::Vcpu: the scheduler's part of one virtual CPU. The client (the
// hypervisor's vCPU struct, the simulator's vCPU) OWNS it and embeds it; the
// scheduler links it into its queues through the intrusive hooks inside, so
// no scheduler operation allocates. Ids: (domain id, vCPU index).
//
// Locking: `state` and the queue/timer/all hooks belong to the scheduler instance the
// vCPU was added to and is only touched under that instance's lock (inside
// Scheduler methods). Clients read it only through the accessors below, and
// only when they know it is stable (e.g. from the pCPU it runs on, or while
// the vCPU is not in any scheduler). `domain_hook` belongs to the domain
// record (sched::Domain) and the PoolManager.
// A Vcpu must not be destroyed or moved while it is in a scheduler or domain.
#pragma once

#include <cstdint>

#include "sched/params.h"
#include "sched/types.h"
#include "support/intrusive.h"

namespace sched {

class Scheduler;

// One pending sporadic-server replenishment (amount becomes available at `at`).
struct Replenishment {
  Time at = 0;
  Time amount = 0;
};
// Bound of the sporadic replenishment list; when full, a new replenishment
// is merged into the latest one (which can only delay capacity: safe).
inline constexpr int kMaxReplenishments = 8;

struct VcpuStats {
  Time consumed = 0;   // ns the vCPU was current (ran) on a pCPU
  Time burned = 0;     // ns of its own budget charged (incl. idle-burn, WCPS/CRPS donation)
  Time reclaimed = 0;  // ns it ran on another server's budget (CRPS) or as non-rt
  std::uint64_t dispatches = 0;   // times chosen by do_schedule after not being current
  std::uint64_t preemptions = 0;  // descheduled while runnable with budget left
  std::uint64_t wakeups = 0;
  std::uint64_t replenishments = 0;  // budget refills / sporadic chunks applied
  std::uint64_t exhaustions = 0;     // budget reached 0 while running
  std::uint64_t migrations = 0;      // dispatched on a pCPU other than the previous one
};

namespace detail {

enum class Queue : std::uint8_t {
  none,      // not queued: asleep, current on a pCPU, or awaiting context_saved
  ready,     // run queue section 1: runnable, budget > 0 (rt) / runnable (non-rt)
  depleted,  // run queue section 2: runnable, budget 0, waiting for replenishment
  idle,      // periodic-kind server with budget but not runnable (the RdyQ of §2.4.2)
};

using SetHook = support::bi::set_member_hook<>;
using ListHook = support::bi::list_member_hook<>;

// Scheduler-owned per-vCPU server state. Not part of the stable API.
struct VcpuState {
  Params params{};
  Scheduler* owner = nullptr;  // instance the vCPU was added to
  Time budget_left = 0;        // remaining budget in the current period (rt)
  Time period_start = 0;       // start of the current period
  Time deadline = 0;           // absolute deadline of the current period (EDF key)
  Time next_replenish = kNever;
  Time activation = 0;       // sporadic: time the server last became active
  Time run_start = 0;        // when the current dispatch (or budget hold) began
  Time timer_at = kNever;    // key in the timer queue (kNever: not in it)
  std::uint64_t key = 0;     // run-queue order key (scheme dependent), fixed while queued
  std::uint64_t rr_seq = 0;  // round-robin / FIFO order of non-rt vCPUs
  Time slice_used = 0;       // non-rt: part of its round-robin slice used before a preemption
  Replenishment repl[kMaxReplenishments]{};  // sporadic: sorted by `at`
  std::uint8_t repl_count = 0;
  std::uint8_t avail_count = 0;  // sporadic: leading entries already available
  Queue queue = Queue::none;
  bool runnable = false;
  bool yielded = false;
  bool save_pending = false;  // descheduled, waiting for context_saved
  bool holds_cpu = false;     // periodic-kind server burning budget on `cpu` while idle
  CpuId cpu = kNoCpu;         // pCPU it is current on (or holds), else kNoCpu
  CpuId last_cpu = kNoCpu;    // pCPU it ran on last (wake-up/previous-CPU heuristic)
  CpuId home_cpu = kNoCpu;    // partitioned: the run queue it belongs to
  VcpuStats stats{};
};

}  // namespace detail

class Vcpu {
 public:
  Vcpu(std::uint32_t domain_id, std::uint32_t index, void* client = nullptr)
      : domain_id_(domain_id), index_(index), client_(client) {}
  Vcpu(const Vcpu&) = delete;
  Vcpu& operator=(const Vcpu&) = delete;

  std::uint32_t domain_id() const { return domain_id_; }
  std::uint32_t index() const { return index_; }
  void* client() const { return client_; }  // opaque back-pointer for the client

  // Stable snapshots (see the locking note above).
  const Params& params() const { return state.params; }
  bool in_scheduler() const { return state.owner != nullptr; }
  Scheduler* scheduler() const { return state.owner; }
  bool runnable() const { return state.runnable; }
  CpuId cpu() const { return state.holds_cpu ? kNoCpu : state.cpu; }
  Time budget_left() const { return state.budget_left; }
  const VcpuStats& stats() const { return state.stats; }

  detail::VcpuState state;       // scheduler-owned
  detail::SetHook queue_hook;    // scheduler-owned: ready / depleted / idle set (as a tree)
  detail::ListHook queue_link;   // scheduler-owned: the same set while it is a list
  detail::SetHook timer_hook;    // scheduler-owned: timer (replenishment) queue
  detail::ListHook all_hook;     // scheduler-owned: the instance's list of its vCPUs
  detail::ListHook domain_hook;  // owned by sched::Domain / PoolManager

 private:
  std::uint32_t domain_id_;
  std::uint32_t index_;
  void* client_;
};

}  // namespace sched
