// sched-rt: show every vCPU's server, period, budget, priority, real-time
// flag and consumed time, grouped by pool; or set any of them
// for one vCPU or all vCPUs of a domain (see toolstack/toolstack.h). A set
// is checked for every vCPU first and undone if the hypervisor refuses a
// later vCPU. Not thread-safe: one shell.
#include "support/text.h"
#include "toolstack/text.h"
#include "toolstack/toolstack.h"

namespace toolstack {
namespace {

std::string_view name_of(const abi::DomainInfo& d) { return {d.name, support::cstr_len(d.name)}; }
std::string_view name_of(const abi::CpupoolInfo& p) { return {p.name, support::cstr_len(p.name)}; }

void write_header(support::Sink& out) {
  support::format_to(out, "{:<24} {:>5} {:>4} {:<10} {:>10} {:>10} {:>4} {:>2} {:>11}\n", "Name",
                     "ID", "VCPU", "Server", "Period(us)", "Budget(us)", "Prio", "RT", "Time(ms)");
}

}  // namespace

bool Toolstack::sched_rt(const shell::Command& c, support::Sink& out, shell::ErrorLine& error) {
  const shell::SchedRtArgs& a = c.rt;
  abi::DomainInfo d{};
  if (a.has_domain && !find_domain(a.domain, d, error)) return false;
  if (a.has_domain && a.has_vcpu && !a.vcpu.all && a.vcpu.index >= d.vcpus) {
    support::FixedString<16> v;
    support::format_to(v.sink(), "{}", a.vcpu.index);
    error.set("no such vcpu in the domain", v.view());
    return false;
  }
  abi::CpupoolInfo only_pool{};
  if (a.has_pool && !find_pool(a.pool.view(), only_pool, error)) return false;
  const bool one_vcpu = a.has_vcpu && !a.vcpu.all;
  const std::uint32_t first = one_vcpu ? a.vcpu.index : 0;
  const std::uint32_t last = one_vcpu ? a.vcpu.index + 1 : d.vcpus;

  if (a.is_set()) {
    abi::VcpuSchedParams old[abi::kMaxVcpusPerDomain];
    abi::VcpuSchedParams next[abi::kMaxVcpusPerDomain];
    for (std::uint32_t v = first; v < last; ++v) {
      if (std::int64_t r = hv_.vcpu_sched_get(d.id, v, old[v]); r < 0)
        return refused(error, "sched-rt", r);
      next[v] = old[v];
      if (a.has_period) next[v].period_ns = a.period_ns;
      if (a.has_budget) next[v].budget_ns = a.budget_ns;
      if (a.has_server) next[v].server = server_to_abi(a.server);
      if (a.has_priority) next[v].priority = a.priority;
      if (a.has_rt) next[v].flags = a.rt ? abi::kVcpuSchedRealTime : 0;
      if (next[v].budget_ns > next[v].period_ns) {
        support::FixedString<shell::ErrorLine::kMax> line;
        support::format_to(line.sink(), "budget above period for vcpu {} of '{}' (budget ", v,
                           name_of(d));
        write_duration(line.sink(), next[v].budget_ns);
        line.sink().write(" > period ", 10);
        write_duration(line.sink(), next[v].period_ns);
        line.sink().put(')');
        error.set_raw(line.view());
        return false;
      }
    }
    for (std::uint32_t v = first; v < last; ++v) {
      if (std::int64_t r = hv_.vcpu_sched_set(d.id, v, next[v]); r < 0) {
        for (std::uint32_t u = first; u < v; ++u) hv_.vcpu_sched_set(d.id, u, old[u]);
        return refused(error, "sched-rt: the pool's scheduler refused the parameters", r);
      }
    }
    return true;
  }

  abi::PoolId pools[abi::kMaxPools];
  std::size_t pool_count = pool_ids(pools, abi::kMaxPools);
  abi::DomainId ids[kMaxDomains];
  std::size_t domain_count = domain_ids(ids, kMaxDomains);
  for (std::size_t p = 0; p < pool_count; ++p) {
    abi::CpupoolInfo pool{};
    if (hv_.pool_info(pools[p], pool) < 0) continue;
    if (a.has_pool && pool.id != only_pool.id) continue;
    if (a.has_domain && pool.id != d.pool) continue;
    support::format_to(out, "Cpupool {}: sched={}\n", name_of(pool),
                       policy_name(pool.priority, pool.placement));
    write_header(out);
    for (std::size_t i = 0; i < domain_count; ++i) {
      abi::DomainInfo e{};
      if (hv_.domain_info(ids[i], e) < 0 || e.pool != pool.id) continue;
      if (a.has_domain && e.id != d.id) continue;
      for (std::uint32_t v = 0; v < e.vcpus; ++v) {
        if (a.has_domain && (v < first || v >= last)) continue;
        abi::VcpuSchedParams s{};
        if (hv_.vcpu_sched_get(e.id, v, s) < 0) continue;
        support::format_to(
            out, "{:<24} {:>5} {:>4} {:<10} {:>10} {:>10} {:>4} {:>2} {:>11}\n", name_of(e), e.id,
            v, server_name(s.server), s.period_ns / 1000, s.budget_ns / 1000, s.priority,
            (s.flags & abi::kVcpuSchedRealTime) != 0 ? 1 : 0, s.consumed_ns / 1'000'000);
      }
    }
  }
  return true;
}

}  // namespace toolstack
