// VT-x discovery and the VMXON/VMXOFF self-check: CPUID, IA32_FEATURE_CONTROL
// (set and locked when firmware left it unlocked), the VMX capability MSRs,
// and CR0/CR4 fixed bits. Runs on each CPU for itself; no shared state.
#pragma once

#include <cstdint>

namespace arch::vmx {

struct Capabilities {
  bool available = false;
  const char* reason = "";  // why not, when !available
  bool feature_control_locked_by_us = false;
  std::uint32_t revision = 0;
  std::uint32_t vmxon_size = 0;
  bool true_controls = false;
  bool secondary_controls = false;
  bool ept = false, ept_4level = false, ept_2m = false, ept_1g = false, ept_wb = false;
  bool invept = false;
  bool vpid = false, invvpid = false;
  bool unrestricted_guest = false;
  bool preemption_timer = false;
  std::uint8_t preemption_timer_shift = 0;  // the timer counts down at TSC >> shift
  bool x2apic_virtualization = false;
  bool apic_register_virtualization = false;
  bool virtual_interrupt_delivery = false;
};

// Probes this CPU (and enables VMX in IA32_FEATURE_CONTROL when unlocked).
Capabilities probe();

enum class SelfCheck : std::uint8_t { passed, vmxon_failed, vmxoff_failed };
// VMXON with the given 4 KiB region (identity-mapped, physical == virtual),
// then VMXOFF; CR4.VMXE is left as it was found.
SelfCheck vmxon_vmxoff(const Capabilities& caps, std::uint64_t region_phys);

}  // namespace arch::vmx
