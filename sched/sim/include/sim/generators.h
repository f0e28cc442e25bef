// Task-set generators of the thesis, seeded and reproducible (the same seed
// gives the same set on every machine: they use sim::Rng only).
//  * §2.5.5 (RT-Xen 1.0 soft real-time): five single-vCPU domains with the
//    budgets, periods and priorities of Table 2.3 on one pCPU; load alpha;
//    five tasks per domain with costs uniform in 5..10 ms and the domain's
//    share x alpha split randomly among them; deadline = period =
//    round(cost / utilization) in whole ms. Table 2.2's overload:
//    domain 3's highest-priority task gets 10 percentage points more
//    utilization (its period shrinks; see docs/results.md).
//  * §2.7.1 (PTPS/WCPS/CRPS): task utilizations uniform in [0.2%, 5%]
//    until the total reaches U_W, periods uniform in a range (whole ms),
//    WCET = round(u x period) (at least 1 ms), each task put in one of five
//    domains at random.
//  * §3.3.2 (RT-Xen 2.0): medium bimodal utilizations (uniform in
//    [0.0001, 0.5) with probability 2/3, else [0.5, 0.9]), periods uniform
//    in 350..850 ms, generated until the total exceeds U, the last one
//    dropped and a pad task added so the total is U; WCETs in whole us.
//    Tasks go round robin into four domains.
//  * Scale (not from the thesis; the simulator's speed benchmark): n vCPUs
//    on m pCPUs, see gen_scale.
// No locking: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model.h"

namespace sim {

enum class ShareCase { decreasing, even, increasing };  // Table 2.3

// Five domains dom1..dom5 (priority 1..5) on pCPU 0 with `server` and
// fixed priorities; each with tasks as described above.
Scenario gen_rtxen1(double alpha, ShareCase share, ServerKind server, std::uint64_t seed,
                    bool overload_dom3);

// Tasks only (all in one list), §2.7.1; `domain_of[i]` in 0..4 receives the
// random domain of task i.
std::vector<TaskSpec> gen_uniform_tasks(double u_w, Time period_lo, Time period_hi,
                                        std::uint64_t seed, std::vector<int>& domain_of);

// Tasks of §3.3.2 for total utilization u (exact up to a microsecond of WCET).
std::vector<TaskSpec> gen_bimodal_tasks(double u, std::uint64_t seed);

// n vCPUs on pCPUs 0..m-1 of one pool (deferrable servers, EDF; vCPU i
// pinned to pCPU i mod m when partitioned, else global), in domains of four
// vCPUs with pEDF guests (the last domain takes the rest). vCPU periods
// uniform in 20..100 ms (whole ms), budgets reserve 80% of the pool
// (at least 10 us); two tasks per vCPU, periods uniform in 50..500 ms,
// using 90% of their vCPU's bandwidth split by random weights, ETF 0.5.
Scenario gen_scale(std::uint32_t n, std::uint32_t m, Placement placement, std::uint64_t seed);

double utilization(const std::vector<TaskSpec>& tasks);

}  // namespace sim
