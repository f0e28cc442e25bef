// Optimal single-processor interfaces. No locking: pure functions.
#include "analysis/interface.h"

#include "analysis/utilization.h"

namespace analysis {

using support::Errc;
using support::make_error;

support::Result<bool> schedulable(std::span<const Task> tasks, const Resource& r, GuestScheduler s) {
  switch (s) {
    case GuestScheduler::edf: return edf_schedulable(tasks, r);
    case GuestScheduler::rm: return fp_schedulable(tasks, r, FixedPriority::rate_monotonic);
    case GuestScheduler::dm: return fp_schedulable(tasks, r, FixedPriority::deadline_monotonic);
  }
  return make_error(Errc::invalid, "unknown guest scheduler");
}

support::Result<MinBudget> min_budget(std::span<const Task> tasks, Time period, GuestScheduler s) {
  switch (s) {
    case GuestScheduler::edf: return edf_min_budget(tasks, period);
    case GuestScheduler::rm: return fp_min_budget(tasks, period, FixedPriority::rate_monotonic);
    case GuestScheduler::dm: return fp_min_budget(tasks, period, FixedPriority::deadline_monotonic);
  }
  return make_error(Errc::invalid, "unknown guest scheduler");
}

support::Result<PeriodicInterface> best_interface(std::span<const Task> tasks, GuestScheduler s,
                                                  Time period_min, Time period_max, Time step,
                                                  Valued valued) {
  if (period_min <= 0 || period_max < period_min || step <= 0)
    return make_error(Errc::invalid, "bad period range");
  if (period_max > kMaxTime) return make_error(Errc::range, "period above 2^40 units");
  if ((period_max - period_min) / step + 1 > kMaxPeriodCandidates)
    return make_error(Errc::range, "too many candidate periods (limit 4096)");
  bool found = false;
  PeriodicInterface best{};
  u128 best_num = 0, best_den = 1;
  for (Time p = period_min; p <= period_max; p += step) {
    auto mb = min_budget(tasks, p, s);
    if (!mb) return mb.error();
    if (!mb->feasible) continue;
    PeriodicInterface cand{p, mb->budget, ceil(mb->budget)};
    // Bandwidth num/den: budget/p, compared exactly without overflow.
    u128 num = valued == Valued::integer ? static_cast<u128>(cand.integer_budget)
                                         : static_cast<u128>(mb->budget.num);
    u128 den = valued == Valued::integer ? static_cast<u128>(p)
                                         : static_cast<u128>(mb->budget.den) * static_cast<u128>(p);
    if (!found || compare_fractions(num, den, best_num, best_den) < 0) {
      best = cand;
      best_num = num;
      best_den = den;
      found = true;
    }
  }
  if (!found) return make_error(Errc::no_space, "no period in the range can schedule the tasks");
  return best;
}

}  // namespace analysis
