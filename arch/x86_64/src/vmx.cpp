// VT-x discovery and self-check (Intel SDM vol. 3, ch. 24 "Introduction to
// VMX operation", appendix A "VMX capability reporting facility").
#include "arch/vmx.h"

#include "arch/cpu.h"
#include "arch/msr.h"

namespace arch::vmx {
namespace {

constexpr std::uint64_t kCr4Vmxe = 1ull << 13;

bool allowed1(std::uint64_t ctl_msr_value, unsigned bit) {
  return (ctl_msr_value >> (32 + bit)) & 1;
}

}  // namespace

Capabilities probe() {
  Capabilities c;
  if ((cpuid(1).ecx & (1u << 5)) == 0) {
    c.reason = "CPUID.1:ECX.VMX[bit 5] is clear (this CPU or emulator has no VT-x)";
    return c;
  }
  std::uint64_t fc = rdmsr(msr::kFeatureControl);
  if ((fc & msr::kFeatureControlLock) == 0) {
    wrmsr(msr::kFeatureControl, fc | msr::kFeatureControlLock | msr::kFeatureControlVmxOutsideSmx);
    c.feature_control_locked_by_us = true;
    fc = rdmsr(msr::kFeatureControl);
  }
  if ((fc & msr::kFeatureControlVmxOutsideSmx) == 0) {
    c.reason = "disabled by firmware (IA32_FEATURE_CONTROL is locked without VMX outside SMX)";
    return c;
  }
  std::uint64_t basic = rdmsr(msr::kVmxBasic);
  c.revision = static_cast<std::uint32_t>(basic & 0x7fffffff);
  c.vmxon_size = static_cast<std::uint32_t>((basic >> 32) & 0x1fff);
  c.true_controls = (basic >> 55) & 1;

  std::uint64_t pin = rdmsr(c.true_controls ? msr::kVmxTruePinbasedCtls : msr::kVmxPinbasedCtls);
  c.preemption_timer = allowed1(pin, 6);
  c.preemption_timer_shift = static_cast<std::uint8_t>(rdmsr(msr::kVmxMisc) & 0x1f);

  std::uint64_t proc = rdmsr(msr::kVmxProcbasedCtls);
  c.secondary_controls = allowed1(proc, 31);
  if (c.secondary_controls) {
    std::uint64_t proc2 = rdmsr(msr::kVmxProcbasedCtls2);
    c.ept = allowed1(proc2, 1);
    c.x2apic_virtualization = allowed1(proc2, 4);
    c.vpid = allowed1(proc2, 5);
    c.unrestricted_guest = allowed1(proc2, 7);
    c.apic_register_virtualization = allowed1(proc2, 8);
    c.virtual_interrupt_delivery = allowed1(proc2, 9);
    if (c.ept || c.vpid) {
      std::uint64_t ev = rdmsr(msr::kVmxEptVpidCap);
      c.ept_4level = (ev >> 6) & 1;
      c.ept_wb = (ev >> 14) & 1;
      c.ept_2m = (ev >> 16) & 1;
      c.ept_1g = (ev >> 17) & 1;
      c.invept = (ev >> 20) & 1;
      c.invvpid = (ev >> 32) & 1;
    }
  }
  if (c.vmxon_size == 0 || c.vmxon_size > 4096) {
    c.reason = "IA32_VMX_BASIC reports an unusable VMXON region size";
    return c;
  }
  c.available = true;
  return c;
}

SelfCheck vmxon_vmxoff(const Capabilities& caps, std::uint64_t region_phys) {
  auto* region = reinterpret_cast<volatile std::uint32_t*>(region_phys);
  for (unsigned i = 0; i < 1024; ++i) region[i] = 0;
  region[0] = caps.revision;

  std::uint64_t cr0 = read_cr0(), cr4 = read_cr4();
  std::uint64_t new_cr0 = (cr0 | rdmsr(msr::kVmxCr0Fixed0)) & rdmsr(msr::kVmxCr0Fixed1);
  std::uint64_t new_cr4 = (cr4 | kCr4Vmxe | rdmsr(msr::kVmxCr4Fixed0)) & rdmsr(msr::kVmxCr4Fixed1);
  write_cr0(new_cr0);
  write_cr4(new_cr4);

  std::uint8_t failed = 0;
  asm volatile("vmxon %1; setna %0" : "=qm"(failed) : "m"(region_phys) : "cc", "memory");
  if (failed) {
    write_cr4(cr4);
    write_cr0(cr0);
    return SelfCheck::vmxon_failed;
  }
  asm volatile("vmxoff; setna %0" : "=qm"(failed) : : "cc", "memory");
  write_cr4(cr4);
  write_cr0(cr0);
  return failed ? SelfCheck::vmxoff_failed : SelfCheck::passed;
}

}  // namespace arch::vmx
