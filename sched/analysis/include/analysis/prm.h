// The periodic resource model of Shin & Lee (RTSS 2003): a resource
// (Pi, Theta) guarantees Theta units of supply in every period of Pi units.
// Owns the supply bound function, its linear lower bound and the inverse
// question "which budget makes the supply over t reach a demand d".
// No locking: pure functions.
#pragma once

#include "analysis/rational.h"
#include "analysis/types.h"
#include "support/error.h"

namespace analysis {

// A periodic resource; budget may be rational (den > 1) for the
// rational-valued interface of thesis §2.7.1.
struct Resource {
  Time period = 0;
  Rational budget{};

  static constexpr Resource integer(Time period, Time budget) {
    return Resource{period, Rational::integer(budget)};
  }
};

// 1 <= period <= kMaxTime and 0 < budget <= period, den <= 2^52.
support::Status validate_resource(const Resource& r);

// Minimum supply of an integer resource (period, budget) over any interval
// of length t >= 0: zero during the worst-case blackout of
// 2 * (period - budget), then budget more per period.
Time sbf(Time period, Time budget, Time t);

// sbf of a (possibly rational) resource at t, compared with `demand`:
// true when sbf(t) >= demand. Exact; 0 <= t <= kMaxHorizon.
bool supply_covers(const Resource& r, Time t, __int128 demand);

// Smallest budget Theta in (0, period] (rational) with
// sbf_(period, Theta)(t) >= demand, for 0 < demand <= t <= kMaxHorizon.
// The integer answer is the ceiling of the result (sbf is continuous and
// non-decreasing in Theta).
Rational budget_for_demand(Time period, Time t, __int128 demand);

}  // namespace analysis
