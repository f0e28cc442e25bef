// Names of the policy axes (for listings and registry names). No state.
#include "sched/types.h"

namespace sched {

const char* server_kind_name(ServerKind k) {
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

const char* priority_scheme_name(PriorityScheme p) {
  switch (p) {
    case PriorityScheme::fp:
      return "fp";
    case PriorityScheme::dm:
      return "dm";
    case PriorityScheme::rm:
      return "rm";
    case PriorityScheme::edf:
      return "edf";
  }
  return "?";
}

const char* placement_name(Placement p) {
  return p == Placement::global ? "global" : "partitioned";
}

}  // namespace sched
