// The optimal periodic-resource interface of a single-vCPU guest: minimum
// budget for a period and the best period over a range, in the integer- and
// rational-valued variants of thesis §2.7.1. Dispatches to the EDF and
// fixed-priority analyses. No locking: pure functions.
#pragma once

#include <span>

#include "analysis/prm.h"
#include "analysis/prm_edf.h"
#include "analysis/prm_fp.h"
#include "analysis/types.h"
#include "support/error.h"

namespace analysis {

// The guest's own scheduler.
enum class GuestScheduler { edf, rm, dm };

// How interfaces are compared when choosing a period.
//  * rational: minimise Theta*/Pi with the exact rational optimum Theta*;
//    the reported integer budget is Theta* rounded up (the thesis'
//    "optimal rational, rounded-up integer budget").
//  * integer: minimise ceil(Theta*)/Pi, the optimal integer interface.
enum class Valued { rational, integer };

struct PeriodicInterface {
  Time period = 0;
  Rational budget{};        // optimal rational budget for this period
  Time integer_budget = 0;  // ceil(budget): the smallest integer budget
};

// Largest number of candidate periods best_interface() evaluates.
inline constexpr Time kMaxPeriodCandidates = 4096;

support::Result<bool> schedulable(std::span<const Task> tasks, const Resource& r, GuestScheduler s);
support::Result<MinBudget> min_budget(std::span<const Task> tasks, Time period, GuestScheduler s);

// Best interface over periods period_min, period_min + step, ... <=
// period_max (at most kMaxPeriodCandidates of them). Ties go to the
// smallest period. Errc::no_space when no period in the range is feasible.
support::Result<PeriodicInterface> best_interface(std::span<const Task> tasks, GuestScheduler s,
                                                  Time period_min, Time period_max, Time step,
                                                  Valued valued);

}  // namespace analysis
