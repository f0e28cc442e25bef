// admit <config>: would the real-time vCPUs of a domain fit its pool next
// to the real-time vCPUs already there? Uses sched/analysis: for
// partitioned pools RT-Filter's packing (analysis::host_capacity, worst
// fit: EDF utilisation per pCPU, or DM response-time analysis for the
// fixed-priority policies; deferrable servers are charged their release
// jitter); for global EDF the Goossens-Funk-Baruah bound (which gives
// deferrable servers no guarantee, and says so)
// U <= m - (m - 1) * u_max; for the other global policies the partitioned
// DM packing, labelled as an approximation. Non-real-time vCPUs are left
// out (they only use what the real-time ones leave). Integer arithmetic
// only; results in millionths of a CPU. Not thread-safe: one shell.
#include "support/text.h"
#include "toolstack/text.h"
#include "toolstack/toolstack.h"

namespace toolstack {
namespace {

std::string_view name_of(const abi::DomainInfo& d) { return {d.name, support::cstr_len(d.name)}; }
std::string_view name_of(const abi::CpupoolInfo& p) { return {p.name, support::cstr_len(p.name)}; }

// budget/period in millionths, rounded up (conservative).
std::uint64_t ppm(std::uint64_t budget, std::uint64_t period) {
  return period == 0 ? 0 : (budget * 1'000'000 + period - 1) / period;
}

void write_cpus(support::Sink& out, std::uint64_t ppm_value) {
  write_fixed(out, ppm_value / 1000, 3);
}

}  // namespace

bool Toolstack::admit(const shell::Command& c, support::Sink& out, shell::ErrorLine& error) {
  std::size_t count = 0;
  if (!load_configs(c, configs_, count, error)) return false;
  for (std::size_t k = 0; k < count; ++k) {
    const domcfg::DomainConfig& cfg = configs_[k];
    std::string_view pool_name = cfg.pool.empty() ? std::string_view("Pool-0") : cfg.pool.view();
    abi::CpupoolInfo pool{};
    if (!find_pool(pool_name, pool, error)) return false;
  }
  for (std::size_t k = 0; k < count; ++k) {
    const domcfg::DomainConfig& cfg = configs_[k];
    std::string_view pool_name = cfg.pool.empty() ? std::string_view("Pool-0") : cfg.pool.view();
    abi::CpupoolInfo pool{};
    find_pool_quiet(pool_name, pool);

    // Real-time vCPUs already in the pool (a domain of the same name is
    // the one being re-admitted: left out).
    std::size_t n = 0;
    std::uint64_t load_ppm = 0, max_ppm = 0;
    bool any_deferrable = false;  // deferrable servers: release jitter (analysis::HostVcpu)
    abi::DomainId ids[kMaxDomains];
    std::size_t domains = domain_ids(ids, kMaxDomains);
    std::size_t others = 0;
    for (std::size_t i = 0; i < domains; ++i) {
      abi::DomainInfo d{};
      if (hv_.domain_info(ids[i], d) < 0 || d.pool != pool.id || name_of(d) == cfg.name.view())
        continue;
      for (std::uint32_t v = 0; v < d.vcpus && n < kMaxAdmitVcpus; ++v) {
        abi::VcpuSchedParams s{};
        if (hv_.vcpu_sched_get(d.id, v, s) < 0 || (s.flags & abi::kVcpuSchedRealTime) == 0)
          continue;
        const bool deferrable = s.server == static_cast<std::uint32_t>(abi::ServerKind::deferrable);
        admit_vcpus_[n++] = {static_cast<analysis::Time>(s.budget_ns),
                             static_cast<analysis::Time>(s.period_ns), d.id, deferrable};
        any_deferrable |= deferrable;
        std::uint64_t u = ppm(s.budget_ns, s.period_ns);
        load_ppm += u;
        if (u > max_ppm) max_ppm = u;
        ++others;
      }
    }
    std::uint64_t new_ppm = 0;
    std::uint32_t new_rt = 0;
    for (std::uint32_t v = 0; v < cfg.vcpus && n < kMaxAdmitVcpus; ++v) {
      const domcfg::VcpuParams& p = cfg.vcpu[v];
      if (!p.rt) continue;
      const bool deferrable = p.server == domcfg::ServerKind::deferrable;
      admit_vcpus_[n++] = {static_cast<analysis::Time>(p.budget_ns),
                           static_cast<analysis::Time>(p.period_ns),
                           0x10000u + static_cast<std::uint32_t>(k), deferrable};
      any_deferrable |= deferrable;
      std::uint64_t u = ppm(p.budget_ns, p.period_ns);
      new_ppm += u;
      if (u > max_ppm) max_ppm = u;
      ++new_rt;
    }
    const std::uint32_t cpus = mask_count(pool.cpus);
    const bool edf = pool.priority == static_cast<std::uint32_t>(abi::PriorityScheme::edf);
    const bool global = pool.placement == static_cast<std::uint32_t>(abi::Placement::global);
    const char* policy = policy_name(pool.priority, pool.placement);

    support::format_to(out, "admit '{}' into pool '{}' ({} cpu(s), {}):\n", cfg.name.view(),
                       name_of(pool), cpus, policy);
    support::format_to(out, "  its real-time vCPUs: {}, bandwidth ", new_rt);
    write_cpus(out, new_ppm);
    support::format_to(out, "\n  already in the pool: {} real-time vCPU(s), bandwidth ", others);
    write_cpus(out, load_ppm);
    out.put('\n');
    if (new_rt == 0) {
      support::format_to(
          out, "  result: fits (no real-time vCPUs: it runs in the time the others leave)\n");
      continue;
    }
    const std::uint64_t total = load_ppm + new_ppm;
    if (cpus == 0) {
      support::format_to(out, "  result: does not fit (the pool has no cpus)\n");
      continue;
    }
    if (edf && global) {
      // GFB: U <= m - (m - 1) * u_max, in millionths.
      const std::uint64_t bound = cpus * 1'000'000ull - (cpus - 1) * max_ppm;
      support::format_to(
          out,
          "  test: global EDF utilisation bound U <= m - (m-1)*u_max (Goossens, Funk, Baruah)\n");
      support::format_to(out, "  result: {}: U = ", total <= bound ? "fits" : "does not fit");
      write_cpus(out, total);
      support::format_to(out, " {} bound ", total <= bound ? "<=" : ">");
      write_cpus(out, bound);
      support::format_to(out, " (m = {}, u_max = ", cpus);
      write_cpus(out, max_ppm);
      support::format_to(out, ")\n");
      if (any_deferrable)
        support::format_to(out,
                           "  note: no guarantee for deferrable servers here: the bound does not "
                           "charge their back-to-back execution (use periodic servers, or a "
                           "partitioned pool, whose test does)\n");
      continue;
    }
    const analysis::HostPolicy host = edf ? analysis::HostPolicy::edf : analysis::HostPolicy::dm;
    auto cap = analysis::host_capacity({admit_vcpus_, n}, cpus, host, analysis::Fit::worst,
                                       {admit_assignment_, kMaxAdmitVcpus});
    support::format_to(
        out, "  test: partitioned {} packing, worst fit (RT-Filter){}\n",
        edf ? (any_deferrable ? "EDF (U <= 1 and demand with deferrable-server jitter per cpu)"
                              : "EDF (U <= 1 per cpu)")
            : "DM (response-time analysis per cpu)",
        global ? "; an approximation for this global pool" : "");
    if (!cap.ok()) {
      support::format_to(out, "  result: not decided ({})\n", cap.error().reason);
      continue;
    }
    if (cap->admitted) {
      support::format_to(out, "  result: fits: needs {} of {} cpu(s), spare bandwidth ",
                         cap->needed_pcpus, cpus);
      write_cpus(out, cap->spare_bandwidth_ppm < 0
                          ? 0
                          : static_cast<std::uint64_t>(cap->spare_bandwidth_ppm));
      out.put('\n');
    } else {
      support::format_to(out, "  result: does not fit: total bandwidth ");
      write_cpus(out, total);
      support::format_to(out, " cannot be packed onto {} cpu(s)\n", cpus);
    }
  }
  return true;
}

}  // namespace toolstack
