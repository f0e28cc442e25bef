// From generated task sets to vCPU interfaces and scenarios, with the
// schedulability analysis of sched/analysis (thesis §2.7.1 and §3.3):
//  * ch2_scenario: five single-vCPU RM domains on one pCPU; each domain's
//    interface is the optimal PRM interface (integer-valued, in ms) over a
//    period range; domains get RM priorities by interface period and are
//    renamed so dom1 is the highest priority and dom5 the lowest.
//  * ch3 layouts: four domains, guest pEDF (best-fit packing of tasks onto
//    vCPUs, each vCPU an EDF PRM interface) or gEDF (MPR interface mapped
//    to equal-split vCPUs); all vCPU periods from one harmonic set; host
//    test partitioned EDF (best fit, 5 pCPUs) or global EDF (the vCPUs as
//    periodic tasks on five dedicated processors, MPR <1, 5, 5>).
// Analysis time unit: 1 ms (WCETs rounded up to whole ms, conservative).
// No locking: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/model.h"

namespace sim {

struct PrmChoice {
  bool ok = false;
  Time period = 0;                // ns
  Time budget = 0;                // ns, whole ms
  double rational_bandwidth = 0;  // Theta*/Pi before rounding
};

// Optimal integer-valued RM (fp) or EDF interface with period in
// [pmin, pmax] (ns, whole ms), searched in 1 ms steps.
PrmChoice prm_interface(const std::vector<TaskSpec>& tasks, bool edf, Time pmin, Time pmax);

struct Ch2System {
  Scenario scenario;
  std::vector<PrmChoice> interfaces;  // per domain, in priority order
  double u_w = 0;                     // task utilization
  double u_rm = 0;                    // total interface bandwidth
};

// etf[d] is applied to every task of the domain with priority d (0 = highest).
Ch2System ch2_scenario(const std::vector<TaskSpec>& tasks, const std::vector<int>& domain_of,
                       ServerKind server, const std::vector<double>& etf, std::uint64_t seed,
                       Time pmin = 1 * kMs,
                       Time pmax = 0 /* 0: shortest task period in the domain */);

struct Ch3Layout {
  bool ok = false;  // every domain got an interface
  bool guest_global = false;
  std::vector<DomainSpec> domains;  // vCPU budgets/periods set; partitioned tasks bound
  double bandwidth = 0;             // total vCPU bandwidth
};

Ch3Layout ch3_layout(const std::vector<TaskSpec>& tasks, bool guest_global,
                     std::uint32_t domains = 4, std::uint32_t max_vcpus_per_domain = 5);

struct Ch3Host {
  bool schedulable = false;
  std::vector<std::uint32_t> pcpu_of;  // partitioned host: pCPU of each vCPU (domain order)
};

// `server`: deferrable servers are charged their release jitter (period -
// budget) by the host test (analysis::HostVcpu::deferrable, Task::jitter).
Ch3Host ch3_host(const Ch3Layout& layout, bool host_global, ServerKind server,
                 std::uint32_t pcpus = 5);

// random_phases: every vCPU's periods start at a random phase in
// [0, period) (whole us, seeded) instead of all at 0.
Scenario ch3_scenario(const Ch3Layout& layout, const Ch3Host& host, bool host_global,
                      ServerKind server, Time duration, std::uint64_t seed, std::uint32_t pcpus = 5,
                      bool random_phases = false);

}  // namespace sim
