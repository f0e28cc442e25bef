// Options from the hypervisor's command line (GRUB `multiboot2 ... args`),
// parsed once by the BSP at boot, read-only afterwards.
//   exit_when_done     test runs: power the emulator off after the boot self-tests
//   inject_fault=<n>   test runs: CPU n executes an invalid opcode after start-up
//   max_cpus=<n>       start at most n CPUs
//   sched=<policy>     Pool-0's scheduler (sched/registry.h names), default gedf
//   dom0_mem=<MiB>     memory of domain 0 (the `dom0` module), default 32
//   run_for=<ms>       test runs: log every vCPU's CPU share and power off after ms
//   inject_nmi=<ms>    test runs: CPU 0 sends an NMI to every other CPU every ms
#pragma once

#include <cstdint>
#include <string_view>

namespace hv {

struct BootConfig {
  bool exit_when_done = false;
  std::int32_t inject_fault_cpu = -1;
  std::uint32_t max_cpus = 0;  // 0: all
  std::string_view pool0_policy = "edf:global:deferrable";
  std::uint64_t run_for_ms = 0;
  std::uint64_t inject_nmi_ms = 0;  // 0: never
  std::uint64_t dom0_mem_mib = 32;  // 0: run until every domain ended (with exit_when_done)
  // The first option that was present but malformed (ignored), for the log.
  std::string_view malformed;
};

BootConfig parse_boot_config(std::string_view cmdline);
const BootConfig& boot_config();

}  // namespace hv
