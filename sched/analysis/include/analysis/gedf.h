// Global EDF inside a multiprocessor periodic resource (Easwaran, Shin &
// Lee): the sufficient test DEM(A_k + D_k, m') <= sbf(A_k + D_k) for every
// task k and every integer A_k up to a bound, and the minimum-bandwidth MPR
// interface of a task set. No locking: pure functions.
#pragma once

#include <cstdint>
#include <span>

#include "analysis/mpr.h"
#include "analysis/types.h"
#include "support/error.h"

namespace analysis {

// Interference-based demand of task k over a window of length A + D_k on
// m' processors (the paper's DEM): m' C_k plus every task's interference
// without carry-in, plus the m' - 1 largest carry-in increments.
__int128 gedf_demand(std::span<const Task> tasks, std::size_t k, Time a, std::uint32_t m);

// Sufficient gEDF schedulability of `tasks` on `r` (time is discrete: all
// parameters are integers and A_k ranges over integers).
// false when U >= Theta/Pi. Errc::range when the A_k bounds need more than
// kMaxWork demand evaluations.
support::Result<bool> gedf_schedulable(std::span<const Task> tasks, const MprInterface& r);

struct MprMinBudget {
  bool feasible = false;
  Time budget = 0;
};

// Smallest integer budget for <period, ?, m> passing gedf_schedulable
// (binary search; a budget whose test would exceed kMaxWork counts as not
// proven, so the answer is always a proven one).
support::Result<MprMinBudget> gedf_min_budget(std::span<const Task> tasks, Time period, std::uint32_t m);

// The interface of smallest budget for `period` over m' = max(1, ceil(U))
// .. max_parallelism (ties: smaller m'). Errc::no_space if none passes.
support::Result<MprInterface> gedf_interface(std::span<const Task> tasks, Time period,
                                             std::uint32_t max_parallelism);

}  // namespace analysis
