// Bringing every CPU under the hypervisor's control: the BSP's own set-up,
// starting the APs listed in the MADT one at a time, each CPU's
// self-checks (one-shot timer, VMXON/VMXOFF), and the BSP's IPI
// round-trip test. Runs during boot; see hv/percpu.h for what each CPU
// writes.
#pragma once

#include <cstdint>

#include "acpi/acpi.h"
#include "arch/vmx.h"
#include "sched/cpu_mask.h"

namespace hv::cpus {

struct BringUpReport {
  std::uint32_t listed = 0;  // enabled CPUs in the MADT
  std::uint32_t online = 0;  // including the BSP
  std::uint32_t vmx_passed = 0;
  std::uint32_t timer_passed = 0;
  std::uint32_t faulted = 0;
  std::uint32_t ipi_answered = 0;
  std::uint32_t ipi_asked = 0;
};

// BSP: descriptor tables and GS base, before anything can fault usefully.
void init_bsp_early();
// BSP: local APIC, timer, VMX probe of the BSP. Returns the BSP's VMX
// capabilities (the caller halts when VT-x is unavailable).
const arch::vmx::Capabilities& init_bsp(const acpi::Platform& platform);
// BSP: start every other enabled CPU of the MADT and wait for their checks.
void start_aps(const acpi::Platform& platform, std::uint32_t max_cpus);
// BSP: IPI round trip with every online AP.
void ipi_self_test();
const BringUpReport& report();
// The CPUs that came online and passed no fault.
sched::CpuMask online_cpus();
// BSP, once scheduling is set up: every AP enters schedule::run_this_cpu().
void release_aps();

}  // namespace hv::cpus
