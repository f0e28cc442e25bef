// CoreScheduler: the one Scheduler implementation behind every registry
// entry; priority scheme, placement and default server are runtime fields.
// It owns the run queues (queues.h) and per-pCPU records, and applies the
// server budget rules (server.h). All state is guarded by the injected Lock,
// taken by every public method (see sched/scheduler.h for the protocol).
#pragma once

#include "queues.h"
#include "sched/lock.h"
#include "sched/registry.h"
#include "sched/scheduler.h"
#include "server.h"

namespace sched::detail {

class CoreScheduler final : public Scheduler {
 public:
  CoreScheduler(const PolicySpec& spec, Lock& lock, const SchedulerOptions& options);
  ~CoreScheduler() override;

  const char* name() const override { return name_; }
  PriorityScheme priority_scheme() const override { return spec_.priority; }
  Placement placement() const override { return spec_.placement; }
  ServerKind default_server() const override { return spec_.server; }
  const SchedulerOptions& options() const override { return options_; }

  support::Status add_pcpu(CpuId cpu, Time now) override;
  support::Status remove_pcpu(CpuId cpu, Time now) override;
  CpuMask pcpus() const override;
  support::Status add_vcpu(Vcpu& v, const Params& p, Time now) override;
  support::Status remove_vcpu(Vcpu& v, Time now) override;
  std::uint32_t vcpu_count() const override;
  CpuId wake(Vcpu& v, Time now) override;
  CpuId sleep(Vcpu& v, Time now) override;
  CpuId yield(Vcpu& v, Time now) override;
  Decision do_schedule(CpuId cpu, Time now) override;
  CpuId context_saved(Vcpu& v, CpuId cpu, Time now) override;
  CpuId pick_cpu(const Vcpu& v) override;
  Vcpu* current(CpuId cpu) const override;
  Params get_params(const Vcpu& v) const override;
  support::Status set_params(Vcpu& v, const Params& p, Time now, CpuMask* resched) override;
  SchedulerStats stats() const override;
  VcpuStats vcpu_stats(const Vcpu& v) const override;

  // For tests and the fuzzer's invariant checks (call without concurrency).
  const RunQueue& queue_for_cpu(CpuId cpu) const { return rq_[queue_index(cpu)]; }
  Vcpu* holder(CpuId cpu) const { return cpu < kMaxCpus ? pc_[cpu].holder : nullptr; }
  const VcpuList& all_vcpus() const { return all_; }
  // The pCPUs of this instance v may run on.
  CpuMask effective_mask(const Vcpu& v) const { return in_pool(v.state.params.cpu_mask); }
  // Timer membership: real-time vCPUs whose replenishment matters now —
  // runnable, current, or periodic-kind (they burn budget while idle).
  // Sleeping deferrable/polling/sporadic servers are caught up on wake.
  static bool wants_timer(const Vcpu& v) {
    const VcpuState& s = v.state;
    return s.params.rt && s.home_cpu != kNoCpu &&
           (s.runnable || s.cpu != kNoCpu || s.save_pending || periodic_kind(s.params.server));
  }

 private:
  struct PerCpu {
    Vcpu* curr = nullptr;    // vCPU running here (nullptr: idle)
    Vcpu* holder = nullptr;  // periodic-kind server whose budget burns here while idle
    Time dispatched = 0;     // start of the interval not yet charged
    Time slice_start = 0;    // non-rt round-robin slice start
  };

  bool global() const { return spec_.placement == Placement::global; }
  CpuId queue_index(CpuId cpu) const { return global() ? 0 : cpu; }
  RunQueue& queue_of(const Vcpu& v) { return rq_[global() ? 0 : v.state.home_cpu]; }
  bool owns(const Vcpu& v) const { return v.state.owner == this; }
  // A cpu mask restricted to this instance's pCPUs (all() means all of them).
  CpuMask in_pool(CpuMask m) const { return m == CpuMask::all() ? cpus_ : (m & cpus_); }
  CpuId home_for(const Params& p) const { return in_pool(p.cpu_mask).first(); }

