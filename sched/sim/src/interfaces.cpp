// Task sets -> vCPU interfaces -> scenarios, through sched/analysis (interfaces.h).
#include "sim/interfaces.h"

#include <algorithm>
#include <numeric>

#include "analysis/gedf.h"
#include "analysis/interface.h"
#include "analysis/mpr.h"
#include "analysis/packing.h"
#include "analysis/prm_edf.h"
#include "analysis/vcpu_map.h"
#include "sim/rng.h"

namespace sim {
namespace {

// Tasks in whole ms for the analysis: periods exact (generated in ms),
// WCETs rounded up.
std::vector<analysis::Task> to_ms(const std::vector<TaskSpec>& tasks) {
  std::vector<analysis::Task> out;
  for (const auto& t : tasks) {
    const Time p = t.period / kMs;
    const Time c = std::min(p, (t.wcet + kMs - 1) / kMs);
    out.push_back(analysis::Task::implicit(p, c));
  }
  return out;
}

constexpr Time kHarmonicPeriodsMs[] = {10, 20, 40, 80};

}  // namespace

PrmChoice prm_interface(const std::vector<TaskSpec>& tasks, bool edf, Time pmin, Time pmax) {
  PrmChoice c;
  if (tasks.empty()) return c;
  const auto ms = to_ms(tasks);
  auto r = analysis::best_interface(
      ms, edf ? analysis::GuestScheduler::edf : analysis::GuestScheduler::rm,
      std::max<Time>(1, pmin / kMs), std::max<Time>(1, pmax / kMs), 1, analysis::Valued::integer);
  if (!r) return c;
  c.ok = true;
  c.period = r->period * kMs;
  c.budget = r->integer_budget * kMs;
  c.rational_bandwidth = static_cast<double>(r->budget.num) / static_cast<double>(r->budget.den) /
                         static_cast<double>(r->period);
  return c;
}

Ch2System ch2_scenario(const std::vector<TaskSpec>& tasks, const std::vector<int>& domain_of,
                       ServerKind server, const std::vector<double>& etf, std::uint64_t seed,
                       Time pmin, Time pmax) {
  Ch2System sys;
  std::vector<std::vector<TaskSpec>> per(5);
  for (std::size_t i = 0; i < tasks.size(); ++i)
    per[static_cast<std::size_t>(domain_of[i])].push_back(tasks[i]);
  sys.u_w = 0;
  for (const auto& t : tasks)
    sys.u_w += static_cast<double>(t.wcet) / static_cast<double>(t.period);
  std::vector<PrmChoice> iface(5);
  for (int d = 0; d < 5; ++d) {
    if (per[d].empty()) continue;
    Time hi = pmax;
    if (hi == 0) {
      hi = per[d].front().period;
      for (const auto& t : per[d]) hi = std::min(hi, t.period);
    }
    iface[d] = prm_interface(per[d], false, pmin, hi);
  }
  // Host RM: shorter interface period first (ties: generation order).
  std::vector<int> order;
  for (int d = 0; d < 5; ++d)
    if (!per[d].empty()) order.push_back(d);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const Time pa = iface[a].ok ? iface[a].period : kNever;
    const Time pb = iface[b].ok ? iface[b].period : kNever;
    return pa < pb;
  });
  Scenario& s = sys.scenario;
  s.name = "ch2";
  s.seed = seed;
  s.duration = 300 * kSec;
  s.pools.push_back(single_cpu_pool(server, PriorityScheme::fp, Placement::partitioned));
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const int d = order[rank];
    DomainSpec dom;
    dom.name = "dom" + std::to_string(rank + 1);
    dom.pool = s.pools.back().name;
    VcpuSpec v;
    // A domain without a feasible interface gets a full-bandwidth server.
    v.period = iface[d].ok ? iface[d].period : 10 * kMs;
    v.budget = iface[d].ok ? iface[d].budget : v.period;
    v.priority = static_cast<int>(rank + 1);
    dom.vcpus.push_back(v);
    dom.guest = GuestPolicy::fp;
    for (auto t : per[d]) {
      t.vcpu = 0;
      t.etf = rank < etf.size() ? etf[rank] : 1.0;
      dom.tasks.push_back(t);
    }
    sys.u_rm += static_cast<double>(v.budget) / static_cast<double>(v.period);
    sys.interfaces.push_back(iface[d]);
    s.domains.push_back(std::move(dom));
  }
  return sys;
}

