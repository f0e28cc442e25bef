// CoreScheduler::audit: the invariants a real-time scheduler instance must
// keep whenever it is settled (core_scheduler.h). Written once, over the
// core's own rank rule (would_take), priority order and timer rules, so the
// fuzzer, the unit tests and the simulator check the same thing the core
// decides by. Read-only, under the instance lock.
#include "core_scheduler.h"
#include "server.h"

namespace sched::detail {

const char* CoreScheduler::audit(Time now, const Time* armed) const {
  LockGuard g(lock_);
  if (!tickled_.empty() || !pending_.empty()) return "a tickled pCPU has not decided";
  // The pCPUs whose decisions see v's queue.
  auto deciders = [&](const Vcpu& v) {
    return global() ? effective_mask(v) : CpuMask::single(v.state.home_cpu) & cpus_;
  };
  for (const Vcpu& v : all_) {
    const VcpuState& s = v.state;
    if (s.save_pending) return "a descheduled vCPU awaits context_saved";
    // Work conservation (global and per pCPU when partitioned).
    if (s.queue == Queue::ready || s.queue == Queue::idle) {
      const CpuMask m = deciders(v);
      for (CpuId c = m.first(); c != kNoCpu; c = m.next(c))
        if (pc_[c].yielder != &v && would_take(v, c))
          return s.queue == Queue::ready
                     ? "a pCPU idles or runs lower priority while a vCPU with budget waits"
                     : "a pCPU idles or runs lower priority while a periodic server's budget "
                       "does not burn";
    }
    // Replenishments at their time.
    if (wants_timer(v)) {
      const Time at = server_next_replenish(v);
      if (at <= now) return "a replenishment is overdue";
      if (at != kNever) {
        // Any pCPU of the pool applies the shared queue's timers.
        bool covered = false;
        const CpuMask m = global() ? cpus_ : deciders(v);
        for (CpuId c = m.first(); c != kNoCpu && !covered; c = m.next(c)) covered = armed[c] <= at;
        if (!covered) return "no pCPU has armed a replenishment";
      }
    }
  }
  // Budget exhaustion where budget burns.
  for (CpuId c = cpus_.first(); c != kNoCpu; c = cpus_.next(c)) {
    const PerCpu& p = pc_[c];
    if (p.holder != nullptr && armed[c] > p.dispatched + p.holder->state.budget_left)
      return "a budget holder's exhaustion is not armed";
    const Vcpu* cur = p.curr;
    const bool burns = cur != nullptr && cur->state.params.rt &&
                       (p.holder == nullptr || p.holder->state.params.server == ServerKind::wcps);
    if (burns && armed[c] > p.dispatched + cur->state.budget_left)
      return "a running vCPU's budget exhaustion is not armed";
  }
  return nullptr;
}

}  // namespace sched::detail