  std::uint64_t key_of(const Vcpu& v) const;
  VcpuSet& set_of(Vcpu& v, Queue q);
  void unqueue(Vcpu& v);
  void enqueue(Vcpu& v);
  // Keeps v's timer-queue entry at its next replenishment. A vCPU that stops
  // wanting its timer keeps it (lazy removal: a vCPU that blocks and wakes
  // within a period costs no timer-queue operation); such entries are
  // dropped when they reach the head (process_timers, next_event), so the
  // reported next event stays exact.
  [[gnu::always_inline]] void refresh_timer(Vcpu& v) {
    if (!wants_timer(v)) return;
    const Time at = server_next_replenish(v);
    if (v.timer_hook.is_linked() && at == v.state.timer_at) return;
    move_timer(v, at);
  }
  void move_timer(Vcpu& v, Time at);
  void charge_cpu(CpuId cpu, Time t);
  // A periodic-kind server that holds `s.cpu` (burning budget while idle)
  // stops holding it: charged up to `now`, the pCPU's holder slot cleared.
  void release_holder(VcpuState& s, Time now);
  // Applies due timer-queue entries; the inline check keeps the common
  // "nothing due" case free of a call.
  void process_timers(RunQueue& q, Time now, CpuMask* tickle, CpuId self) {
    if (!q.timers.empty() && q.timers.begin()->state.timer_at <= now)
      process_due_timers(q, now, tickle, self);
  }
  void process_due_timers(RunQueue& q, Time now, CpuMask* tickle, CpuId self);
  // Keeps idle_ in step with pc_[cpu].curr / holder (call after changing them).
  void update_idle(CpuId cpu) {
    if (pc_[cpu].curr == nullptr && pc_[cpu].holder == nullptr)
      idle_.set(cpu);
    else
      idle_.clear(cpu);
  }
  Vcpu* first_eligible(VcpuSet& set, CpuId cpu, const Vcpu* skip, bool rt_only) const;
  CpuId tickle_target(const Vcpu& v, CpuId exclude) const;
  const Vcpu* running_on(CpuId cpu) const;
  void release_holder(CpuId cpu) {
    if (pc_[cpu].holder != nullptr) release_holder_slow(cpu);
  }
  void release_holder_slow(CpuId cpu);
  Time next_event(CpuId cpu, RunQueue& q, const Vcpu* next, const Vcpu* holder, Time now);
  // The earliest wanted entry of a timer queue (kNever: none). Lazily kept
  // entries of sleeping servers before it are stepped over, up to
  // kLazyTimerSkip of them (a server that blocks and wakes again within its
  // period then costs no timer-queue operation at all); beyond that they are
  // dropped, so the walk stays bounded.
  Time first_wanted_timer(RunQueue& q);
  static constexpr int kLazyTimerSkip = 8;
  bool keeps_running(Vcpu& v, CpuId cpu, RunQueue& q, Time now);
  // Run-queue sections are sorted lists while the instance has at most
  // kListQueueMax vCPUs and trees above; back to lists at half that
  // (hysteresis, so a domain coming and going at the edge does not flip
  // them back and forth). Only add_vcpu/remove_vcpu switch (OrderedVcpus).
  static constexpr std::uint32_t kListQueueMax = 8;
  void use_trees(bool tree) {
    for (RunQueue& q : rq_) q.use_trees(tree);
  }

  PolicySpec spec_;
  Lock& lock_;
  SchedulerOptions options_;
  char name_[48] = {};
  CpuMask cpus_;
  CpuMask idle_;     // pCPUs of cpus_ running nothing (no vCPU, no budget holder)
  CpuMask tickled_;  // pCPUs asked to reschedule that have not decided since
  // Global: the event the keeper pCPU (cpus_.first()) armed at its last
  // decision; timers from then on are covered by it (see next_event).
  Time keeper_armed_ = kNever;
  // Global: pCPUs chosen by tickle_target while a non-deciding call applied
  // a due timer; the next do_schedule (any pCPU) returns them in its tickle.
  CpuMask pending_tickle_;
  std::uint32_t nr_vcpus_ = 0;
  std::uint64_t rr_counter_ = 0;
  SchedulerStats stats_{};
  VcpuList all_;
  PerCpu pc_[kMaxCpus];
  RunQueue rq_[kMaxCpus];
};

}  // namespace sched::detail
