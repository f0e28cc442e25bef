// The static scheduler registry: creates a Scheduler by policy name into
// caller-provided storage (no heap). A name is
//     "<priority>:<placement>[:<server>]"   e.g. "edf:global", "fp:partitioned:sporadic"
// with priority edf|dm|rm|fp, placement global|partitioned (also g|p), server
// deferrable|periodic|polling|sporadic|wcps|crps (default deferrable), or
// one of the thesis' short names gedf, pedf, gdm, pdm, grm, prm, gfp, pfp
// (optionally followed by ":<server>"). The server named is the default for
// vCPUs added without an explicit one (Params::server is per vCPU).
// No locking: the registry table is constant; creation touches only `storage`.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "sched/lock.h"
#include "sched/scheduler.h"
#include "sched/types.h"
#include "support/error.h"

namespace sched {

// Big enough for every registered scheduler (static_assert'ed in registry.cpp).
inline constexpr std::size_t kSchedulerStorageBytes = 48 * 1024;
struct alignas(64) SchedulerStorage {
  unsigned char bytes[kSchedulerStorageBytes];
};

struct PolicySpec {
  PriorityScheme priority = PriorityScheme::edf;
  Placement placement = Placement::global;
  ServerKind server = ServerKind::deferrable;
};

// One registered scheduler implementation (priority × placement).
struct PolicyEntry {
  const char* name;  // e.g. "edf:global"
  PriorityScheme priority;
  Placement placement;
  Scheduler* (*construct)(void* storage, const PolicySpec& spec, Lock& lock,
                          const SchedulerOptions& options);
};

std::span<const PolicyEntry> registered_policies();

// Parses a policy name (see the top comment). Errc::not_found if unknown.
support::Result<PolicySpec> parse_policy(std::string_view name);

// Constructs the scheduler in `storage`; `lock` must outlive it. The storage
// must not be in use by another live scheduler.
support::Result<Scheduler*> create_scheduler(std::string_view name, SchedulerStorage& storage,
                                             Lock& lock, const SchedulerOptions& options = {});
support::Result<Scheduler*> create_scheduler(const PolicySpec& spec, SchedulerStorage& storage,
                                             Lock& lock, const SchedulerOptions& options = {});

// Runs the destructor (storage can be reused). The instance must have no vCPUs.
void destroy_scheduler(Scheduler* s);

}  // namespace sched
