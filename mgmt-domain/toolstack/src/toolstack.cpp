// Command dispatch and the lookups shared by every command (see
// toolstack/toolstack.h). Not thread-safe: one shell.
#include "toolstack/toolstack.h"

#include "support/text.h"
#include "toolstack/config_text.h"
#include "toolstack/errors.h"

namespace toolstack {

using shell::CommandKind;

bool Toolstack::execute(const shell::Command& c, support::Sink& out, shell::ErrorLine& error) {
  switch (c.kind) {
    case CommandKind::list:
      return list(c, out, error);
    case CommandKind::info:
      return info(out, error);
    case CommandKind::dmesg:
      return dmesg(c, out, error);
    case CommandKind::create:
      return create(c, out, error);
    case CommandKind::destroy:
    case CommandKind::shutdown:
      return destroy(c, out, error);
    case CommandKind::pause:
      return pause(c, true, error);
    case CommandKind::unpause:
      return pause(c, false, error);
    case CommandKind::vcpu_list:
      return vcpu_list(c, out, error);
    case CommandKind::vcpu_pin:
      return vcpu_pin(c, error);
    case CommandKind::sched_rt:
      return sched_rt(c, out, error);
    case CommandKind::cpupool_list:
      return pool_list(c, out, error);
    case CommandKind::cpupool_create:
      return pool_create(c, error);
    case CommandKind::cpupool_destroy:
      return pool_destroy(c, error);
    case CommandKind::cpupool_rename:
      return pool_rename(c, error);
    case CommandKind::cpupool_cpu_add:
      return pool_cpus(c, true, error);
    case CommandKind::cpupool_cpu_remove:
      return pool_cpus(c, false, error);
    case CommandKind::cpupool_migrate:
      return pool_migrate(c, error);
    case CommandKind::cpupool_numa_split:
      return numa_split(out, error);
    case CommandKind::admit:
      return admit(c, out, error);
    case CommandKind::trace:
    case CommandKind::idc_stats:
    case CommandKind::idc_queue:
      error.set("not available yet in this hypervisor", c.kind == CommandKind::trace ? "trace"
                                                        : c.kind == CommandKind::idc_stats
                                                            ? "idc-stats"
                                                            : "idc-queue");
      return false;
    case CommandKind::none:
    case CommandKind::help:
      return true;
  }
  error.set("unknown command");
  return false;
}

bool Toolstack::refused(shell::ErrorLine& error, std::string_view what, std::int64_t result) {
  support::FixedString<shell::ErrorLine::kMax> line;
  support::format_to(line.sink(), "{}: {} ({})", what, errno_text(result), errno_name(result));
  error.set_raw(line.view());
  return false;
}

std::size_t Toolstack::domain_ids(abi::DomainId* ids, std::size_t capacity) {
  std::int64_t n = hv_.domain_list({ids, capacity});
  if (n < 0) return 0;
  return static_cast<std::size_t>(n) < capacity ? static_cast<std::size_t>(n) : capacity;
}

std::size_t Toolstack::pool_ids(abi::PoolId* ids, std::size_t capacity) {
  std::int64_t n = hv_.pool_list({ids, capacity});
  if (n < 0) return 0;
  return static_cast<std::size_t>(n) < capacity ? static_cast<std::size_t>(n) : capacity;
}

bool Toolstack::find_domain_by_name(std::string_view name, abi::DomainInfo& out) {
  abi::DomainId ids[kMaxDomains];
  std::size_t n = domain_ids(ids, kMaxDomains);
  for (std::size_t i = 0; i < n; ++i) {
    abi::DomainInfo d{};
    if (hv_.domain_info(ids[i], d) < 0) continue;
    if (std::string_view(d.name, support::cstr_len(d.name)) == name) {
      out = d;
      return true;
    }
  }
  return false;
}

bool Toolstack::find_domain(const shell::DomainRef& ref, abi::DomainInfo& out,
                            shell::ErrorLine& error) {
  if (ref.by_id) {
    if (hv_.domain_info(ref.id, out) >= 0) return true;
    support::FixedString<16> id;
    support::format_to(id.sink(), "{}", ref.id);
    error.set("unknown domain", id.view());
    return false;
  }
  if (find_domain_by_name(ref.name.view(), out)) return true;
  error.set("unknown domain", ref.name.view());
  return false;
}

bool Toolstack::find_pool_quiet(std::string_view name, abi::CpupoolInfo& out) {
  abi::PoolId ids[abi::kMaxPools];
  std::size_t n = pool_ids(ids, abi::kMaxPools);
  for (std::size_t i = 0; i < n; ++i) {
    abi::CpupoolInfo p{};
    if (hv_.pool_info(ids[i], p) < 0) continue;
    if (std::string_view(p.name, support::cstr_len(p.name)) == name) {
      out = p;
      return true;
    }
  }
  return false;
}

bool Toolstack::find_pool(std::string_view name, abi::CpupoolInfo& out, shell::ErrorLine& error) {
  if (find_pool_quiet(name, out)) return true;
  error.set("unknown pool", name);
  return false;
}

bool Toolstack::pool_of_cpu(std::uint32_t cpu, abi::CpupoolInfo& out) {
  abi::PoolId ids[abi::kMaxPools];
  std::size_t n = pool_ids(ids, abi::kMaxPools);
  for (std::size_t i = 0; i < n; ++i) {
    abi::CpupoolInfo p{};
    if (hv_.pool_info(ids[i], p) < 0) continue;
    if (abi::cpu_mask_test(p.cpus, cpu)) {
      out = p;
      return true;
    }
  }
  return false;
}

bool Toolstack::load_configs(const shell::Command& c, domcfg::DomainConfig* configs,
                             std::size_t& count, shell::ErrorLine& error) {
  count = 0;
  if (c.inline_config) {
    configs[0] = c.config;
    count = 1;
    return true;
  }
  std::string_view text;
  if (!hv_.find_module(c.module.view(), text)) {
    error.set("no such boot module", c.module.view());
    return false;
  }
  BlockReader blocks(text);
  std::string_view block;
  std::uint32_t first = 0;
  while (blocks.next(block, first)) {
    outcome_ = domcfg::parse_domain(block, first);
    if (!outcome_.ok) {
      support::FixedString<shell::ErrorLine::kMax> why;
      support::format_to(why.sink(), "{}: ", c.module.view());
      domcfg::format_error(why.sink(), outcome_.error);
      error.set_raw(why.view());
      return false;
    }
    if (count == kMaxModuleDomains) {
      error.set("too many domains in the module (max 8)", c.module.view());
      return false;
    }
    configs[count++] = outcome_.config;
  }
  if (count == 0) {
    error.set("no domain in the module", c.module.view());
    return false;
  }
  return true;
}

}  // namespace toolstack
