// tactus-sim: the simulator's command line. Runs scenario files, emits the
// thesis' generated scenarios, runs the reproductions and measures speed.
// `tactus-sim help` lists the commands. Single-threaded.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "openstack_driver.h"
#include "sim/core_host.h"
#include "sim/experiments.h"
#include "sim/generators.h"
#include "sim/interfaces.h"
#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/trace.h"

using namespace sim;

namespace {

const char* kUsage = R"(usage: tactus-sim <command> [options]

  run SCENARIO.json [--time DUR] [--seed N] [--server KIND] [--trace FILE] [--json FILE]
        simulate a scenario and print per-task, per-domain, per-vCPU and per-pCPU results;
        --trace writes a Chrome/Perfetto trace, --json the results as JSON
  gen rtxen1 [--alpha A] [--share decreasing|even|increasing] [--server KIND] [--overload] [--seed N]
        thesis 2.5.5 / Table 2.2 scenario on stdout
  gen servers --uw U [--periods LO-HI] [--server KIND] [--etf E1,E2,...] [--seed N]
        thesis 2.7.1 scenario (interfaces from the analysis) on stdout
  gen bimodal --u U [--guest pedf|gedf] [--host pedf|gedf] [--server KIND] [--seed N] [--time DUR]
        thesis 3.3.2 scenario on stdout
  gen scale [--vcpus N] [--pcpus M] [--placement partitioned|global] [--seed N] [--time DUR]
        N vCPUs (1000) on M pCPUs (64), the bench's sized scenario, on stdout
  experiment table2.2|table4.2|servers|etf|ch3|openstack [--time DUR] [--seeds N] [--csv FILE] [--phases zero|random]
        run a reproduction and print its table (CSV for tools/plot_results.py);
        ch3 --phases random starts every vCPU's periods at a random phase;
        openstack: Table 4.4, placement by Debian's Nova (tools/openstack_experiment.py)
  bench [--time DUR] [--reps R] [--vcpus N --pcpus M [--placement partitioned|global] [--sized-only]]
        speed with the audit off, median of R runs (5): five domains (thesis 2.5.5, alpha 0.9,
        deferrable) for DUR (default 60s), and with --vcpus/--pcpus a generated scenario of N vCPUs
        on M pCPUs (gen_scale); --sized-only skips the five domains

DUR: 10ms, 1.5s, ... ; KIND: deferrable periodic polling sporadic wcps crps
)";

struct Args {
  std::vector<std::string> pos;
  std::map<std::string, std::string> opt;
  bool has(const std::string& k) const { return opt.count(k) != 0; }
  std::string get(const std::string& k, const std::string& d = "") const {
    auto it = opt.find(k);
    return it == opt.end() ? d : it->second;
  }
};

[[noreturn]] void die(const std::string& msg) {
  std::cerr << "tactus-sim: " << msg << "\n";
  std::exit(2);
}

Args parse_args(int argc, char** argv, int from) {
  static const char* kFlags[] = {"--overload", "--sized-only"};
  Args a;
  for (int i = from; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      bool flag = false;
      for (const char* f : kFlags) flag = flag || s == f;
      if (flag) {
        a.opt[s.substr(2)] = "1";
      } else {
        if (i + 1 >= argc) die("option " + s + " needs a value");
        a.opt[s.substr(2)] = argv[++i];
      }
    } else {
      a.pos.push_back(s);
    }
  }
  return a;
}

Time duration_opt(const Args& a, const char* key, Time def) {
  if (!a.has(key)) return def;
  Time t = 0;
  if (!parse_duration(a.get(key), t) || t <= 0)
    die(std::string("--") + key + ": not a duration like 60s");
  return t;
}

double number_opt(const Args& a, const char* key, double def) {
  if (!a.has(key)) return def;
  char* end = nullptr;
  const std::string v = a.get(key);
  const double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0') die(std::string("--") + key + ": not a number");
  return d;
}

std::uint64_t seed_opt(const Args& a, std::uint64_t def) {
  return static_cast<std::uint64_t>(number_opt(a, "seed", static_cast<double>(def)));
}

ServerKind server_opt(const Args& a, ServerKind def) {
  if (!a.has("server")) return def;
  const std::string s = a.get("server");
  for (auto k : {ServerKind::deferrable, ServerKind::periodic, ServerKind::polling,
                 ServerKind::sporadic, ServerKind::wcps, ServerKind::crps})
    if (s == name(k)) return k;
  die("--server: unknown server " + s);
}

