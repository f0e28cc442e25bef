// VM-exit handling (see hv/vcpu_run.h).
#include "hv/vcpu_run.h"

#include "arch/cpu.h"
#include "arch/vmcs.h"
#include "arch/vmx_guest.h"
#include "hv/console.h"
#include "hv/hypercall.h"
#include "hv/links.h"
#include "hv/log.h"
#include "hv/nmi.h"
#include "hv/percpu.h"
#include "hv/schedule.h"
#include "tactus/abi.h"

namespace hv {
namespace {

using arch::vmcs::ExitReason;
namespace abi = tactus::abi;

constexpr std::uint16_t kCom1 = 0x3f8;

void set_reg_bits(std::uint64_t& reg, std::uint64_t value, unsigned size) {
  if (size == 4)
    reg = value & 0xffffffffull;  // 32-bit writes zero-extend
  else if (size == 2)
    reg = (reg & ~0xffffull) | (value & 0xffff);
  else
    reg = (reg & ~0xffull) | (value & 0xff);
}

Leave crash(Vcpu& v, const char* reason, const arch::vmx::ExitInfo& x) {
  bool ept = x.reason == static_cast<std::uint32_t>(ExitReason::ept_violation) ||
             x.reason == static_cast<std::uint32_t>(ExitReason::ept_misconfig);
  schedule::end_domain(*v.domain, DomainState::crashed, reason, x.guest_rip,
                       ept ? x.guest_physical : x.qualification);
  return Leave::ended;
}

Leave handle_io(Vcpu& v, const arch::vmx::ExitInfo& x) {
  Domain& d = *v.domain;
  unsigned size = static_cast<unsigned>(x.qualification & 7) + 1;
  bool in = (x.qualification >> 3) & 1;
  bool string = (x.qualification >> 4) & 1;
  auto port = static_cast<std::uint16_t>(x.qualification >> 16);
  if (string) return crash(v, "string port I/O is not emulated", x);
  if (in) {
    std::uint64_t value = ~0ull;  // nothing behind other ports
    if (port >= kCom1 && port < kCom1 + 8)
      value = port == kCom1 + 5 ? 0x60 : 0;  // LSR: transmitter empty
    set_reg_bits(v.ctx.regs.rax, value, size);
  } else if (port == kCom1) {
    console::put(d, static_cast<char>(v.ctx.regs.rax & 0xff));
  }
  arch::vmx::advance_rip(x);
  return Leave::resume;
}

void handle_cpuid(Vcpu& v, const arch::vmx::ExitInfo& x) {
  auto leaf = static_cast<std::uint32_t>(v.ctx.regs.rax);
  auto sub = static_cast<std::uint32_t>(v.ctx.regs.rcx);
  arch::CpuidResult r{};
  if (leaf == abi::kCpuidBase) {
    r = {abi::kCpuidFeatures, 0x74636154, 0x61547375, 0x73757463};  // "TactusTactus"
  } else if (leaf == abi::kCpuidFeatures) {
    r = {abi::kVersion, hypercall::feature_bits(), 0, 0};
  } else if (leaf == abi::kCpuidDomain) {
    r = {static_cast<std::uint32_t>(kSharedInfoGpa),
         static_cast<std::uint32_t>(kSharedInfoGpa >> 32), v.domain->id,
         v.domain->privileged ? 1u : 0u};
  } else if (leaf > abi::kCpuidFeatures && leaf <= abi::kCpuidBase + 0xff) {
    r = {};
  } else {
    r = arch::cpuid(leaf, sub);
    if (leaf == 1) {
      // Hidden: VMX, MONITOR, x2APIC, TSC-deadline, XSAVE, OSXSAVE, AVX. Guests
      // keep to x87/SSE state, which FXSAVE covers on every switch.
      r.ecx &=
          ~((1u << 5) | (1u << 3) | (1u << 21) | (1u << 24) | (1u << 26) | (1u << 27) | (1u << 28));
      r.ecx |= 1u << 31;  // running under a hypervisor
    } else if (leaf == 7 && sub == 0) {
      r.ebx &= ~((1u << 5) | (1u << 16));  // AVX2, AVX-512F: need XSAVE state
    } else if (leaf == 0xd) {
      r = {};  // no XSAVE leaves
    }
  }
  v.ctx.regs.rax = r.eax, v.ctx.regs.rbx = r.ebx, v.ctx.regs.rcx = r.ecx, v.ctx.regs.rdx = r.edx;
  arch::vmx::advance_rip(x);
}

Leave handle_exit(Vcpu& v, const arch::vmx::ExitInfo& x) {
  switch (static_cast<ExitReason>(x.reason)) {
    case ExitReason::external_interrupt:
      // Let the host take it through its IDT; the loop then looks at resched.
      arch::take_pending_interrupts();
      return Leave::resume;
    case ExitReason::preemption_timer:
      return Leave::resched;  // the pCPU's next scheduling event is due
    case ExitReason::interrupt_window:
      arch::vmx::set_interrupt_window_exiting(false);  // deliver_upcall injects now
      return Leave::resume;
    case ExitReason::cpuid:
      handle_cpuid(v, x);
      return Leave::resume;
    case ExitReason::io_instruction:
      return handle_io(v, x);
    case ExitReason::vmcall:
      return hypercall::dispatch(v, x);
    case ExitReason::hlt:
      arch::vmx::advance_rip(x);
      return Leave::block;
    case ExitReason::rdmsr:
    case ExitReason::wrmsr:
      if (arch::vmx::emulate_msr(x.reason == static_cast<std::uint32_t>(ExitReason::wrmsr),
                                 v.ctx) == arch::vmx::MsrResult::done)
        arch::vmx::advance_rip(x);
      else
        arch::vmx::inject_general_protection();
      return Leave::resume;
    case ExitReason::cr_access:
      if (arch::vmx::emulate_cr_access(x.qualification, v.ctx) == arch::vmx::CrResult::done)
        arch::vmx::advance_rip(x);
      else
        arch::vmx::inject_general_protection();
      return Leave::resume;
    case ExitReason::xsetbv:
      arch::vmx::inject_general_protection();  // XSAVE is not offered
      return Leave::resume;
    case ExitReason::vmclear:
    case ExitReason::vmlaunch:
    case ExitReason::vmptrld:
    case ExitReason::vmptrst:
    case ExitReason::vmread:
    case ExitReason::vmresume:
    case ExitReason::vmwrite:
    case ExitReason::vmxoff:
    case ExitReason::vmxon:
    case ExitReason::invept:
    case ExitReason::invvpid:
    case ExitReason::vmfunc:
      arch::vmx::inject_invalid_opcode();  // VMX is not offered (CPUID hides it), as on such CPUs
      return Leave::resume;
    case ExitReason::invd:
      // A no-op: a real INVD would drop dirty lines of the hypervisor and of
      // other domains; the guest's memory stays coherent without it.
      arch::vmx::advance_rip(x);
      return Leave::resume;
    case ExitReason::triple_fault:
      return crash(v, "triple fault", x);
    case ExitReason::ept_violation:
      return crash(v, "EPT violation (access outside the domain's memory)", x);
    case ExitReason::ept_misconfig:
      return crash(v, "EPT misconfiguration", x);
    case ExitReason::exception_or_nmi:
      if (x.nmi) {  // the host's NMI, taken while the guest ran: the host handles it
        nmi::taken_in_guest();
        return Leave::resume;
      }
      return crash(v, "unhandled exception", x);
    default:
      return crash(v, arch::vmcs::exit_reason_name(x.reason), x);
  }
}

// The event-channel upcall: injected into vCPU 0 at an entry where the
// guest accepts interrupts, else the interrupt window is awaited. Nothing
// happens until the guest registered a vector; its upcall_mask holds it off.
void deliver_upcall(Vcpu& v) {
  if (v.index != 0 || !v.upcall_due.load(std::memory_order_relaxed)) return;
  if (v.continuation.active) return;  // inside a continued hypercall: after it
  Domain& d = *v.domain;
  std::uint8_t vector = d.events->upcall_vector();
  if (vector == 0 || d.shared_info().vcpu[0].upcall_mask != 0) return;
  // Held back by the guest's TPR: looked at again at every entry, and a
  // CR8 write (which lowers it) exits.
  if (arch::vmx::tpr_holds_back(v.ctx, vector)) return;
  if (arch::vmx::can_inject_interrupt()) {
    arch::vmx::inject_interrupt(vector);
    arch::vmx::set_interrupt_window_exiting(false);
    v.upcall_due.store(false);
  } else {
    arch::vmx::set_interrupt_window_exiting(true);
  }
}

}  // namespace

Leave run_vcpu(Vcpu& v, const std::atomic<std::uint32_t>& resched, std::uint64_t deadline_tsc) {
  for (;;) {
    if (resched.load(std::memory_order_relaxed) != 0) return Leave::resched;
    if (v.domain->ending.load(std::memory_order_relaxed)) return Leave::ended;
    arch::vmx::sync_long_mode_entry_control();
    arch::vmx::set_preemption_deadline(this_cpu().vmx, deadline_tsc);
    links::sync_ept_on_this_cpu();
    deliver_upcall(v);
    auto entered = arch::vmx::enter(v.ctx);
    links::left_guest_on_this_cpu();
    if (entered == arch::vmx::EntryResult::failed) {
      log::info("domain {} ({}): VM entry failed, VM-instruction error {}", v.domain->id,
                v.domain->name, arch::vmcs::read<arch::vmcs::Field::instruction_error>());
      schedule::end_domain(*v.domain, DomainState::crashed, "VM entry failed");
      return Leave::ended;
    }
    arch::vmx::ExitInfo x = arch::vmx::read_exit();
    ++v.exits;
    if (x.entry_failure)
      return crash(v, x.reason == 33 ? "invalid guest state at VM entry" : "VM entry failed", x);
    Leave l = handle_exit(v, x);
    if (l != Leave::resume) return l;
  }
}

}  // namespace hv