namespace {

// pEDF guest: best-fit packing of a domain's tasks onto EDF PRM vCPUs of
// period `period_ms` (thesis §3.3.1). Returns vCPU budgets (ms) and fills
// vcpu_of; false when a task does not fit even on a fresh vCPU.
bool pack_pedf(const std::vector<analysis::Task>& tasks, Time period_ms, std::uint32_t max_vcpus,
               std::vector<Time>& budgets, std::vector<int>& vcpu_of) {
  budgets.clear();
  vcpu_of.assign(tasks.size(), -1);
  std::vector<std::vector<analysis::Task>> bins;
  auto budget_for = [&](const std::vector<analysis::Task>& set, Time& out) {
    auto r = analysis::edf_min_budget(set, period_ms);
    if (!r || !r->feasible) return false;
    out = analysis::ceil(r->budget);
    return out <= period_ms;
  };
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    int best = -1;
    Time best_budget = 0;
    for (std::size_t b = 0; b < bins.size(); ++b) {
      auto trial = bins[b];
      trial.push_back(tasks[i]);
      Time nb = 0;
      if (!budget_for(trial, nb)) continue;
      if (best < 0 || budgets[b] > budgets[static_cast<std::size_t>(best)]) {
        best = static_cast<int>(b);
        best_budget = nb;
      }
    }
    if (best < 0) {
      if (bins.size() >= max_vcpus) return false;
      Time nb = 0;
      if (!budget_for({tasks[i]}, nb)) return false;
      bins.push_back({tasks[i]});
      budgets.push_back(nb);
      vcpu_of[i] = static_cast<int>(bins.size() - 1);
    } else {
      bins[static_cast<std::size_t>(best)].push_back(tasks[i]);
      budgets[static_cast<std::size_t>(best)] = best_budget;
      vcpu_of[i] = best;
    }
  }
  return true;
}

}  // namespace

Ch3Layout ch3_layout(const std::vector<TaskSpec>& tasks, bool guest_global, std::uint32_t domains,
                     std::uint32_t max_vcpus) {
  Ch3Layout out;
  out.guest_global = guest_global;
  out.ok = true;
  std::vector<std::vector<TaskSpec>> per(domains);
  for (std::size_t i = 0; i < tasks.size(); ++i) per[i % domains].push_back(tasks[i]);
  for (std::uint32_t d = 0; d < domains; ++d) {
    DomainSpec dom;
    dom.name = "dom" + std::to_string(d + 1);
    dom.pool = "Pool-0";
    dom.guest = GuestPolicy::edf;
    dom.guest_placement = guest_global ? Placement::global : Placement::partitioned;
    dom.tasks = per[d];
    if (per[d].empty()) continue;
    const auto ms = to_ms(per[d]);
    double best_bw = 1e18;
    std::vector<VcpuSpec> best_vcpus;
    std::vector<int> best_bind;
    for (Time pi : kHarmonicPeriodsMs) {
      std::vector<VcpuSpec> vcpus;
      std::vector<int> bind;
      if (guest_global) {
        auto r = analysis::gedf_interface(ms, pi, max_vcpus);
        if (!r) continue;
        std::vector<analysis::VcpuParams> vp(r->parallelism);
        auto n = analysis::map_equal_split(*r, vp);
        if (!n) continue;
        for (std::size_t i = 0; i < *n; ++i) {
          VcpuSpec v;
          v.budget = vp[i].budget * kMs;
          v.period = vp[i].period * kMs;
          vcpus.push_back(v);
        }
      } else {
        std::vector<Time> budgets;
        if (!pack_pedf(ms, pi, max_vcpus, budgets, bind)) continue;
        for (Time b : budgets) {
          VcpuSpec v;
          v.budget = b * kMs;
          v.period = pi * kMs;
          vcpus.push_back(v);
        }
      }
      double bw = 0;
      for (const auto& v : vcpus)
        bw += static_cast<double>(v.budget) / static_cast<double>(v.period);
      if (bw < best_bw - 1e-12) {
        best_bw = bw;
        best_vcpus = vcpus;
        best_bind = bind;
      }
    }
    if (best_vcpus.empty()) {
      // No interface: one full vCPU per task up to the limit, marked not ok.
      out.ok = false;
      const std::size_t n = std::min<std::size_t>(max_vcpus, per[d].size());
      for (std::size_t i = 0; i < n; ++i) {
        VcpuSpec v;
        v.budget = v.period = 10 * kMs;
        best_vcpus.push_back(v);
      }
      best_bind.clear();
      for (std::size_t i = 0; i < per[d].size(); ++i) best_bind.push_back(static_cast<int>(i % n));
      best_bw = static_cast<double>(n);
    }
    dom.vcpus = best_vcpus;
    if (!guest_global)
      for (std::size_t i = 0; i < dom.tasks.size(); ++i) dom.tasks[i].vcpu = best_bind[i];
    out.bandwidth += best_bw;
    out.domains.push_back(std::move(dom));
  }
  return out;
}

