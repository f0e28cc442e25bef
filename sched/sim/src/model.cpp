// Names of the model's enumerations and small scenario helpers (model.h).
#include "sim/model.h"

#include <algorithm>

namespace sim {

const char* name(PriorityScheme p) {
  return p == PriorityScheme::fp ? "fixed" : sched::priority_scheme_name(p);
}

PoolSpec single_cpu_pool(ServerKind server, PriorityScheme priority, Placement placement) {
  PoolSpec pool;
  pool.name = "Pool-0";
  pool.cpus = {0};
  pool.server = server;
  pool.priority = priority;
  pool.placement = placement;
  return pool;
}

const char* name(GuestPolicy p) { return p == GuestPolicy::edf ? "edf" : "fp"; }

std::uint32_t Scenario::pcpu_count() const {
  std::uint32_t n = 0;
  for (const auto& p : pools)
    for (auto c : p.cpus) n = std::max(n, c + 1);
  return n;
}

std::size_t Scenario::vcpu_count() const {
  std::size_t n = 0;
  for (const auto& d : domains) n += d.vcpus.size();
  return n;
}

}  // namespace sim