std::vector<double> list_opt(const Args& a, const char* key) {
  std::vector<double> out;
  std::stringstream ss(a.get(key));
  std::string part;
  while (std::getline(ss, part, ',')) out.push_back(std::atof(part.c_str()));
  return out;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  if (!f) die("cannot write " + path);
  f << text;
}

int cmd_run(const Args& a) {
  if (a.pos.size() != 1) die("run needs one scenario file");
  auto p = load_scenario(a.pos[0]);
  if (!p.ok) die(a.pos[0] + ": " + p.error);
  Scenario s = p.scenario;
  s.duration = duration_opt(a, "time", s.duration);
  s.seed = seed_opt(a, s.seed);
  if (a.has("server"))
    for (auto& pool : s.pools) pool.server = server_opt(a, pool.server);
  std::ofstream trace_file;
  std::unique_ptr<TraceWriter> trace;
  if (a.has("trace")) {
    trace_file.open(a.get("trace"));
    if (!trace_file) die("cannot write " + a.get("trace"));
    trace = std::make_unique<TraceWriter>(trace_file);
  }
  RunOutcome o = simulate(s, core_host_factory(), -1, trace.get());
  if (trace) trace->finish();
  if (!o.ok) die(o.error);
  print_report(std::cout, o.results);
  if (a.has("json")) write_file(a.get("json"), report_json(o.results));
  return 0;
}

// gen_scale from --vcpus N (1000) --pcpus M (64) --placement P --seed --time.
Scenario scale_scenario(const Args& a) {
  const double n = number_opt(a, "vcpus", 1000), m = number_opt(a, "pcpus", 64);
  if (n < 1 || m < 1 || m > 64) die("--vcpus N (>= 1) --pcpus M (1..64)");
  const std::string pl = a.get("placement", "partitioned");
  if (pl != "partitioned" && pl != "global") die("--placement: partitioned or global");
  Scenario s =
      gen_scale(static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(m),
                pl == "global" ? Placement::global : Placement::partitioned, seed_opt(a, 1));
  s.duration = duration_opt(a, "time", 60 * kSec);
  s.name += " (" + pl + " EDF, deferrable)";
  return s;
}

int cmd_gen(const Args& a) {
  if (a.pos.empty()) die("gen needs a generator name");
  const std::string g = a.pos[0];
  Scenario s;
  if (g == "rtxen1") {
    const std::string share = a.get("share", "even");
    ShareCase sc = ShareCase::even;
    if (share == "decreasing")
      sc = ShareCase::decreasing;
    else if (share == "increasing")
      sc = ShareCase::increasing;
    else if (share != "even")
      die("--share: decreasing, even or increasing");
    s = gen_rtxen1(number_opt(a, "alpha", 0.7), sc, server_opt(a, ServerKind::deferrable),
                   seed_opt(a, 1), a.has("overload"));
  } else if (g == "servers") {
    std::vector<std::uint32_t> range;
    Time lo = 550 * kMs, hi = 650 * kMs;
    if (a.has("periods")) {
      const std::string r = a.get("periods");
      const auto dash = r.find('-');
      if (dash == std::string::npos) die("--periods: LO-HI in ms");
      lo = std::atoll(r.substr(0, dash).c_str()) * kMs;
      hi = std::atoll(r.substr(dash + 1).c_str()) * kMs;
      if (lo <= 0 || hi < lo) die("--periods: LO-HI in ms");
    }
    std::vector<int> dom;
    auto tasks = gen_uniform_tasks(number_opt(a, "uw", 0.9), lo, hi, seed_opt(a, 1), dom);
    auto sys = ch2_scenario(tasks, dom, server_opt(a, ServerKind::periodic), list_opt(a, "etf"),
                            seed_opt(a, 1));
    s = sys.scenario;
    s.name = "servers U_W=" + a.get("uw", "0.9");
  } else if (g == "bimodal") {
    const bool gg = a.get("guest", "pedf") == "gedf";
    const bool hg = a.get("host", "gedf") == "gedf";
    auto tasks = gen_bimodal_tasks(number_opt(a, "u", 2.5), seed_opt(a, 1));
    auto layout = ch3_layout(tasks, gg);
    const ServerKind server = server_opt(a, ServerKind::deferrable);
    auto host = ch3_host(layout, hg, server);
    s = ch3_scenario(layout, host, hg, server, duration_opt(a, "time", 60 * kSec), seed_opt(a, 1));
    std::cerr << "analysis: " << (host.schedulable ? "schedulable" : "not schedulable")
              << ", vCPU bandwidth " << layout.bandwidth << "\n";
  } else if (g == "scale") {
    s = scale_scenario(a);
  } else {
    die("unknown generator " + g);
  }
  std::cout << scenario_to_json(s);
  return 0;
}

