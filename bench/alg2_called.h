// The Algorithm 2 baseline (alg2_baseline.h, unchanged) behind the same kind
// of call boundary the scheduler core sits behind: an abstract interface
// whose implementation is compiled in its own file (alg2_called.cpp), so
// every operation is an indirect call the compiler cannot inline, as
// sched::Scheduler's are in the hypervisor and in this benchmark (and as
// RT-Xen's Algorithm 2 is called through Xen's per-scheduler ops table).
// With it, the benchmark compares the algorithms with the calling convention
// equal; the inline baseline (Baseline) stays as the stricter reference.
#pragma once

#include <memory>

#include "alg2_baseline.h"

namespace bench {

class Alg2Interface {
 public:
  virtual ~Alg2Interface() = default;
  virtual void add(alg2::Vcpu* v, alg2::Time now) = 0;
  virtual int wake(alg2::Vcpu* v, alg2::Time now) = 0;
  virtual int sleep(alg2::Vcpu* v, alg2::Time now) = 0;
  virtual alg2::Vcpu* do_schedule(int cpu, alg2::Time now) = 0;
  virtual int context_saved(alg2::Vcpu* v, int cpu, alg2::Time now) = 0;
};

std::unique_ptr<Alg2Interface> make_called_alg2(int cpus, bool global);

}  // namespace bench
