// Starts tools/openstack_experiment.py in place of tactus-sim (see
// openstack_driver.h). Paths come from the build (TACTUS_SOURCE_DIR,
// TACTUS_PYTHON, TACTUS_CLOUD_MODULE_DIR).
#include "openstack_driver.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <vector>

namespace sim_cli {

int exec_openstack_experiment(const std::string& seconds, const std::string& seed,
                              const std::string& csv) {
  const std::string src = TACTUS_SOURCE_DIR;
  const std::string path = std::string(TACTUS_CLOUD_MODULE_DIR) + ":" + src + "/cloud/tactus_nova";
  setenv("PYTHONPATH", path.c_str(), 1);
  std::vector<std::string> args = {
      TACTUS_PYTHON, src + "/tools/openstack_experiment.py",
      "--sim",       std::filesystem::read_symlink("/proc/self/exe").string(),
      "--time",      seconds,
      "--seed",      seed};
  if (!csv.empty()) {
    args.push_back("--csv");
    args.push_back(csv);
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  std::cerr << "tactus-sim: cannot start " << args[0] << " for the openstack experiment\n";
  return 2;
}

}  // namespace sim_cli