std::string pct(double x) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3f%%", 100.0 * x);
  return b;
}

int cmd_experiment(const Args& a) {
  if (a.pos.empty()) die("experiment needs a name");
  const std::string e = a.pos[0];
  const auto host = core_host_factory();
  std::ostringstream csv;
  if (e == "table2.2") {
    const Time T = duration_opt(a, "time", 120 * kSec);
    csv << "server,case,dom1,dom2,dom3,dom4,dom5\n";
    for (bool over : {false, true})
      for (auto k : {ServerKind::sporadic, ServerKind::periodic, ServerKind::polling,
                     ServerKind::deferrable}) {
        auto row = table22(k, over, seed_opt(a, 1), T, host);
        std::cout << (over ? "overloaded " : "normal     ") << name(k) << ":";
        if (!row.run.ok) {
          std::cout << " error: " << row.run.error << "\n";
          continue;
        }
        csv << name(k) << ',' << (over ? "overloaded" : "normal");
        for (double d : row.dmr) {
          std::cout << ' ' << pct(d);
          csv << ',' << d;
        }
        csv << '\n';
        std::cout << "\n";
      }
  } else if (e == "table4.2") {
    const Time T = duration_opt(a, "time", 60 * kSec);
    csv << "nonrt,rt,others...,busy\n";
    for (int n = 0; n <= 5; ++n) {
      auto row = table42(n, T, host);
      if (!row.run.ok) {
        std::cout << n << " non-RT: error: " << row.run.error << "\n";
        continue;
      }
      std::cout << n << " non-RT: RT " << pct(row.rt);
      csv << n << ',' << row.rt;
      for (double o : row.others) {
        std::cout << " " << pct(o);
        csv << ',' << o;
      }
      std::cout << " total busy " << pct(row.busy) << "\n";
      csv << ',' << row.busy << '\n';
    }
  } else if (e == "servers" || e == "etf") {
    const Time T = duration_opt(a, "time", 300 * kSec);
    csv << "uw,periods,etf,server,u_w,u_rm,dmr_all,dmr_low,ratios_low...\n";
    struct Range {
      Time lo, hi;
    };
    const std::vector<Range> ranges = e == "servers" ? std::vector<Range>{{550 * kMs, 650 * kMs},
                                                                          {350 * kMs, 850 * kMs},
                                                                          {100 * kMs, 1100 * kMs}}
                                                     : std::vector<Range>{{550 * kMs, 650 * kMs}};
    const std::vector<double> etfs =
        e == "servers" ? std::vector<double>{1.0} : std::vector<double>{1.0, 0.5, 0.1};
    const std::vector<double> uws = a.has("uw") ? std::vector<double>{number_opt(a, "uw", 0.9)}
                                                : std::vector<double>{0.7, 0.8, 0.9, 1.0};
    for (double uw : uws)
      for (auto r : ranges)
        for (double etf : etfs)
          for (auto k : {ServerKind::periodic, ServerKind::wcps, ServerKind::crps}) {
            auto row =
                servers(uw, r.lo, r.hi, k, seed_opt(a, 1), T, {etf, etf, etf, 1.0, 1.0}, host);
            std::cout << "U_W " << uw << " periods " << r.lo / kMs << "-" << r.hi / kMs << " ETF "
                      << etf << " " << name(k) << ": ";
            if (!row.run.ok) {
              std::cout << "error: " << row.run.error << "\n";
              continue;
            }
            std::cout << "U_W " << row.u_w << " U_RM " << row.u_rm << " DMR all "
                      << pct(row.dmr_all) << " lowest " << pct(row.dmr.empty() ? 0 : row.dmr.back())
                      << " p50(lowest) " << percentile(row.lowest, 50) << "\n";
            csv << uw << ',' << r.lo / kMs << '-' << r.hi / kMs << ',' << etf << ',' << name(k)
                << ',' << row.u_w << ',' << row.u_rm << ',' << row.dmr_all << ','
                << (row.dmr.empty() ? 0 : row.dmr.back());
            // Deciles of the lowest domain's response/deadline for the plots.
            for (int q = 0; q <= 100; q += 5) csv << ',' << percentile(row.lowest, q);
            csv << '\n';
          }
  } else if (e == "ch3") {
    const Time T = duration_opt(a, "time", 60 * kSec);
    const int seeds = static_cast<int>(number_opt(a, "seeds", 25));
    const bool phases = a.get("phases", "zero") == "random";
    csv << "u,guest,host,server,analysis_fraction,sim_fraction,avg_bandwidth,violations\n";
    for (int ui = 0; ui < 20; ++ui) {
      const double u = 1.1 + 0.2 * ui;
      for (bool gg : {false, true})
        for (bool hg : {false, true})
          for (auto k : {ServerKind::periodic, ServerKind::deferrable}) {
            int an = 0, ok = 0, viol = 0;
            double bw = 0;
            for (int sd = 1; sd <= seeds; ++sd) {
              auto pt = ch3_point(u, static_cast<std::uint64_t>(sd), gg, hg, k, T, host, phases);
              if (!pt.run.ok) {
                char at[96];
                std::snprintf(at, sizeof at, "ch3 U %.1f seed %d guest %s host %s %s: ", u, sd,
                              gg ? "gEDF" : "pEDF", hg ? "gEDF" : "pEDF", name(k));
                die(at + pt.run.error);
              }
              an += pt.analysis;
              ok += pt.simulated_ok;
              viol += pt.analysis && !pt.simulated_ok;
              bw += pt.bandwidth;
            }
            csv << u << ',' << (gg ? "gEDF" : "pEDF") << ',' << (hg ? "gEDF" : "pEDF") << ','
                << name(k) << ',' << double(an) / seeds << ',' << double(ok) / seeds << ','
                << bw / seeds << ',' << viol << '\n';
            std::printf(
                "U %.1f guest %s host %s %-10s analysis %5.2f simulated %5.2f bandwidth %.3f "
                "violations %d\n",
                u, gg ? "gEDF" : "pEDF", hg ? "gEDF" : "pEDF", name(k), double(an) / seeds,
                double(ok) / seeds, bw / seeds, viol);
            std::fflush(stdout);
          }
    }
  } else if (e == "openstack") {
    const Time T = duration_opt(a, "time", 10 * kSec);
    return sim_cli::exec_openstack_experiment(std::to_string(double(T) / kSec),
                                              std::to_string(seed_opt(a, 1)), a.get("csv"));
  } else {
    die("unknown experiment " + e);
  }
  if (a.has("csv")) write_file(a.get("csv"), csv.str());
  return 0;
}

