// MPR supply bound function. With u = m' t - 2 (m' Pi - Theta):
// sbf = 0 if u < 0, else k = floor(u / (m' Pi)) and
// sbf = k Theta + min(u - k m' Pi, Theta). Worst case: the first period
// supplies as early as possible, the following ones as late as possible,
// each at full parallelism. No locking: pure functions.
#include "analysis/mpr.h"

namespace analysis {

using support::Errc;
using support::make_error;

support::Status validate_mpr(const MprInterface& r) {
  if (r.parallelism == 0) return make_error(Errc::invalid, "MPR parallelism must be at least 1");
  if (r.parallelism > kMaxParallelism) return make_error(Errc::range, "MPR parallelism above 64");
  if (r.period <= 0) return make_error(Errc::invalid, "MPR period must be positive");
  if (r.period > kMaxTime) return make_error(Errc::range, "MPR period above 2^40 units");
  if (r.budget <= 0) return make_error(Errc::invalid, "MPR budget must be positive");
  if (r.budget > r.period * static_cast<Time>(r.parallelism))
    return make_error(Errc::invalid, "MPR budget exceeds parallelism x period");
  return support::Status::success();
}

Time mpr_sbf(const MprInterface& r, Time t) {
  const __int128 m = r.parallelism, pi = r.period, theta = r.budget;
  __int128 u = m * t - 2 * (m * pi - theta);
  if (u < 0) return 0;
  __int128 k = u / (m * pi);
  __int128 rest = u - k * m * pi;
  return static_cast<Time>(k * theta + (rest < theta ? rest : theta));
}

}  // namespace analysis
