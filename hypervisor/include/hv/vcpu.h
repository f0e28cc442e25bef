// A virtual CPU: its hardware context (VMCS, general registers, FPU area),
// its place in the scheduler (an embedded sched::Vcpu) and its blocking and
// one-shot-timer state.
//
// Ownership and locking:
//  * ctx and fpu belong to the pCPU the vCPU is loaded on (hv/schedule.h
//    loads and saves them); nobody else touches them while it is loaded.
//  * `lock` (IRQ-saving) orders blocking against waking: block() tests the
//    pending work and calls the scheduler's sleep under it, wake() sets the
//    pending work and calls the scheduler's wake under it. Lock order:
//    vCPU lock, then the scheduler's lock (taken inside sched:: methods).
//  * The one-shot timer fields belong to the timer queue of `timer_cpu`
//    and are changed under that queue's lock (core/guest_timer.cpp).
#pragma once

#include <atomic>
#include <cstdint>

#include "arch/cpu.h"
#include "arch/vmcs.h"
#include "hv/irq_lock.h"
#include "sched/vcpu.h"
#include "support/intrusive.h"

namespace hv {

struct Domain;

constexpr std::uint32_t kMaxVcpus = 8;

// Why a vCPU is waiting for work; bits of Vcpu::pending.
enum PendingBits : std::uint32_t {
  kPendingTimer = 1u << 0,  // its one-shot timer fired
  kPendingEvent = 1u << 1,  // an event channel of its domain became pending
};

struct Vcpu {
  Domain* domain = nullptr;
  std::uint32_t index = 0;
  arch::vmx::VcpuContext ctx;
  std::uint64_t vmcs_frame = 0;
  arch::FpuArea fpu;
  sched::Vcpu sched{0, 0, nullptr};

  IrqSpinLock lock;
  bool blocked = false;                   // under lock: asleep in the scheduler, waiting for work
  bool paused = false;                    // under lock: asleep until unpaused
  std::atomic<std::uint32_t> pending{0};  // PendingBits not yet consumed by the guest

  // One-shot timer (hypercall sched_set_timer), see core/guest_timer.cpp.
  std::uint64_t timer_deadline = 0;  // absolute ns, 0: not armed
  std::uint32_t timer_cpu = 0;       // the pCPU whose queue holds it
  support::bi::set_member_hook<> timer_hook;

  // Set when its domain is notified (event channel), cleared when the upcall
  // vector is injected: one injection per notification.
  std::atomic<bool> upcall_due{false};

  // A hypercall continued over several VM exits (hv/hypercall.h): the
  // VMCALL it belongs to, the bytes a console_write already wrote, and the
  // partial domain a domctl_create is building (nullptr: none). Only the
  // pCPU the vCPU is loaded on touches it, or the reaper once the vCPU is
  // loaded nowhere; upcalls wait while it is active.
  struct Continuation {
    bool active = false;
    std::uint64_t rip = 0, rax = 0, rdi = 0, rsi = 0;
    std::uint32_t done = 0;
    Domain* building = nullptr;
  } continuation;

  std::uint64_t exits = 0;
  std::uint64_t hypercalls = 0;
};

inline Vcpu& vcpu_of(sched::Vcpu& s) { return *static_cast<Vcpu*>(s.client()); }

}  // namespace hv
