// The thesis reproductions as functions, shared by the ctest scenarios
// (tests/sim) and the CLI (`tactus-sim experiment ...`), so the numbers in
// docs/results.md come from the same code the tests check:
//  * table22: isolation (§2.5.4) — five domains, even share, alpha 0.7;
//  * table42: RT-Xen 2.1 shares (§4.3.2) — one RT vCPU (4 ms / 10 ms) and
//    n busy non-RT vCPUs on one pCPU;
//  * servers: PTPS/WCPS/CRPS (§2.7) — one §2.7.1 task set, interfaces from
//    the analysis, one pCPU with RM-ordered fixed priorities;
//  * ch3_point: one medium-bimodal task set (§3.3) — analysis verdict and
//    simulated deadline misses for a guest/host/server combination.
// The host scheduler comes from a factory so the engine stays independent
// of how the sched/ core is instantiated. No locking.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine.h"
#include "sim/interfaces.h"
#include "sim/model.h"
#include "sim/stats.h"

namespace sim {

using HostFactory =
    std::function<std::unique_ptr<HostScheduler>(const Scenario&, std::string& error)>;

struct RunOutcome {
  bool ok = false;
  std::string error;
  Results results;
};

// `audit`: EngineOptions::audit (the host's invariants after every instant;
// only speed measurements turn it off).
RunOutcome simulate(const Scenario& s, const HostFactory& host, Time until = -1,
                    TraceWriter* trace = nullptr, bool audit = true);

struct IsolationRow {
  ServerKind server{};
  bool overload = false;
  std::vector<double> dmr;  // per domain 1..5
  RunOutcome run;
};
IsolationRow table22(ServerKind server, bool overload, std::uint64_t seed, Time duration,
                     const HostFactory& host);

struct ShareRow {
  int nonrt = 0;
  double rt = 0;               // CPU share of the RT vCPU
  std::vector<double> others;  // of each non-RT vCPU
  double busy = 0;             // of the pCPU
  RunOutcome run;
};
ShareRow table42(int nonrt, Time duration, const HostFactory& host,
                 ServerKind server = ServerKind::deferrable);

struct ServerRow {
  ServerKind server{};
  double u_w = 0, u_rm = 0;
  std::vector<PrmChoice> interfaces;  // per domain, priority order
  std::vector<double> dmr;            // per domain
  double dmr_all = 0;
  std::vector<float> lowest;  // response/deadline of the lowest-priority domain
  std::vector<float> all;
  RunOutcome run;
};
// etf: per domain in priority order (missing entries: 1.0).
ServerRow servers(double u_w, Time period_lo, Time period_hi, ServerKind server, std::uint64_t seed,
                  Time duration, const std::vector<double>& etf, const HostFactory& host);

struct Ch3Point {
  bool analysis = false;   // compositional analysis says schedulable
  bool layout_ok = false;  // every domain got an interface
  double bandwidth = 0;    // total vCPU bandwidth
  std::uint64_t judged = 0, missed = 0;
  bool simulated_ok = false;  // no deadline miss
  RunOutcome run;
};
// random_phases: vCPU periods start at random phases (see ch3_scenario).
Ch3Point ch3_point(double u, std::uint64_t seed, bool guest_global, bool host_global,
                   ServerKind server, Time duration, const HostFactory& host,
                   bool random_phases = false);

}  // namespace sim