Ch3Host ch3_host(const Ch3Layout& layout, bool host_global, ServerKind server,
                 std::uint32_t pcpus) {
  Ch3Host h;
  std::vector<analysis::HostVcpu> hv;
  for (std::uint32_t d = 0; d < layout.domains.size(); ++d)
    for (const auto& v : layout.domains[d].vcpus)
      hv.push_back(
          analysis::HostVcpu{v.budget / kMs, v.period / kMs, d, server == ServerKind::deferrable});
  h.pcpu_of.assign(hv.size(), 0);
  if (host_global) {
    // Round-robin spread only for the record; a global host ignores it.
    for (std::size_t i = 0; i < hv.size(); ++i)
      h.pcpu_of[i] = static_cast<std::uint32_t>(i % pcpus);
    std::vector<analysis::Task> as_tasks;
    for (const auto& v : hv) {
      analysis::Task t = analysis::Task::implicit(v.period, v.budget);
      t.jitter = v.jitter();
      as_tasks.push_back(t);
    }
    if (as_tasks.empty()) return h;
    auto r = analysis::gedf_schedulable(as_tasks,
                                        analysis::MprInterface{1, static_cast<Time>(pcpus), pcpus});
    h.schedulable = layout.ok && r && *r;
  } else {
    // Decreasing bandwidth first, then best fit (thesis §3.3.1).
    std::vector<std::size_t> order(hv.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return hv[a].budget * hv[b].period > hv[b].budget * hv[a].period;
    });
    std::vector<analysis::HostVcpu> sorted;
    for (auto i : order) sorted.push_back(hv[i]);
    std::vector<std::uint32_t> asg(sorted.size());
    auto r =
        analysis::pack_vcpus(sorted, pcpus, analysis::HostPolicy::edf, analysis::Fit::best, asg);
    if (r) {
      for (std::size_t k = 0; k < order.size(); ++k) h.pcpu_of[order[k]] = asg[k];
      h.schedulable = layout.ok && r->schedulable;
    }
  }
  return h;
}

Scenario ch3_scenario(const Ch3Layout& layout, const Ch3Host& host, bool host_global,
                      ServerKind server, Time duration, std::uint64_t seed, std::uint32_t pcpus,
                      bool random_phases) {
  Rng phase_rng = Rng::stream(seed, 0x9ba5e, 1);
  Scenario s;
  s.name = "ch3";
  s.seed = seed;
  s.duration = duration;
  PoolSpec pool;
  pool.name = "Pool-0";
  for (std::uint32_t c = 0; c < pcpus; ++c) pool.cpus.push_back(c);
  pool.server = server;
  pool.priority = PriorityScheme::edf;
  pool.placement = host_global ? Placement::global : Placement::partitioned;
  s.pools.push_back(pool);
  std::size_t k = 0;
  for (const auto& d : layout.domains) {
    DomainSpec dom = d;
    for (auto& v : dom.vcpus) {
      if (!host_global) v.cpus = {host.pcpu_of[k]};
      if (random_phases) v.phase = phase_rng.uniform_int(0, v.period / kUs - 1) * kUs;
      ++k;
    }
    s.domains.push_back(std::move(dom));
  }
  return s;
}

}  // namespace sim
