// The simulated system as plain data: CPU pools with their host scheduler
// settings, domains with vCPU servers, and the periodic tasks inside each
// domain with their guest scheduler. Built by the scenario parser or the
// task-set generators, read by the engine. No locking: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sched/types.h"
#include "sim/time.h"

namespace sim {

// Host-level choices: the three axes of the scheduler core, its own types.
using ServerKind = sched::ServerKind;
using PriorityScheme = sched::PriorityScheme;
using Placement = sched::Placement;

// Guest-level scheduler inside a domain.
enum class GuestPolicy { fp, edf };  // fp: explicit priorities, else rate monotonic

inline const char* name(ServerKind k) { return sched::server_kind_name(k); }
// Scenario vocabulary: "fixed", "dm", "rm", "edf" (docs/simulator.md).
const char* name(PriorityScheme p);
inline const char* name(Placement p) { return sched::placement_name(p); }
const char* name(GuestPolicy p);

// A periodic task (deadline = period unless given). Each job's demand is
// uniform in [etf * wcet, wcet] (thesis §2.7.1: the execution-time factor).
struct TaskSpec {
  std::string name;
  Time period = 0;
  Time wcet = 0;
  Time deadline = 0;            // 0: equal to the period
  Time offset = 0;              // first release
  double etf = 1.0;             // in (0, 1]
  std::optional<int> priority;  // fp guests: smaller is higher; unset: rate monotonic
  int vcpu = -1;                // partitioned guests: the vCPU it is bound to
  Time relative_deadline() const { return deadline > 0 ? deadline : period; }
};

// One vCPU's server interface (xl sched-rt style).
struct VcpuSpec {
  Time budget = 0;
  Time period = 0;
  int priority = 0;                  // for PriorityScheme::fp; smaller is higher
  bool rt = true;                    // real-time vCPUs outrank non-real-time ones
  std::optional<ServerKind> server;  // unset: the pool's default
  std::vector<std::uint32_t> cpus;   // affinity (absolute pCPU numbers); empty: the pool's
  Time phase = 0;  // its periods start here (set_params at that time) instead of 0
};

struct DomainSpec {
  std::string name;
  std::string pool;  // pool name
  std::vector<VcpuSpec> vcpus;
  GuestPolicy guest = GuestPolicy::fp;
  Placement guest_placement = Placement::partitioned;
  bool busy = false;  // a CPU-bound background loop: always has work
  std::vector<TaskSpec> tasks;
};

struct PoolSpec {
  std::string name;
  std::vector<std::uint32_t> cpus;  // absolute pCPU numbers, disjoint between pools
  ServerKind server = ServerKind::deferrable;
  PriorityScheme priority = PriorityScheme::fp;
  Placement placement = Placement::partitioned;
  Time quantum = 0;  // 0: event driven; else a fixed scheduling quantum
};

// "Pool-0" on pCPU 0 alone, the pool of the thesis' single-core experiments.
PoolSpec single_cpu_pool(ServerKind server, PriorityScheme priority, Placement placement);

struct Scenario {
  std::string name;
  Time duration = 60 * kSec;
  std::uint64_t seed = 1;
  std::vector<PoolSpec> pools;
  std::vector<DomainSpec> domains;

  std::uint32_t pcpu_count() const;  // 1 + the largest pCPU number in any pool
  std::size_t vcpu_count() const;
};

}  // namespace sim
