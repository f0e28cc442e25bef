// The static registry table and policy-name parsing. Constant data only.
#include "sched/registry.h"

#include <new>

#include "core_scheduler.h"

namespace sched {

using support::Errc;
using support::make_error;

namespace {

Scheduler* construct_core(void* storage, const PolicySpec& spec, Lock& lock,
                          const SchedulerOptions& options) {
  return new (storage) detail::CoreScheduler(spec, lock, options);
}

static_assert(sizeof(detail::CoreScheduler) <= kSchedulerStorageBytes,
              "SchedulerStorage too small for CoreScheduler");
static_assert(alignof(detail::CoreScheduler) <= alignof(SchedulerStorage));

constexpr PolicyEntry kPolicies[] = {
    {"edf:global", PriorityScheme::edf, Placement::global, construct_core},
    {"edf:partitioned", PriorityScheme::edf, Placement::partitioned, construct_core},
    {"dm:global", PriorityScheme::dm, Placement::global, construct_core},
    {"dm:partitioned", PriorityScheme::dm, Placement::partitioned, construct_core},
    {"rm:global", PriorityScheme::rm, Placement::global, construct_core},
    {"rm:partitioned", PriorityScheme::rm, Placement::partitioned, construct_core},
    {"fp:global", PriorityScheme::fp, Placement::global, construct_core},
    {"fp:partitioned", PriorityScheme::fp, Placement::partitioned, construct_core},
};

struct Alias {
  std::string_view alias;
  std::string_view full;
};
constexpr Alias kAliases[] = {
    {"gedf", "edf:global"},    {"pedf", "edf:partitioned"}, {"gdm", "dm:global"},
    {"pdm", "dm:partitioned"}, {"grm", "rm:global"},        {"prm", "rm:partitioned"},
    {"gfp", "fp:global"},      {"pfp", "fp:partitioned"},
};

bool parse_server(std::string_view s, ServerKind& out) {
  for (int i = 0; i < kServerKindCount; ++i) {
    auto k = static_cast<ServerKind>(i);
    if (s == server_kind_name(k)) {
      out = k;
      return true;
    }
  }
  return false;
}

const PolicyEntry* find_entry(PriorityScheme p, Placement pl) {
  for (const auto& e : kPolicies)
    if (e.priority == p && e.placement == pl) return &e;
  return nullptr;
}

}  // namespace

std::span<const PolicyEntry> registered_policies() { return kPolicies; }

support::Result<PolicySpec> parse_policy(std::string_view name) {
  PolicySpec spec;
  // Split "<a>:<b>[:<c>]".
  std::string_view parts[3];
  int n = 0;
  std::string_view rest = name;
  while (n < 3) {
    auto colon = rest.find(':');
    parts[n++] = rest.substr(0, colon);
    if (colon == std::string_view::npos) {
      rest = {};
      break;
    }
    rest = rest.substr(colon + 1);
    if (rest.empty()) return make_error(Errc::not_found, "policy name ends with ':'");
  }
  if (!rest.empty()) return make_error(Errc::not_found, "policy name has too many parts");

  int server_part = -1;
  std::string_view prio = parts[0], place;
  for (const auto& a : kAliases) {
    if (parts[0] == a.alias) {
      auto colon = a.full.find(':');
      prio = a.full.substr(0, colon);
      place = a.full.substr(colon + 1);
      if (n > 2) return make_error(Errc::not_found, "short policy name takes only a server");
      server_part = n == 2 ? 1 : -1;
      break;
    }
  }
  if (place.empty()) {
    if (n < 2) return make_error(Errc::not_found, "policy name needs <priority>:<placement>");
    place = parts[1];
    server_part = n == 3 ? 2 : -1;
  }
  if (prio == "edf")
    spec.priority = PriorityScheme::edf;
  else if (prio == "dm")
    spec.priority = PriorityScheme::dm;
  else if (prio == "rm")
    spec.priority = PriorityScheme::rm;
  else if (prio == "fp")
    spec.priority = PriorityScheme::fp;
  else
    return make_error(Errc::not_found, "unknown priority scheme (edf|dm|rm|fp)");
  if (place == "global" || place == "g")
    spec.placement = Placement::global;
  else if (place == "partitioned" || place == "p")
    spec.placement = Placement::partitioned;
  else
    return make_error(Errc::not_found, "unknown placement (global|partitioned)");
  if (server_part >= 0 && !parse_server(parts[server_part], spec.server))
    return make_error(Errc::not_found,
                      "unknown server (deferrable|periodic|polling|sporadic|wcps|crps)");
  return spec;
}

support::Result<Scheduler*> create_scheduler(const PolicySpec& spec, SchedulerStorage& storage,
                                             Lock& lock, const SchedulerOptions& options) {
  const PolicyEntry* e = find_entry(spec.priority, spec.placement);
  if (e == nullptr) return make_error(Errc::not_found, "no such registered policy");
  if (static_cast<int>(spec.server) >= kServerKindCount)
    return make_error(Errc::not_found, "unknown server kind");
  if (options.quantum != 0 && options.quantum < kMinBudget)
    return make_error(Errc::range, "quantum below 10 us");
  if (options.nonrt_quantum < kMinBudget)
    return make_error(Errc::range, "non-rt quantum below 10 us");
  return e->construct(storage.bytes, spec, lock, options);
}

support::Result<Scheduler*> create_scheduler(std::string_view name, SchedulerStorage& storage,
                                             Lock& lock, const SchedulerOptions& options) {
  auto spec = parse_policy(name);
  if (!spec) return spec.error();
  return create_scheduler(*spec, storage, lock, options);
}

void destroy_scheduler(Scheduler* s) {
  if (s != nullptr) s->~Scheduler();
}

}  // namespace sched
