// The typed result of parsing one shell command (docs/shell.md): a kind
// plus syntactically validated arguments. Everything needing live state
// (does the domain or pool exist, is the CPU in the pool, does a new budget
// fit the current period) is checked later by the Executor (shell.h).
// Plain copyable values; no views into the input. No locking.
#pragma once

#include <cstdint>

#include "domcfg/domain_config.h"
#include "domcfg/values.h"

namespace shell {

using domcfg::BoundedText;
using domcfg::CpuSet;
using domcfg::kNameMax;
using domcfg::ServerKind;

enum class CommandKind : std::uint8_t {
  none,  // blank line: nothing to do
  help,
  list,
  info,
  dmesg,
  create,
  destroy,
  pause,
  unpause,
  shutdown,
  vcpu_list,
  vcpu_pin,
  sched_rt,
  cpupool_list,
  cpupool_create,
  cpupool_destroy,
  cpupool_rename,
  cpupool_cpu_add,
  cpupool_cpu_remove,
  cpupool_migrate,
  cpupool_numa_split,
  admit,
  trace,
  idc_stats,
  idc_queue,
};

// A domain named by id (all digits) or by name.
struct DomainRef {
  bool by_id = false;
  std::uint32_t id = 0;
  BoundedText<kNameMax> name;
};

// A vCPU index or "all".
struct VcpuRef {
  bool all = true;
  std::uint32_t index = 0;
};

// Scheduler of a CPU pool: placement (g = global, p = partitioned) x
// priority (EDF, deadline-monotonic, rate-monotonic, fixed).
enum class PoolPolicy : std::uint8_t { gedf, pedf, gdm, pdm, grm, prm, gfp, pfp };
const char* pool_policy_name(PoolPolicy policy);

// sched-rt: show when no setting is present, otherwise set.
struct SchedRtArgs {
  bool has_domain = false;
  DomainRef domain;
  bool has_vcpu = false;  // without -v a setting applies to every vCPU
  VcpuRef vcpu;
  bool has_pool = false;  // -c: restrict the listing to one pool
  BoundedText<kNameMax> pool;
  bool has_period = false, has_budget = false, has_server = false;
  bool has_priority = false, has_rt = false;
  std::uint64_t period_ns = 0, budget_ns = 0;
  ServerKind server = ServerKind::deferrable;
  std::uint32_t priority = 0;
  bool rt = false;
  bool is_set() const { return has_period || has_budget || has_server || has_priority || has_rt; }
};

// IDC / virtual network queue settings (design §7).
enum class IdcMode : std::uint8_t { rtca, rr };

struct Command {
  CommandKind kind = CommandKind::none;

  // help <topic>
  bool has_topic = false;
  CommandKind topic = CommandKind::none;

  // list / vcpu-list / idc-stats (optional), destroy / pause / unpause /
  // shutdown / vcpu-pin / cpupool-migrate (required)
  bool has_domain = false;
  DomainRef domain;

  // cpupool-* commands; cpupool-migrate's destination; cpupool-list's filter
  bool has_pool = false;
  BoundedText<kNameMax> pool;
  BoundedText<kNameMax> new_name;  // cpupool-rename

  // vcpu-pin
  VcpuRef vcpu;
  // vcpu-pin, cpupool-create, cpupool-cpu-add/-remove (unless by node)
  CpuSet cpus;
  bool by_node = false;  // cpupool-cpu-add/-remove node:N
  std::uint32_t node = 0;

  // flags: dmesg -c (clear), cpupool-list -c (CPUs), create -p (paused),
  // trace -c (clear after dumping), shutdown -w (wait)
  bool flag = false;

  // create / admit: a boot module by name, or an inline configuration
  bool inline_config = false;
  BoundedText<domcfg::kKernelMax> module;
  domcfg::DomainConfig config;

  SchedRtArgs rt;  // sched-rt

  // cpupool-create
  PoolPolicy policy = PoolPolicy::gedf;
  bool has_server = false;  // default server of the pool's vCPUs
  ServerKind server = ServerKind::deferrable;

  // trace -n
  std::uint32_t count = 0;  // 0: everything buffered

  // idc-queue: show when nothing is set
  bool has_mode = false, has_batch = false, has_limit = false;
  IdcMode mode = IdcMode::rtca;
  std::uint32_t batch = 0, limit = 0;
};

}  // namespace shell
