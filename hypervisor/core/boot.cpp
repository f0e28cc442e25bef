// boot_main: the BSP's path from the 64-bit entry (boot/multiboot2_entry.S)
// to every CPU under the hypervisor's control: console, boot information,
// memory, ACPI, clock, local APIC, VT-x readiness, APs, self-tests.
// Single CPU until start_aps(); see hv/cpus.h for what runs where.
#include "acpi/acpi.h"
#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/emulator.h"
#include "arch/tsc.h"
#include "bootinfo/multiboot2.h"
#include "hv/boot_config.h"
#include "hv/console.h"
#include "hv/cpus.h"
#include "hv/domain_create.h"
#include "hv/log.h"
#include "hv/memory.h"
#include "hv/percpu.h"
#include "hv/schedule.h"
#include "hv/version.h"

extern "C" void (*const __init_array_start[])();
extern "C" void (*const __init_array_end[])();

namespace hv {
namespace {

// Reaches physical memory through the identity map of the first 4 GiB.
class IdentityPhysMemory final : public acpi::PhysMemory {
 public:
  support::Bytes view(std::uint64_t phys, std::size_t len) override {
    constexpr std::uint64_t kMapped = 4ull << 30;
    if (phys == 0 || phys >= kMapped || len > kMapped - phys) return {};
    return {reinterpret_cast<const std::uint8_t*>(phys), len};
  }
};

class LogSink final : public support::Sink {
 public:
  void write(const char* data, std::size_t len) override {
    for (std::size_t i = 0; i < len; ++i) {
      if (data[i] == '\n') {
        log::line(line_.view());
        line_.clear();
      } else {
        line_.sink().put(data[i]);
      }
    }
  }

 private:
  support::FixedString<log::kMaxLine> line_;
};

[[noreturn]] void stop(int code) {
  if (boot_config().exit_when_done) {
    log::info("exit_when_done: powering the emulator off (code {})", code);
    arch::emulator_exit(code);
  }
  log::info("halting this CPU");
  arch::halt_forever();
}

void log_memory_map(const bootinfo::BootInfo& info) {
  for (std::size_t i = 0; i < info.region_count; ++i) {
    const auto& r = info.regions[i];
    log::info("  memory {:#014x}-{:#014x} {}", r.base, r.base + r.length,
              bootinfo::memory_type_name(r.type));
  }
  if (info.dropped_regions != 0)
    log::info("  ({} more regions not recorded)", info.dropped_regions);
  for (std::size_t i = 0; i < info.module_count; ++i)
    log::info("  module {} {:#x}-{:#x} '{}'", i, info.modules[i].start, info.modules[i].end,
              info.modules[i].cmdline);
}

support::Bytes find_rsdp(const bootinfo::BootInfo& info, IdentityPhysMemory& mem) {
  if (!info.rsdp.empty()) return info.rsdp;
  // Fallback: the first KiB of the EBDA, then the BIOS area 0xe0000-0xfffff.
  std::uint16_t ebda_segment = 0;  // BIOS data area word at 0x40e
  if (!support::read_le(mem.view(0x40e, 2), 0, ebda_segment)) ebda_segment = 0;
  std::uint64_t ebda = static_cast<std::uint64_t>(ebda_segment) << 4;
  const std::uint64_t areas[2][2] = {{ebda, 1024}, {0xe0000, 0x20000}};
  for (const auto& a : areas) {
    if (a[0] == 0) continue;
    auto found = acpi::scan_for_rsdp(mem.view(a[0], a[1]), a[0]);
    if (found.ok()) return mem.view(*found, 36);
  }
  return {};
}

bootinfo::BootInfo g_boot_info;
acpi::Platform g_platform;

// After the self-tests: Pool-0 with every online CPU, the boot-time domains
// of the configuration modules, then every CPU runs its scheduling loop.
// Test runs without domains (exit_when_done) power off here as before.
[[noreturn]] void start_scheduling(bool self_tests_ok) {
  const BootConfig& config = boot_config();
  auto st = schedule::init(cpus::online_cpus(), config.pool0_policy);
  if (!st.ok()) {
    log::info("schedule: Pool-0 with policy '{}' refused: {}", config.pool0_policy, st.reason());
    stop(1);
  }
  auto pool0 = schedule::pools().info(0);
  log::info("schedule: Pool-0 has {} CPUs, policy {}", pool0->cpus.count(), pool0->policy);
  st = arch::vmx::enter_vmx_operation(this_cpu().vmx, this_cpu().vmxon_region);
  if (!st.ok()) {
    log::info("schedule: {}", st.reason());
    stop(1);
  }
  domain_create::set_boot_modules(g_boot_info);
  bool dom0 = domain_create::create_dom0(config.dom0_mem_mib);
  if (dom0)
    log::info("console: input polled every 10 ms{}",
              console::enable_input_interrupt(g_platform.madt)
                  ? " and by interrupt (IRQ 4 through the I/O APIC)"
                  : " (no I/O APIC route for IRQ 4)");
  std::uint32_t created = (dom0 ? 1 : 0) + domain_create::create_boot_domains();
  if (created == 0 && config.exit_when_done) stop(self_tests_ok ? 0 : 1);
  if (config.run_for_ms != 0)
    schedule::set_run_limit(schedule::now() + config.run_for_ms * 1000000);
  log::info("boot complete: {} domain{} running", created, created == 1 ? "" : "s");
  cpus::release_aps();
  schedule::run_this_cpu();
}

}  // namespace
}  // namespace hv

