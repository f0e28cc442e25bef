// sched::Scheduler: one instance per CPU pool (thesis §2.1.1 / §3.2.2).
//
// CALLING PROTOCOL (hypervisor per-pCPU loop, host simulator):
//  * Create with sched::create_scheduler (registry.h) into caller storage,
//    then add_pcpu for every pCPU of the pool, then add_vcpu for each vCPU.
//    A vCPU starts asleep (not runnable); call wake() to make it runnable.
//  * Locking: every method takes the instance's injected Lock (lock.h)
//    itself. Call with that lock NOT held. Methods may be called from any
//    pCPU concurrently (the global run queue is shared). The hypervisor's
//    Lock disables interrupts while held, so calling from IRQ context is fine.
//  * `now` is the caller's current absolute time in ns; it must not go
//    backwards across calls on one instance (same clock for all pCPUs).
//  * do_schedule(cpu, now) is called by pCPU `cpu` itself: on its timer
//    (arm a one-shot timer at Decision::next_event, absolute), on a
//    reschedule IPI (a "tickle"), and whenever its current vCPU blocks or
//    yields. It charges the current vCPU exactly (now - dispatch time) ns of
//    budget, applies due replenishments, and returns the vCPU to run next
//    (nullptr = run idle) and the exact time of the next scheduling event on
//    this pCPU. The returned vCPU stays current until the next do_schedule
//    on that pCPU. Send a reschedule IPI to every pCPU in Decision::tickle.
//  * context_saved(prev, cpu, now): after do_schedule on `cpu` returned a
//    vCPU different from the previous one `prev` (non-null), and the
//    switch has saved prev's register state, call context_saved. In global
//    placement this re-queues prev (§3.2.2: it must not be picked elsewhere
//    before its state is saved) and may return a pCPU to tickle. Always call
//    it; it is a cheap no-op where not needed.
//  * wake(v, now) when a vCPU becomes runnable (event, timer, unpause):
//    returns the pCPU to send a reschedule IPI to, or kNoCpu. Only a pCPU
//    running something of lower priority is tickled (the lowest such;
//    v's previous pCPU first; an idle pCPU counts as lowest).
//  * sleep(v, now) when a vCPU blocks or is paused: returns the pCPU that
//    must reschedule (the one it is current on) or kNoCpu.
//  * yield(v, now): v stays runnable but lets the best other eligible vCPU
//    of its own class (rt / non-rt) run at the next decision of its pCPU
//    (if there is none, v continues); returns the pCPU to reschedule.
//  * remove_vcpu: refused (Errc::busy) while v is current on a pCPU or
//    awaiting context_saved: sleep it, let its pCPU reschedule and save it first.
//  * remove_pcpu: if a vCPU is current there it is descheduled (still
//    runnable); the client must switch that pCPU away and call
//    context_saved(v, cpu, now) as after any switch. After add_pcpu or
//    remove_pcpu every pCPU of the instance must decide again (a budget
//    holder may have been released; the hypervisor kicks every pCPU).
//  * set_params applies at once (new budget/period start a fresh period at
//    `now`, full budget; a periodic-kind server holding a pCPU releases it);
//    on error nothing changes. `resched` receives the pCPUs that must
//    reschedule because of the change.
//  * Decision::tickle names other pCPUs that must decide now: whose vCPU a
//    replenishment processed here changed, that would take a vCPU this
//    decision passed over (global), or that an earlier call which does not
//    decide found must act. Every pCPU of a global pool arms the shared
//    queue's earliest replenishment (next_event); partitioned, each its own.
//  * wake, sleep and context_saved may also return a pCPU that must decide
//    for another reason than v (a replenishment they applied, a timer no
//    pCPU had armed); its decision names any others. So a client that
//    serves every pCPU named by return values, tickle and resched masks,
//    and every next_event at its time, never leaves a vCPU with budget
//    waiting while an allowed pCPU idles or runs something of lower
//    priority, and applies every replenishment at its time: the invariants
//    audit() checks.
//
// Allocation: none anywhere (vCPUs are intrusive; pCPU state is a fixed array).
#pragma once

#include <cstdint>

#include "sched/cpu_mask.h"
#include "sched/params.h"
#include "sched/types.h"
#include "sched/vcpu.h"
#include "support/error.h"

