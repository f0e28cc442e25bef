// `tactus-sim experiment openstack`: hands over to the Python driver
// tools/openstack_experiment.py, which places VMs with Debian's Nova and
// the Tactus plugins and then runs this simulator per host.
#pragma once

#include <string>

namespace sim_cli {

// Replaces the process with the driver (Debian's python3, PYTHONPATH set
// to the plugins and the tactus_analysis extension); returns only on
// failure to start it, with an exit code.
int exec_openstack_experiment(const std::string& seconds, const std::string& seed,
                              const std::string& csv);

}  // namespace sim_cli
