// admit_probe CPUS: runs domain 0's shell (the toolstack over the unit
// tests' FakeControl with CPUS pCPUs) on the lines of standard input and
// prints what each printed, so the cloud tests can compare the Nova
// plugins' verdicts with `admit`'s for the same numbers.
#include <cstdlib>
#include <iostream>
#include <string>

#include "../unit/toolstack/harness.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: admit_probe CPUS < shell-lines\n";
    return 2;
  }
  const long cpus = std::strtol(argv[1], nullptr, 10);
  if (cpus < 1 || cpus > 64) {
    std::cerr << "admit_probe: CPUS must be 1..64\n";
    return 2;
  }
  toolstack::test::Rig rig(static_cast<std::uint32_t>(cpus));
  std::string line;
  while (std::getline(std::cin, line)) std::cout << rig.run(line);
  return 0;
}
