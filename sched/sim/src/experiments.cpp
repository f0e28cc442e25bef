// The thesis reproductions (experiments.h).
#include "sim/experiments.h"

#include "sim/generators.h"
#include "sim/scenario.h"

namespace sim {

RunOutcome simulate(const Scenario& s, const HostFactory& factory, Time until, TraceWriter* trace,
                    bool audit) {
  RunOutcome o;
  const std::string bad = validate(s);
  if (!bad.empty()) {
    o.error = bad;
    return o;
  }
  auto host = factory(s, o.error);
  if (!host) return o;
  EngineOptions opt;
  opt.trace = trace;
  opt.audit = audit;
  Engine e(s, *host, opt);
  o.ok = e.run(until);
  o.error = e.error();
  o.results = std::move(e.results());
  return o;
}

IsolationRow table22(ServerKind server, bool overload, std::uint64_t seed, Time duration,
                     const HostFactory& host) {
  IsolationRow row;
  row.server = server;
  row.overload = overload;
  Scenario s = gen_rtxen1(0.7, ShareCase::even, server, seed, overload);
  s.duration = duration;
  row.run = simulate(s, host);
  for (const auto& d : row.run.results.domains()) row.dmr.push_back(d.miss_ratio());
  return row;
}

ShareRow table42(int nonrt, Time duration, const HostFactory& host, ServerKind server) {
  Scenario s;
  s.name = "table4.2";
  s.duration = duration;
  s.pools.push_back(single_cpu_pool(server, PriorityScheme::edf, Placement::global));
  auto vm = [&](const std::string& n, Time budget, bool rt) {
    DomainSpec d;
    d.name = n;
    d.pool = s.pools.back().name;
    d.busy = true;
    VcpuSpec v;
    v.budget = budget;
    v.period = 10 * kMs;
    v.rt = rt;
    d.vcpus.push_back(v);
    s.domains.push_back(d);
  };
  vm("rt", 4 * kMs, true);
  for (int i = 1; i <= nonrt; ++i) vm("vm" + std::to_string(i), 10 * kMs, false);
  ShareRow row;
  row.nonrt = nonrt;
  row.run = simulate(s, host);
  const auto& r = row.run.results;
  if (r.duration > 0 && !r.vcpus.empty()) {
    const double T = static_cast<double>(r.duration);
    row.rt = static_cast<double>(r.vcpus[0].cpu) / T;
    for (std::size_t i = 1; i < r.vcpus.size(); ++i)
      row.others.push_back(static_cast<double>(r.vcpus[i].cpu) / T);
    row.busy = static_cast<double>(r.pcpus[0].busy) / T;
  }
  return row;
}

ServerRow servers(double u_w, Time lo, Time hi, ServerKind server, std::uint64_t seed,
                  Time duration, const std::vector<double>& etf, const HostFactory& host) {
  ServerRow row;
  row.server = server;
  std::vector<int> dom;
  auto tasks = gen_uniform_tasks(u_w, lo, hi, seed, dom);
  Ch2System sys = ch2_scenario(tasks, dom, server, etf, seed);
  sys.scenario.duration = duration;
  row.u_w = sys.u_w;
  row.u_rm = sys.u_rm;
  row.interfaces = sys.interfaces;
  row.run = simulate(sys.scenario, host);
  std::uint64_t judged = 0, missed = 0;
  for (const auto& d : row.run.results.domains()) {
    row.dmr.push_back(d.miss_ratio());
    judged += d.judged;
    missed += d.missed;
  }
  row.dmr_all = judged ? double(missed) / double(judged) : 0.0;
  if (!sys.scenario.domains.empty())
    row.lowest = ratios_of(row.run.results, sys.scenario.domains.back().name);
  row.all = ratios_of(row.run.results, "");
  return row;
}

Ch3Point ch3_point(double u, std::uint64_t seed, bool guest_global, bool host_global,
                   ServerKind server, Time duration, const HostFactory& host, bool random_phases) {
  Ch3Point pt;
  auto tasks = gen_bimodal_tasks(u, seed);
  Ch3Layout layout = ch3_layout(tasks, guest_global);
  Ch3Host h = ch3_host(layout, host_global, server);
  pt.layout_ok = layout.ok;
  pt.analysis = h.schedulable;
  pt.bandwidth = layout.bandwidth;
  Scenario s = ch3_scenario(layout, h, host_global, server, duration, seed, 5, random_phases);
  pt.run = simulate(s, host);
  for (const auto& d : pt.run.results.domains()) {
    pt.judged += d.judged;
    pt.missed += d.missed;
  }
  pt.simulated_ok = pt.run.ok && pt.missed == 0;
  return pt;
}

}  // namespace sim
