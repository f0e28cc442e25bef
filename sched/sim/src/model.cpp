// Names of the model's enumerations and small scenario helpers (model.h).
#include "sim/model.h"

#include <algorithm>

namespace sim {

const char* name(ServerKind k) {
  switch (k) {
    case ServerKind::deferrable:
      return "deferrable";
    case ServerKind::periodic:
      return "periodic";
    case ServerKind::polling:
      return "polling";
    case ServerKind::sporadic:
      return "sporadic";
    case ServerKind::wcps:
      return "wcps";
    case ServerKind::crps:
      return "crps";
  }
  return "?";
}

const char* name(PriorityScheme p) {
  switch (p) {
    case PriorityScheme::fixed:
      return "fixed";
    case PriorityScheme::dm:
      return "dm";
    case PriorityScheme::rm:
      return "rm";
    case PriorityScheme::edf:
      return "edf";
  }
  return "?";
}

const char* name(Placement p) { return p == Placement::global ? "global" : "partitioned"; }
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