extern "C" [[noreturn]] void boot_main(std::uint32_t magic, std::uint64_t mbi_phys) {
  using namespace hv;
  for (auto* ctor = __init_array_start; ctor != __init_array_end; ++ctor) (*ctor)();

  log::init();
  log::raw_line(kBanner);
  cpus::init_bsp_early();
  arch::tsc::calibrate();

  if (magic != bootinfo::kBootloaderMagic) {
    log::info("boot: not started by a multiboot2 loader (magic {:#x})", magic);
    stop(1);
  }
  std::uint32_t mbi_size = *reinterpret_cast<const volatile std::uint32_t*>(mbi_phys);
  auto st = bootinfo::parse_multiboot2({reinterpret_cast<const std::uint8_t*>(mbi_phys), mbi_size},
                                       g_boot_info);
  if (!st.ok()) {
    log::info("boot: multiboot2 information rejected: {}", st.reason());
    stop(1);
  }
  const BootConfig& config = parse_boot_config(g_boot_info.cmdline);
  log::info("boot: loader '{}', command line '{}'", g_boot_info.loader_name, g_boot_info.cmdline);
  if (!config.malformed.empty())
    log::info("boot: ignoring option '{}': its value is not a number in range", config.malformed);
  const auto& cal = arch::tsc::calibration();
  log::info("clock: TSC {}.{:03} MHz{}, calibrated against the PIT", cal.hz / 1000000,
            (cal.hz / 1000) % 1000, cal.invariant ? " (invariant)" : " (NOT invariant)");
  log_memory_map(g_boot_info);

  st = memory::init(g_boot_info, mbi_phys, mbi_size);
  if (!st.ok()) {
    log::info("memory: {}", st.reason());
    stop(1);
  }
  const auto& mem = memory::summary();
  log::info("memory: {} MiB usable in {} regions, {} frames free, boot heap {} KiB",
            mem.usable_bytes >> 20, mem.usable_regions, mem.free_frames, mem.heap_bytes >> 10);

  IdentityPhysMemory phys;
  LogSink acpi_log;
  st = acpi::discover(phys, find_rsdp(g_boot_info, phys), g_platform, acpi_log);
  if (!st.ok()) {
    log::info("acpi: {}", st.reason());
    stop(1);
  }
  std::uint32_t enabled = 0;
  for (std::size_t i = 0; i < g_platform.madt.cpu_count; ++i)
    enabled += g_platform.madt.cpus[i].enabled;
  log::info("acpi: MADT lists {} CPUs ({} enabled), {} IOAPICs; {} NUMA node{}{}",
            g_platform.madt.cpu_count, enabled, g_platform.madt.ioapic_count, g_platform.node_count,
            g_platform.node_count == 1 ? "" : "s",
            g_platform.has_srat ? " from SRAT" : " (no SRAT)");

  const arch::vmx::Capabilities& vmx = cpus::init_bsp(g_platform);
  if (!vmx.available) {
    log::info("VT-x not available: {}", vmx.reason);
    stop(4);
  }
  auto yn = [](bool b) { return b ? "yes" : "no"; };
  log::info(
      "VMX: revision {:#x}; EPT {} (4-level {}, 2M {}, 1G {}, WB {}), VPID {}, unrestricted guest "
      "{}, "
      "preemption timer {} (TSC>>{}), x2APIC virtualization {}",
      vmx.revision, yn(vmx.ept), yn(vmx.ept_4level), yn(vmx.ept_2m), yn(vmx.ept_1g), yn(vmx.ept_wb),
      yn(vmx.vpid), yn(vmx.unrestricted_guest), yn(vmx.preemption_timer),
      vmx.preemption_timer_shift, yn(vmx.x2apic_virtualization));

  cpus::start_aps(g_platform, boot_config().max_cpus);
  cpus::ipi_self_test();

  const auto& r = cpus::report();
  bool ok = r.online == cpu_count() && r.vmx_passed == r.online && r.timer_passed == r.online &&
            r.ipi_answered == r.ipi_asked && r.faulted == 0;
  log::info(
      "boot: {} of {} CPUs online, VMX self-check {}/{}, timer {}/{}, IPI {}/{}, faulted {}: {}",
      r.online, r.listed, r.vmx_passed, r.online, r.timer_passed, r.online, r.ipi_answered,
      r.ipi_asked, r.faulted, ok ? "all self-tests passed" : "SELF-TEST FAILURES");
  start_scheduling(ok);
}
