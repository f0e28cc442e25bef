// Supply bound function of the periodic resource model and its inverse in
// the budget. Written in the form
//   u = t - 2 (Pi - Theta);  sbf(t) = 0 if u < 0, else
//   k = floor(u / Pi);       sbf(t) = k Theta + min(u - k Pi, Theta)
// i.e. after the blackout each period first ramps up by Theta (slope 1)
// and then stays flat for Pi - Theta. No locking: pure functions.
#include "analysis/prm.h"

namespace analysis {

using support::Errc;
using support::make_error;

support::Status validate_resource(const Resource& r) {
  if (r.period <= 0) return make_error(Errc::invalid, "resource period must be positive");
  if (r.period > kMaxTime) return make_error(Errc::range, "resource period above 2^40 units");
  if (r.budget.den <= 0 || r.budget.den > (std::int64_t{1} << 52))
    return make_error(Errc::range, "resource budget denominator out of range");
  if (r.budget.num <= 0) return make_error(Errc::invalid, "resource budget must be positive");
  if (compare(r.budget, Rational::integer(r.period)) > 0)
    return make_error(Errc::invalid, "resource budget exceeds its period");
  return support::Status::success();
}

Time sbf(Time period, Time budget, Time t) {
  Time u = t - 2 * (period - budget);
  if (u < 0) return 0;
  Time k = u / period;
  Time rest = u - k * period;
  return k * budget + (rest < budget ? rest : budget);
}

bool supply_covers(const Resource& r, Time t, __int128 demand) {
  if (demand <= 0) return true;
  // Everything multiplied by den so the budget a/den becomes the integer a.
  const __int128 a = r.budget.num, b = r.budget.den;
  const __int128 pi_b = static_cast<__int128>(r.period) * b;
  __int128 u_b = (static_cast<__int128>(t) - 2 * static_cast<__int128>(r.period)) * b + 2 * a;
  if (u_b < 0) return false;
  __int128 k = u_b / pi_b;
  __int128 rest = u_b - k * pi_b;
  __int128 supply_b = k * a + (rest < a ? rest : a);
  return supply_b >= demand * b;
}

Rational budget_for_demand(Time period, Time t, __int128 demand) {
  // For a fixed k = floor(u / Pi) the supply is linear in Theta on two
  // pieces: (k + 2) Theta + t - (k + 2) Pi while the ramp is unfinished, and
  // (k + 1) Theta once it is. The answer solves one of these equations for
  // one of the (at most three) k that Theta in (0, Pi] allows; take the
  // smallest candidate that really covers the demand.
  const __int128 pi = period, tt = t;
  Rational best = Rational::integer(period);
  const __int128 k_lo = floor_div(tt - 2 * pi, pi) < 0 ? 0 : floor_div(tt - 2 * pi, pi);
  const __int128 k_hi = floor_div(tt, pi);
  for (__int128 k = k_lo; k <= k_hi; ++k) {
    __int128 nums[2] = {demand - tt + (k + 2) * pi, demand};
    __int128 dens[2] = {k + 2, k + 1};
    for (int piece = 0; piece < 2; ++piece) {
      if (nums[piece] <= 0) continue;
      Rational cand = make_rational(nums[piece], dens[piece]);
      if (compare(cand, best) >= 0) continue;
      if (supply_covers(Resource{period, cand}, t, demand)) best = cand;
    }
  }
  return best;
}

}  // namespace analysis
