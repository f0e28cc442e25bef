// Parameter validation against the documented bounds (params.h). Pure.
#include "sched/params.h"

namespace sched {

using support::Errc;
using support::make_error;

support::Status validate_params(const Params& p, CpuMask pool_cpus) {
  if (static_cast<int>(p.server) >= kServerKindCount)
    return make_error(Errc::invalid, "unknown server kind");
  if (p.period == 0) return make_error(Errc::invalid, "period is 0");
  if (p.budget == 0) return make_error(Errc::invalid, "budget is 0");
  if (p.budget > p.period) return make_error(Errc::invalid, "budget exceeds period");
  if (p.period < kMinPeriod) return make_error(Errc::range, "period below 100 us");
  if (p.period > kMaxPeriod) return make_error(Errc::range, "period above 10 s");
  if (p.budget < kMinBudget) return make_error(Errc::range, "budget below 10 us");
  if (p.relative_deadline != 0 &&
      (p.relative_deadline < p.budget || p.relative_deadline > p.period))
    return make_error(Errc::range, "relative deadline outside budget..period");
  if (p.priority > kLowestPriority) return make_error(Errc::range, "priority above 255");
  if (p.cpu_mask.empty()) return make_error(Errc::invalid, "empty cpu mask");
  if (!(p.cpu_mask == CpuMask::all()) && !p.cpu_mask.subset_of(pool_cpus))
    return make_error(Errc::invalid, "cpu mask names pCPUs outside the pool");
  return support::Status::success();
}

}  // namespace sched
