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
  support::Status add_vcpu(Vcpu& v, const Params& p, Time now, CpuMask* resched = nullptr) override;
  support::Status remove_vcpu(Vcpu& v, Time now, CpuMask* resched = nullptr) override;
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

  // Scheduler::audit. Settled: at `now`, every tickle has been served by a
  // decision, every switch by context_saved, and every event due at or
  // before `now` by its pCPU's decision. It checks (audit.cpp):
  //  * work conservation: no waiting vCPU (runnable with budget, or a
  //    periodic-kind server with budget and nothing to run) that a decision
  //    on some pCPU its affinity allows would run there (would_take);
  //    global placement over all the pool's pCPUs, partitioned over its home;
  //  * every replenishment at its time: none of a vCPU that wants its timer
  //    is overdue, and each is armed by a pCPU whose decisions apply it;
  //  * every budget exhaustion is armed by the pCPU where the budget burns.
  const char* audit(Time now, const Time* armed) const override;

 private:
  struct PerCpu {
    Vcpu* curr = nullptr;           // vCPU running here (nullptr: idle)
    Vcpu* holder = nullptr;         // periodic-kind server whose budget burns here while idle
    Time dispatched = 0;            // start of the interval not yet charged
    Time slice_start = 0;           // non-rt round-robin slice start
    Time armed = kNever;            // next_event its last decision returned
    const Vcpu* yielder = nullptr;  // yielded at the last decision and passed over for it
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
    if (!v.timer_hook.is_linked() || at != v.state.timer_at)
      move_timer(v, at);
    else if (!decider_of(v))
      cover_timer(v);  // a lazily kept entry is wanted again: someone must have armed it
  }
  // Whether the pCPU now deciding re-arms v's timer queue (its next_event).
  bool decider_of(const Vcpu& v) const {
    return deciding_ != kNoCpu && (global() || deciding_ == v.state.home_cpu);
  }
  void move_timer(Vcpu& v, Time at);
  // After a timer moved outside a decision: if no pCPU that decides v's
  // queue has armed an event at or before it, one must decide (pending_).
  void cover_timer(const Vcpu& v);
  // The pCPU a non-deciding call returns: its own tickle `c`, else one that
  // must decide (pending_), else kNoCpu.
  CpuId hand_out(CpuId c) const { return c != kNoCpu || pending_.empty() ? c : pending_.first(); }
  // Outside a decision: pCPU c must decide (named by the next hand_out or
  // resched mask), and no tickle_target picks it for another vCPU meanwhile.
  void must_decide(CpuId c) {
    tickled_.set(c);
    pending_.set(c);
  }
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
  // Whether a decision on `cpu` now would run `w` there (w runnable with
  // budget, or non-rt) or let it hold `cpu` (w a periodic-kind server in the
  // idle set) instead of what `cpu` runs. The one rank rule behind wake-up
  // tickling and the audit: true when nothing runs there, or when w outranks
  // what it would be compared with — for a runnable w the vCPU running there
  // (under a WCPS or CRPS holder too: w would be its C_L or residual user),
  // or a PTPS holder burning budget while idle; for a server in the idle set
  // the budget holder, else the running vCPU (w would hold the pCPU).
  bool would_take(const Vcpu& w, CpuId cpu) const {
    const PerCpu& p = pc_[cpu];
    if (w.state.queue == Queue::idle) {
      const Vcpu* r = running_on(cpu);
      return r == nullptr || higher_priority(w, *r);
    }
    if (p.curr != nullptr) return higher_priority(w, *p.curr);
    if (p.holder == nullptr) return true;
    return p.holder->state.params.server != ServerKind::periodic || higher_priority(w, *p.holder);
  }
  // What ranks on `cpu`: its budget holder, else its current vCPU.
  const Vcpu* running_on(CpuId cpu) const {
    const PerCpu& p = pc_[cpu];
    return p.holder != nullptr ? p.holder : p.curr;
  }
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
  // do_schedule's steps 1-6 (lock held, deciding_ == cpu).
  Decision decide(CpuId cpu, Time now);
  void tickle_waiting(RunQueue& q, CpuId self, CpuMask& tickle);
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
  // pCPUs that must decide, found by a call that does not decide (a timer it
  // applied made a vCPU ready, a timer it moved is armed by no pCPU, a pCPU
  // it freed): the call returns one of them (hand_out), whose decision
  // returns the others in Decision::tickle.
  CpuMask pending_;
  CpuId deciding_ = kNoCpu;  // pCPU inside do_schedule (its next_event re-arms its queue)
  std::uint32_t nr_vcpus_ = 0;
  std::uint64_t rr_counter_ = 0;
  SchedulerStats stats_{};
  VcpuList all_;
  PerCpu pc_[kMaxCpus];
  RunQueue rq_[kMaxCpus];
};

}  // namespace sched::detail
