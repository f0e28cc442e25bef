// The HostScheduler over the real sched/ core: one scheduler instance per
// CPU pool, configured from the scenario (server, priority scheme,
// placement, per-vCPU budget/period/priority/rt/affinity), with the
// engine's global vCPU numbers mapped to the core's vCPU objects.
// Single-threaded (the engine's thread); the core's own locks are taken as
// the hypervisor would take them.
#pragma once

#include <memory>
#include <string>

#include "sim/experiments.h"
#include "sim/host.h"
#include "sim/model.h"

namespace sim {

// nullptr and `error` set when the scenario asks for something the core
// does not offer (or the core is not built).
std::unique_ptr<HostScheduler> make_core_host(const Scenario& s, std::string& error);
// make_core_host as a HostFactory.
HostFactory core_host_factory();

}  // namespace sim
