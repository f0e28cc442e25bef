// Exact instruction counts of the benchmark cycle (cycle_harness.h), for
// callgrind: `sched_icount IMPL PLACEMENT VCPUS STEPS [cycle|tick]` builds
// the scheduler and runs STEPS cycles, or ticks (the `decide` measurement);
// IMPL is core, alg2 or alg2-called, PLACEMENT global or partitioned.
// Setup costs the same for any STEPS, so the difference of two runs divided
// by the difference of their STEPS is the cost of one cycle; a machine's
// load does not change it. tools/sched-icount does exactly that.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cycle_harness.h"

namespace {

template <typename Impl>
void run(bool global, int vcpus, long steps, bool tick) {
  Impl impl(global, vcpus);
  int c = 0;
  for (long i = 0; i < steps; ++i) {
    if (tick)
      impl.tick(c);
    else
      impl.cycle(c);
    c = (c + 1) % bench::kCpus;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::fprintf(
        stderr,
        "usage: sched_icount core|alg2|alg2-called global|partitioned VCPUS STEPS [cycle|tick]\n");
    return 2;
  }
  const bool core = std::strcmp(argv[1], "core") == 0;
  const bool called = std::strcmp(argv[1], "alg2-called") == 0;
  const bool global = std::strcmp(argv[2], "global") == 0;
  const int vcpus = std::atoi(argv[3]);
  const long steps = std::atol(argv[4]);
  const bool tick = argc == 6 && std::strcmp(argv[5], "tick") == 0;
  if ((!core && !called && std::strcmp(argv[1], "alg2") != 0) ||
      (!global && std::strcmp(argv[2], "partitioned") != 0) || vcpus < 1 || vcpus > 4096 ||
      steps < 0 || (argc == 6 && !tick && std::strcmp(argv[5], "cycle") != 0)) {
    std::fprintf(stderr, "sched_icount: bad arguments\n");
    return 2;
  }
  if (core)
    run<bench::Core>(global, vcpus, steps, tick);
  else if (called)
    run<bench::CalledBaseline>(global, vcpus, steps, tick);
  else
    run<bench::Baseline>(global, vcpus, steps, tick);
  return 0;
}
