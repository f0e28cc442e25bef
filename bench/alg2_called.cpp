// alg2_called.h: each operation forwards to alg2::Scheduler, compiled here,
// out of sight of the benchmark loop.
#include "alg2_called.h"

namespace bench {
namespace {

class CalledAlg2 final : public Alg2Interface {
 public:
  CalledAlg2(int cpus, bool global) : s_(cpus, global) {}
  void add(alg2::Vcpu* v, alg2::Time now) override { s_.add(v, now); }
  int wake(alg2::Vcpu* v, alg2::Time now) override { return s_.wake(v, now); }
  int sleep(alg2::Vcpu* v, alg2::Time now) override { return s_.sleep(v, now); }
  alg2::Vcpu* do_schedule(int cpu, alg2::Time now) override { return s_.do_schedule(cpu, now); }
  int context_saved(alg2::Vcpu* v, int cpu, alg2::Time now) override {
    return s_.context_saved(v, cpu, now);
  }

 private:
  alg2::Scheduler s_;
};

}  // namespace

std::unique_ptr<Alg2Interface> make_called_alg2(int cpus, bool global) {
  return std::make_unique<CalledAlg2>(cpus, global);
}

}  // namespace bench
