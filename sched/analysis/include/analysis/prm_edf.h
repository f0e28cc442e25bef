// EDF inside a periodic resource (Shin & Lee, RTSS 2003): the exact test
// "dbf(t) <= sbf(t) at every absolute deadline t up to a horizon" and the
// minimum (rational) budget for a given period. No locking: pure functions.
#pragma once

#include <span>

#include "analysis/prm.h"
#include "analysis/types.h"
#include "support/error.h"

namespace analysis {

// Outcome of a minimum-budget search. `feasible` is false when not even a
// dedicated processor (budget == period) schedules the tasks.
struct MinBudget {
  bool feasible = false;
  Rational budget{};
};

// Exact EDF schedulability of `tasks` on resource `r`.
// Errors: invalid tasks/resource; Errc::range when the horizon (which grows
// as the task utilization approaches budget/period) needs more than
// kMaxWork evaluations, or the utilization cannot be compared exactly.
support::Result<bool> edf_schedulable(std::span<const Task> tasks, const Resource& r);

// Smallest rational budget Theta such that (period, Theta) passes
// edf_schedulable; the smallest integer budget is ceil(Theta).
support::Result<MinBudget> edf_min_budget(std::span<const Task> tasks, Time period);

namespace detail {
// Conservative horizon beyond which dbf(t) <= lsbf(t) <= sbf(t) is
// guaranteed for resource (period, budget): the smallest t with
// (Theta - U Pi) t >= c Pi + 2 Theta (Pi - Theta), c = deadline slack.
// Returns -1 when Theta <= U Pi (no finite horizon) or when it exceeds
// kMaxHorizon.
Time edf_horizon(std::span<const Task> tasks, Time period, const Rational& budget);
// The smallest absolute deadline strictly after t.
Time next_deadline(std::span<const Task> tasks, Time t);
// Least common multiple of the periods, or -1 if above kMaxHorizon.
Time hyperperiod(std::span<const Task> tasks);
}  // namespace detail

}  // namespace analysis
