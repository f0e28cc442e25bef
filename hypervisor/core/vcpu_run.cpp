// VM-exit handling (see hv/vcpu_run.h).
#include "hv/vcpu_run.h"

#include "arch/cpu.h"
#include "arch/vmcs.h"
#include "hv/log.h"
#include "tactus/abi.h"

namespace hv {
namespace {

using arch::vmcs::ExitReason;
namespace abi = tactus::abi;

constexpr std::uint16_t kCom1 = 0x3f8;

struct Stop {
  bool stopped = false;
  RunOutcome outcome = RunOutcome::halted;
};

void flush_console(Domain& d) {
  if (d.console_line.size() == 0) return;
  log::info("[d{}] {}", d.id, d.console_line.view());
  d.console_line.clear();
}

void console_put(Domain& d, char c) {
  if (c == '\n') {
    flush_console(d);
    return;
  }
  if (c == '\r') return;
  d.console_line.sink().put(c);
  if (d.console_line.size() >= 150) flush_console(d);
}

void set_reg_bits(std::uint64_t& reg, std::uint64_t value, unsigned size) {
  if (size == 4) reg = value & 0xffffffffull;  // 32-bit writes zero-extend
  else if (size == 2) reg = (reg & ~0xffffull) | (value & 0xffff);
  else reg = (reg & ~0xffull) | (value & 0xff);
}

Stop crash(Domain& d, const char* reason) {
  domains::crash(d, reason);
  return {true, RunOutcome::crashed};
}

Stop handle_io(Domain& d, const arch::vmx::ExitInfo& x) {
  unsigned size = static_cast<unsigned>(x.qualification & 7) + 1;
  bool in = (x.qualification >> 3) & 1;
  bool string = (x.qualification >> 4) & 1;
  auto port = static_cast<std::uint16_t>(x.qualification >> 16);
  if (string) return crash(d, "string port I/O is not emulated");
  if (in) {
    std::uint64_t value = ~0ull;  // nothing behind other ports
    if (port >= kCom1 && port < kCom1 + 8) value = port == kCom1 + 5 ? 0x60 : 0;  // LSR: transmitter empty
    set_reg_bits(d.vcpu.regs.rax, value, size);
  } else if (port == kCom1) {
    console_put(d, static_cast<char>(d.vcpu.regs.rax & 0xff));
  }
  arch::vmx::advance_rip(x);
  return {};
}

void handle_cpuid(Domain& d, const arch::vmx::ExitInfo& x) {
  auto leaf = static_cast<std::uint32_t>(d.vcpu.regs.rax);
  auto sub = static_cast<std::uint32_t>(d.vcpu.regs.rcx);
  arch::CpuidResult r{};
  if (leaf == abi::kCpuidBase) {
    r = {abi::kCpuidFeatures, 0x74636154, 0x61547375, 0x73757463};  // "TactusTactus"
  } else if (leaf == abi::kCpuidFeatures) {
    r = {abi::kVersion, abi::kFeatureConsoleHypercall | abi::kFeatureShutdown, 0, 0};
  } else if (leaf > abi::kCpuidFeatures && leaf <= abi::kCpuidBase + 0xff) {
    r = {};
  } else {
    r = arch::cpuid(leaf, sub);
    if (leaf == 1) {
      r.ecx &= ~((1u << 5) | (1u << 3) | (1u << 21) | (1u << 24));  // VMX, MONITOR, x2APIC, TSC-deadline
      r.ecx |= 1u << 31;                                           // running under a hypervisor
    }
  }
  d.vcpu.regs.rax = r.eax, d.vcpu.regs.rbx = r.ebx, d.vcpu.regs.rcx = r.ecx, d.vcpu.regs.rdx = r.edx;
  arch::vmx::advance_rip(x);
}

// The MSR allow-list: EFER (bits SCE, LME, NXE writable) and the FS/GS
// bases, all kept in the VMCS. Anything else raises #GP in the guest.
bool emulate_msr(Domain& d, bool write) {
  using arch::vmcs::Field;
  namespace vmcs = arch::vmcs;
  auto& r = d.vcpu.regs;
  auto msr = static_cast<std::uint32_t>(r.rcx);
  std::uint64_t value = (r.rdx << 32) | (r.rax & 0xffffffffull);
  constexpr std::uint64_t kEferWritable = (1ull << 0) | (1ull << 8) | (1ull << 11);
  constexpr std::uint64_t kEferLma = 1ull << 10;
  std::uint64_t current = 0;
  switch (msr) {
    case 0xc0000080:  // IA32_EFER
      current = vmcs::read<Field::guest_efer>();
      if (write) {
        if ((value & ~(kEferWritable | kEferLma)) != 0 || (value & kEferLma) != (current & kEferLma))
          return false;
        vmcs::write<Field::guest_efer>(value);
      }
      break;
    case 0xc0000100:  // IA32_FS_BASE
      current = vmcs::read<Field::guest_fs_base>();
      if (write) vmcs::write<Field::guest_fs_base>(value);
      break;
    case 0xc0000101:  // IA32_GS_BASE
      current = vmcs::read<Field::guest_gs_base>();
      if (write) vmcs::write<Field::guest_gs_base>(value);
      break;
    default:
      return false;
  }
  if (!write) {
    r.rax = current & 0xffffffffull;
    r.rdx = current >> 32;
  }
  return true;
}

std::int64_t console_write(Domain& d, std::uint64_t gpa, std::uint64_t len) {
  if (len > abi::kConsoleWriteMax) return abi::kErrInvalid;
  if (gpa >= d.memory_bytes || len > d.memory_bytes - gpa) return abi::kErrFault;
  while (len > 0) {
    std::uint64_t in_page = 4096 - (gpa & 4095);
    std::uint64_t n = len < in_page ? len : in_page;
    auto bytes = d.guest_bytes(gpa, n);
    if (!bytes.ok()) return abi::kErrFault;
    for (std::uint64_t i = 0; i < n; ++i) console_put(d, static_cast<char>((*bytes)[i]));
    gpa += n, len -= n;
  }
  return 0;
}

Stop handle_vmcall(Domain& d, const arch::vmx::ExitInfo& x) {
  auto& r = d.vcpu.regs;
  std::int64_t result = abi::kErrNoSys;
  switch (static_cast<abi::Hypercall>(r.rax)) {
    case abi::Hypercall::console_write:
      result = console_write(d, r.rdi, r.rsi);
      break;
    case abi::Hypercall::sched_shutdown:
      if (r.rdi <= static_cast<std::uint64_t>(abi::ShutdownReason::crash)) {
        flush_console(d);
        d.state = DomainState::shut_down;
        d.end_reason = r.rdi == 0 ? "poweroff" : r.rdi == 1 ? "reboot" : "crash (reported by the guest)";
        return {true, RunOutcome::shut_down};
      }
      result = abi::kErrInvalid;
      break;
  }
  r.rax = static_cast<std::uint64_t>(result);
  arch::vmx::advance_rip(x);
  return {};
}

Stop handle_exit(Domain& d, const arch::vmx::ExitInfo& x) {
  switch (static_cast<ExitReason>(x.reason)) {
    case ExitReason::external_interrupt:
      // Let the host take it through its IDT, then go back in.
      arch::irq_enable();
      asm volatile("nop");
      arch::irq_disable();
      return {};
    case ExitReason::cpuid:
      handle_cpuid(d, x);
      return {};
    case ExitReason::io_instruction:
      return handle_io(d, x);
    case ExitReason::vmcall:
      return handle_vmcall(d, x);
    case ExitReason::hlt:
      arch::vmx::advance_rip(x);
      flush_console(d);
      return {true, RunOutcome::halted};
    case ExitReason::rdmsr:
    case ExitReason::wrmsr:
      if (emulate_msr(d, x.reason == static_cast<std::uint32_t>(ExitReason::wrmsr)))
        arch::vmx::advance_rip(x);
      else
        arch::vmx::inject_exception(13, true, 0);  // #GP
      return {};
    case ExitReason::triple_fault:
      return crash(d, "triple fault");
    case ExitReason::ept_violation:
      return crash(d, "EPT violation (access outside the domain's memory)");
    case ExitReason::ept_misconfig:
      return crash(d, "EPT misconfiguration");
    case ExitReason::exception_or_nmi:
      return crash(d, "unhandled exception");
    default:
      return crash(d, arch::vmcs::exit_reason_name(x.reason));
  }
}

}  // namespace

RunOutcome run_until_stopped(Domain& d) {
  if (!arch::vmx::load(d.vcpu).ok()) {
    domains::crash(d, "VMPTRLD failed");
    return RunOutcome::crashed;
  }
  arch::IrqSave irq;
  for (;;) {
    arch::irq_disable();
    arch::vmx::sync_long_mode_entry_control();
    if (arch::vmx::enter(d.vcpu) == arch::vmx::EntryResult::failed) {
      log::info("domain {} ({}): VM entry failed, VM-instruction error {}", d.id, d.name,
                arch::vmcs::read<arch::vmcs::Field::instruction_error>());
      domains::crash(d, "VM entry failed");
      return RunOutcome::crashed;
    }
    arch::vmx::ExitInfo x = arch::vmx::read_exit();
    ++d.exits;
    if (x.entry_failure) {
      domains::crash(d, x.reason == 33 ? "invalid guest state at VM entry" : "VM entry failed");
      return RunOutcome::crashed;
    }
    Stop s = handle_exit(d, x);
    if (!s.stopped) continue;
    if (s.outcome == RunOutcome::crashed) {
      flush_console(d);
      log::info("domain {} ({}) ended: {} at RIP {:#x}{}{:#x}", d.id, d.name, d.end_reason, x.guest_rip,
                x.reason == 48 || x.reason == 49 ? ", guest-physical " : ", exit qualification ",
                x.reason == 48 || x.reason == 49 ? x.guest_physical : x.qualification);
    }
    return s.outcome;
  }
}

}  // namespace hv
