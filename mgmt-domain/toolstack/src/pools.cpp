// CPU pool commands: cpupool-list, -create, -destroy, -rename, -cpu-add,
// -cpu-remove, -migrate, -numa-split (see toolstack/toolstack.h). The
// hypervisor keeps every CPU in some pool and Pool-0 plays the part of
// xl's free set: a CPU removed from a pool goes back to Pool-0, and
// cpupool-create / cpupool-cpu-add take CPUs from Pool-0 only (a CPU in
// another pool must be removed from it first). A pool's default server
// (cpupool-create server=) is kept here and applied to the vCPUs of
// domains migrated into it. Not thread-safe: one shell.
#include "support/text.h"
#include "toolstack/text.h"
#include "toolstack/toolstack.h"

namespace toolstack {
namespace {

std::string_view name_of(const abi::DomainInfo& d) { return {d.name, support::cstr_len(d.name)}; }
std::string_view name_of(const abi::CpupoolInfo& p) { return {p.name, support::cstr_len(p.name)}; }

bool cpu_error(shell::ErrorLine& error, std::string_view fmt_reason, std::uint32_t cpu,
               std::string_view pool) {
  support::FixedString<shell::ErrorLine::kMax> line;
  support::format_to(line.sink(), "cpu {} {} '{}'", cpu, fmt_reason, pool);
  error.set_raw(line.view());
  return false;
}

}  // namespace

bool Toolstack::cpus_free_in_pool0(const domcfg::CpuSet& cpus, const abi::PhysInfo& phys,
                                   const abi::CpupoolInfo* target, shell::ErrorLine& error) {
  std::uint32_t taken = 0;
  abi::CpupoolInfo pool0{};
  if (std::int64_t r = hv_.pool_info(0, pool0); r < 0) return refused(error, "cpupool", r);
  for (std::uint32_t cpu = 0; cpu < abi::kMaxCpus; ++cpu) {
    if (!cpus.test(cpu) || (cpus.is_all() && cpu >= phys.nr_cpus)) continue;
    if (cpu >= phys.nr_cpus) {
      support::FixedString<shell::ErrorLine::kMax> line;
      support::format_to(line.sink(), "cpu {} does not exist (this host has {} cpus)", cpu,
                         phys.nr_cpus);
      error.set_raw(line.view());
      return false;
    }
    abi::CpupoolInfo owner{};
    if (!pool_of_cpu(cpu, owner)) continue;
    if (target != nullptr && owner.id == target->id)
      return cpu_error(error, "is already in pool", cpu, name_of(owner));
    if (owner.id != 0) return cpu_error(error, "is in use by pool", cpu, name_of(owner));
    ++taken;
  }
  if (taken != 0 && taken == mask_count(pool0.cpus)) {
    support::FixedString<shell::ErrorLine::kMax> line;
    support::format_to(line.sink(),
                       "cannot take the last cpu of pool 'Pool-0' ({} domain(s) run there)",
                       pool0.domains);
    error.set_raw(line.view());
    return false;
  }
  return true;
}

bool Toolstack::pool_list(const shell::Command& c, support::Sink& out, shell::ErrorLine& error) {
  abi::CpupoolInfo only{};
  if (c.has_pool && !find_pool(c.pool.view(), only, error)) return false;
  if (c.flag)
    support::format_to(out, "{:<18} {}\n", "Name", "CPU list");
  else
    support::format_to(out, "{:<18} {:>4}   {:<6} {:<6} {}\n", "Name", "CPUs", "Sched", "Active",
                       "Domain count");
  abi::PoolId ids[abi::kMaxPools];
  std::size_t n = pool_ids(ids, abi::kMaxPools);
  for (std::size_t i = 0; i < n; ++i) {
    abi::CpupoolInfo p{};
    if (hv_.pool_info(ids[i], p) < 0) continue;
    if (c.has_pool && p.id != only.id) continue;
    if (c.flag) {
      support::FixedString<128> cpus;
      write_cpu_list(cpus.sink(), p.cpus);
      support::format_to(out, "{:<18} {}\n", name_of(p), cpus.view());
    } else {
      support::format_to(out, "{:<18} {:>4}   {:<6} {:<6} {:>12}\n", name_of(p), mask_count(p.cpus),
                         policy_name(p.priority, p.placement), mask_empty(p.cpus) ? "n" : "y",
                         p.domains);
    }
  }
  return true;
}

bool Toolstack::pool_create(const shell::Command& c, shell::ErrorLine& error) {
  abi::CpupoolInfo existing{};
  if (find_pool_quiet(c.pool.view(), existing)) {
    error.set("a pool of that name exists", c.pool.view());
    return false;
  }
  abi::PhysInfo phys{};
  if (std::int64_t r = hv_.physinfo(phys); r < 0) return refused(error, "cpupool-create", r);
  const bool has_cpus = !c.cpus.empty();
  if (has_cpus && !cpus_free_in_pool0(c.cpus, phys, nullptr, error)) return false;
  abi::CpupoolCreate params{};
  for (std::size_t i = 0; i < c.pool.size() && i < abi::kNameMax - 1; ++i)
    params.name[i] = c.pool.view()[i];
  PolicyAbi policy = policy_to_abi(c.policy);
  params.priority = policy.priority;
  params.placement = policy.placement;
  std::int64_t id = hv_.pool_create(params);
  if (id < 0) return refused(error, "cpupool-create", id);
  const auto pool = static_cast<abi::PoolId>(id);
  if (has_cpus) {
    for (std::uint32_t cpu = 0; cpu < phys.nr_cpus && cpu < abi::kMaxCpus; ++cpu) {
      if (!c.cpus.test(cpu)) continue;
      if (std::int64_t r = hv_.pool_cpu_add(pool, cpu); r < 0) {
        for (std::uint32_t u = 0; u < cpu; ++u)
          if (c.cpus.test(u)) hv_.pool_cpu_remove(pool, u);
        hv_.pool_destroy(pool);
        return refused(error, "cpupool-create: adding a cpu", r);
      }
    }
  }
  if (pool < abi::kMaxPools) {
    pool_server_set_[pool] = c.has_server;
    pool_server_[pool] = c.server;
  }
  return true;
}

bool Toolstack::pool_destroy(const shell::Command& c, shell::ErrorLine& error) {
  abi::CpupoolInfo p{};
  if (!find_pool(c.pool.view(), p, error)) return false;
  if (p.id == 0) {
    error.set("cannot destroy Pool-0");
    return false;
  }
  if (p.domains != 0) {
    support::FixedString<shell::ErrorLine::kMax> line;
    support::format_to(line.sink(),
                       "pool '{}' still has {} domain(s): migrate or destroy them first",
                       name_of(p), p.domains);
    error.set_raw(line.view());
    return false;
  }
  if (std::int64_t r = hv_.pool_destroy(p.id); r < 0) return refused(error, "cpupool-destroy", r);
  if (p.id < abi::kMaxPools) pool_server_set_[p.id] = false;
  return true;
}

bool Toolstack::pool_rename(const shell::Command& c, shell::ErrorLine& error) {
  abi::CpupoolInfo p{};
  if (!find_pool(c.pool.view(), p, error)) return false;
  if (p.id == 0) {
    error.set("cannot rename Pool-0");
    return false;
  }
  abi::CpupoolInfo other{};
  if (find_pool_quiet(c.new_name.view(), other)) {
    error.set("a pool of that name exists", c.new_name.view());
    return false;
  }
  if (std::int64_t r = hv_.pool_rename(p.id, c.new_name.view()); r < 0)
    return refused(error, "cpupool-rename", r);
  return true;
}

bool Toolstack::pool_cpus(const shell::Command& c, bool add, shell::ErrorLine& error) {
  abi::CpupoolInfo p{};
  if (!find_pool(c.pool.view(), p, error)) return false;
  abi::PhysInfo phys{};
  if (std::int64_t r = hv_.physinfo(phys); r < 0) return refused(error, "cpupool-cpu", r);
  // The CPUs named: a list, `all` (those present), or a NUMA node's.
  abi::CpuMask want{};
  for (std::uint32_t cpu = 0; cpu < abi::kMaxCpus; ++cpu) {
    bool named =
        c.by_node ? (cpu < phys.nr_cpus && phys.cpu_to_node[cpu] == c.node) : c.cpus.test(cpu);
    if (!named) continue;
    if (cpu >= phys.nr_cpus) {
      if (!c.by_node && c.cpus.is_all()) continue;
      support::FixedString<shell::ErrorLine::kMax> line;
      support::format_to(line.sink(), "cpu {} does not exist (this host has {} cpus)", cpu,
                         phys.nr_cpus);
      error.set_raw(line.view());
      return false;
    }
    abi::cpu_mask_set(want, cpu);
  }
  if (c.by_node && mask_empty(want)) {
    support::FixedString<16> node;
    support::format_to(node.sink(), "{}", c.node);
    error.set("no cpus on node", node.view());
    return false;
  }
  if (add && !cpus_free_in_pool0(to_set(want), phys, &p, error)) return false;
  if (!add && p.id == 0) {
    error.set("cpus leave Pool-0 only by joining another pool (cpupool-cpu-add <pool> <cpus>)");
    return false;
  }
  for (std::uint32_t cpu = 0; cpu < abi::kMaxCpus; ++cpu)
    if (!add && abi::cpu_mask_test(want, cpu) && !abi::cpu_mask_test(p.cpus, cpu))
      return cpu_error(error, "is not in pool", cpu, name_of(p));
  if (!add && mask_count(want) == mask_count(p.cpus) && p.domains != 0) {
    support::FixedString<shell::ErrorLine::kMax> line;
    support::format_to(line.sink(),
                       "cannot remove the last cpu of pool '{}' ({} domain(s) run there)",
                       name_of(p), p.domains);
    error.set_raw(line.view());
    return false;
  }
  for (std::uint32_t cpu = 0; cpu < abi::kMaxCpus; ++cpu) {
    if (!abi::cpu_mask_test(want, cpu)) continue;
    std::int64_t r = add ? hv_.pool_cpu_add(p.id, cpu) : hv_.pool_cpu_remove(p.id, cpu);
    if (r < 0) {
      for (std::uint32_t u = 0; u < cpu; ++u)
        if (abi::cpu_mask_test(want, u))
          add ? hv_.pool_cpu_remove(p.id, u) : hv_.pool_cpu_add(p.id, u);
      return refused(error, add ? "cpupool-cpu-add" : "cpupool-cpu-remove", r);
    }
  }
  return true;
}

bool Toolstack::pool_migrate(const shell::Command& c, shell::ErrorLine& error) {
  abi::DomainInfo d{};
  if (!find_domain(c.domain, d, error)) return false;
  abi::CpupoolInfo p{};
  if (!find_pool(c.pool.view(), p, error)) return false;
  if (d.id == hv_.self() || (d.flags & abi::kDomainInfoPrivileged) != 0) {
    error.set("the management domain stays in Pool-0", name_of(d));
    return false;
  }
  if (d.pool == p.id) {
    support::FixedString<shell::ErrorLine::kMax> line;
    support::format_to(line.sink(), "domain '{}' is already in pool '{}'", name_of(d), name_of(p));
    error.set_raw(line.view());
    return false;
  }
  if (mask_empty(p.cpus)) {
    error.set("pool has no cpus", name_of(p));
    return false;
  }
  abi::PoolId from = d.pool;
  if (std::int64_t r = hv_.pool_migrate(p.id, d.id); r < 0)
    return refused(error, "cpupool-migrate", r);
  if (p.id < abi::kMaxPools && pool_server_set_[p.id]) {
    for (std::uint32_t v = 0; v < d.vcpus; ++v) {
      abi::VcpuSchedParams s{};
      if (hv_.vcpu_sched_get(d.id, v, s) < 0) continue;
      s.server = server_to_abi(pool_server_[p.id]);
      if (std::int64_t r = hv_.vcpu_sched_set(d.id, v, s); r < 0) {
        hv_.pool_migrate(from, d.id);
        return refused(error, "cpupool-migrate: setting the pool's default server", r);
      }
    }
  }
  return true;
}

bool Toolstack::numa_split(support::Sink& out, shell::ErrorLine& error) {
  abi::PoolId ids[abi::kMaxPools];
  if (pool_ids(ids, abi::kMaxPools) > 1) {
    error.set("cpupool-numa-split needs Pool-0 to be the only pool");
    return false;
  }
  std::int64_t r = hv_.numa_split();
  if (r < 0) return refused(error, "cpupool-numa-split", r);
  support::format_to(out, "{} pool(s) now\n", r);
  return true;
}

}  // namespace toolstack
