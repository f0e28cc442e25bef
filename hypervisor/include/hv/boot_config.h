// Options from the hypervisor's command line (GRUB `multiboot2 ... args`),
// parsed once by the BSP at boot, read-only afterwards.
//   exit_when_done     test runs: power the emulator off after the boot self-tests
//   inject_fault=<n>   test runs: CPU n executes an invalid opcode after start-up
//   max_cpus=<n>       start at most n CPUs
#pragma once

#include <cstdint>
#include <string_view>

namespace hv {

struct BootConfig {
  bool exit_when_done = false;
  std::int32_t inject_fault_cpu = -1;
  std::uint32_t max_cpus = 0;  // 0: all
  // The first option that was present but malformed (ignored), for the log.
  std::string_view malformed;
};

BootConfig parse_boot_config(std::string_view cmdline);
const BootConfig& boot_config();

}  // namespace hv