// One speed measurement: `reps` runs of s with the audit off; medians.
struct Speed {
  Results r;  // of the last run
  double wall = 0;
  std::uint64_t jobs = 0;
};

Speed measure(const Scenario& s, int reps) {
  Speed sp;
  std::vector<double> walls;
  for (int i = 0; i < reps; ++i) {
    RunOutcome o = simulate(s, core_host_factory(), -1, nullptr, false);
    if (!o.ok) die(o.error);
    walls.push_back(o.results.wall_seconds);
    sp.r = std::move(o.results);
  }
  std::sort(walls.begin(), walls.end());
  sp.wall = walls[walls.size() / 2];
  for (const auto& t : sp.r.tasks) sp.jobs += t.released;
  return sp;
}

void print_speed(const char* what, const Scenario& s, const Speed& sp, int reps) {
  const double T = static_cast<double>(s.duration) / 1e9;
  std::printf(
      "%s: simulated %.1f s: %llu event instants (%.0f per simulated s), %llu scheduler calls, "
      "%llu jobs; median of %d runs %.4f s wall: %.2f M event instants/s, %.0fx real time\n",
      what, T, static_cast<unsigned long long>(sp.r.events), static_cast<double>(sp.r.events) / T,
      static_cast<unsigned long long>(sp.r.host_calls), static_cast<unsigned long long>(sp.jobs),
      reps, sp.wall, static_cast<double>(sp.r.events) / sp.wall / 1e6, T / sp.wall);
}

int cmd_bench(const Args& a) {
  const Time T = duration_opt(a, "time", 60 * kSec);
  const int reps = static_cast<int>(number_opt(a, "reps", 5));
  if (reps < 1) die("--reps: at least 1");
  std::printf("(audit off: EngineOptions::audit is on in every other run)\n");
  if (!a.has("sized-only")) {
    Scenario s = gen_rtxen1(0.9, ShareCase::even, ServerKind::deferrable, 1, false);
    s.duration = T;
    print_speed("5 domains / 25 tasks on 1 pCPU", s, measure(s, reps), reps);
  }
  if (a.has("vcpus") || a.has("pcpus")) {
    Scenario s = scale_scenario(a);
    s.duration = T;
    print_speed(s.name.c_str(), s, measure(s, reps), reps);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "help" || std::string(argv[1]) == "--help") {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  const Args a = parse_args(argc, argv, 2);
  if (cmd == "run") return cmd_run(a);
  if (cmd == "gen") return cmd_gen(a);
  if (cmd == "experiment") return cmd_experiment(a);
  if (cmd == "bench") return cmd_bench(a);
  die("unknown command " + cmd + " (tactus-sim help)");
}
