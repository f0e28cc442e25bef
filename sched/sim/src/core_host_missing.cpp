// Stand-in used while the sched/ core library is not part of the build:
// every request fails with a clear reason (core_host.h).
#include "sim/core_host.h"

namespace sim {

std::unique_ptr<HostScheduler> make_core_host(const Scenario&, std::string& error) {
  error = "the sched/ core is not built into this simulator";
  return nullptr;
}

HostFactory core_host_factory() { return make_core_host; }

}  // namespace sim
