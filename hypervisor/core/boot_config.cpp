// Boot command line parsing (see hv/boot_config.h).
#include "hv/boot_config.h"

#include "support/text.h"

namespace hv {
namespace {
BootConfig g_config;
}

BootConfig parse_boot_config(std::string_view cmdline) {
  BootConfig c;
  std::string_view v;
  c.exit_when_done = support::cmdline_get(cmdline, "exit_when_done", v);
  std::uint64_t n = 0;
  if (support::cmdline_get(cmdline, "inject_fault", v)) {
    if (support::parse_u64(v, n, 1023))
      c.inject_fault_cpu = static_cast<std::int32_t>(n);
    else
      c.malformed = "inject_fault";
  }
  if (support::cmdline_get(cmdline, "max_cpus", v)) {
    if (support::parse_u64(v, n, 1024) && n != 0)
      c.max_cpus = static_cast<std::uint32_t>(n);
    else if (c.malformed.empty())
      c.malformed = "max_cpus";
  }
  if (support::cmdline_get(cmdline, "sched", v)) c.pool0_policy = v;
  if (support::cmdline_get(cmdline, "run_for", v)) {
    if (support::parse_u64(v, n, 3600000) && n != 0)
      c.run_for_ms = n;
    else if (c.malformed.empty())
      c.malformed = "run_for";
  }
  if (support::cmdline_get(cmdline, "inject_nmi", v)) {
    if (support::parse_u64(v, n, 60000) && n != 0)
      c.inject_nmi_ms = n;
    else if (c.malformed.empty())
      c.malformed = "inject_nmi";
  }
  if (support::cmdline_get(cmdline, "dom0_mem", v)) {
    if (support::parse_u64(v, n, 65536) && n >= 4)
      c.dom0_mem_mib = n;
    else if (c.malformed.empty())
      c.malformed = "dom0_mem";
  }
  g_config = c;
  return c;
}

const BootConfig& boot_config() { return g_config; }

}  // namespace hv