namespace sched {

struct Decision {
  Vcpu* next = nullptr;      // vCPU to run; nullptr: run the idle vCPU
  Time next_event = kNever;  // absolute time of the next scheduling event on this pCPU
  CpuMask tickle;            // other pCPUs that must reschedule (send IPIs)
  // Periodic-kind servers: the server whose budget burns while `next` runs
  // (PTPS idle time, WCPS C_H, CRPS donor); nullptr otherwise. Informational.
  Vcpu* budget_holder = nullptr;
};

struct SchedulerStats {
  std::uint64_t decisions = 0;         // do_schedule calls
  std::uint64_t context_switches = 0;  // decisions returning a different vCPU
  std::uint64_t idle_decisions = 0;    // decisions returning idle
  std::uint64_t wakeups = 0;
  std::uint64_t sleeps = 0;
  std::uint64_t tickles = 0;  // pCPUs named by wake/context_saved/tickle masks
  std::uint64_t replenishments = 0;
  std::uint64_t migrations = 0;
  Time busy = 0;  // ns pCPUs ran a vCPU (sum over pCPUs)
  Time idle = 0;  // ns pCPUs ran idle (sum, from first decision)
};

// Options fixed at creation.
struct SchedulerOptions {
  Time quantum = 0;            // 0: event driven; >0: also decide every quantum (RT-Xen 1.0 mode)
  Time nonrt_quantum = ms(1);  // round-robin slice among non-real-time vCPUs
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;

  // Canonical registry name, e.g. "edf:global:deferrable".
  virtual const char* name() const = 0;
  virtual PriorityScheme priority_scheme() const = 0;
  virtual Placement placement() const = 0;
  virtual ServerKind default_server() const = 0;
  virtual const SchedulerOptions& options() const = 0;

  // pCPUs of this instance (pool).
  virtual support::Status add_pcpu(CpuId cpu, Time now) = 0;
  virtual support::Status remove_pcpu(CpuId cpu, Time now) = 0;
  virtual CpuMask pcpus() const = 0;

  // Registers v (asleep) with parameters p (validated against pcpus()).
  // `resched` (optional, also for remove_vcpu) receives the pCPUs that must
  // decide again (a periodic server's budget starts to burn; a pCPU a
  // removed budget holder held is free); without it they are named by the
  // next call that returns a pCPU or a tickle mask.
  virtual support::Status add_vcpu(Vcpu& v, const Params& p, Time now,
                                   CpuMask* resched = nullptr) = 0;
  virtual support::Status remove_vcpu(Vcpu& v, Time now, CpuMask* resched = nullptr) = 0;
  virtual std::uint32_t vcpu_count() const = 0;

  virtual CpuId wake(Vcpu& v, Time now) = 0;
  virtual CpuId sleep(Vcpu& v, Time now) = 0;
  virtual CpuId yield(Vcpu& v, Time now) = 0;
  virtual Decision do_schedule(CpuId cpu, Time now) = 0;
  virtual CpuId context_saved(Vcpu& v, CpuId cpu, Time now) = 0;
  // The pCPU v should run on now (partitioned: its home pCPU; global: the
  // previous pCPU if allowed and free/lower priority, else the lowest-priority one).
  virtual CpuId pick_cpu(const Vcpu& v) = 0;
  // The vCPU currently running on cpu (nullptr: idle or not ours).
  virtual Vcpu* current(CpuId cpu) const = 0;

  virtual Params get_params(const Vcpu& v) const = 0;
  virtual support::Status set_params(Vcpu& v, const Params& p, Time now,
                                     CpuMask* resched = nullptr) = 0;

  virtual SchedulerStats stats() const = 0;
  virtual VcpuStats vcpu_stats(const Vcpu& v) const = 0;

  // The invariants of a settled instance (no tickle, context_saved or due
  // event outstanding at `now`): work conservation, replenishments and
  // budget exhaustions armed at their times. `armed[c]` is the next_event
  // pCPU c's last decision returned, for every c < kMaxCpus of the
  // instance. nullptr when they hold, else a static description of the
  // first that does not. For checkers (fuzzer, unit tests, simulator).
  virtual const char* audit(Time now, const Time* armed) const = 0;
};

}  // namespace sched
