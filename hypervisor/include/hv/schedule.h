// The hypervisor's scheduling layer: the CPU pools (a sched::PoolManager
// whose schedulers take IRQ-saving spinlocks), the per-pCPU loop that runs
// the pool's scheduler at every event and enters the chosen vCPU, blocking
// and waking, the guests' one-shot timers, and the end and reaping of
// domains.
//
// Locking: pool configuration (PoolManager calls) is serialized by
// config_lock(); schedulers take their own pool lock inside every call; a
// vCPU's lock orders its blocking against its waking (hv/vcpu.h). Lock
// order: config lock, vCPU lock, scheduler lock, timer-queue lock.
#pragma once

#include <cstdint>
#include <span>

#include "hv/domain.h"
#include "hv/irq_lock.h"
#include "sched/pool.h"

namespace hv::schedule {

// Boot (BSP, before any loop runs): Pool-0 with `cpus`, using `policy`.
support::Status init(sched::CpuMask cpus, std::string_view pool0_policy);
sched::PoolManager& pools();
IrqSpinLock& config_lock();
sched::Time now();

// Puts a built domain into `pool` with one parameter set per vCPU and wakes
// its vCPUs. On error the domain is in no pool and nothing else changed.
support::Status start_domain(Domain& d, sched::PoolId pool, std::span<const sched::Params> params);

// Ends a domain from any CPU (the first caller wins): one log line with the
// reason; its vCPUs stop being scheduled; once no pCPU holds one of them
// it leaves its pool and its memory returns to the free pool.
void end_domain(Domain& d, DomainState state, const char* reason, std::uint64_t rip = 0,
                std::uint64_t address = 0);

// Pausing: a paused domain's vCPUs are not scheduled (blocked ones stay
// blocked); unpause makes the runnable ones runnable again. Refused when
// already paused / not paused.
support::Status pause_domain(Domain& d);
support::Status unpause_domain(Domain& d);
// Moves a domain to another pool: pauses it, waits until no pCPU holds one
// of its vCPUs, moves it with its parameters, and unpauses it if it ran.
support::Status move_domain(Domain& d, sched::PoolId to);

// The running vCPU `v` waits for work (HLT, sched_block): returns without
// sleeping when work arrived since it last ran.
void block(Vcpu& v);
// Work for `v` (PendingBits): wakes it when it is blocked, else remembers it.
void wake(Vcpu& v, std::uint32_t why);
void yield(Vcpu& v);
// One-shot timer of `v` at absolute ns (0 cancels); `v` runs on this pCPU.
void set_timer(Vcpu& v, std::uint64_t deadline_ns);
// Sends the reschedule IPI (to this CPU: just sets its flag).
void kick(sched::CpuId cpu);

// Test runs (`run_for=<ms>` on the command line): the BSP powers the
// machine off at that time after logging every vCPU's CPU share.
void set_run_limit(std::uint64_t ns);

// Every CPU, once boot is done: enters VMX operation and schedules forever.
[[noreturn]] void run_this_cpu();

}  // namespace hv::schedule
