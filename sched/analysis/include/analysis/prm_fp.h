// Fixed-priority (RM / DM / explicit order) scheduling inside a periodic
// resource (Shin & Lee, RTSS 2003): task i meets its deadline iff at some
// t in (0, D_i] the request bound rbf_i(t) fits under sbf(t); only the
// release instants of higher-priority tasks and D_i need checking.
// No locking: pure functions.
#pragma once

#include <span>

#include "analysis/demand.h"
#include "analysis/prm.h"
#include "analysis/prm_edf.h"
#include "analysis/types.h"
#include "support/error.h"

namespace analysis {

// Exact fixed-priority schedulability of `tasks` on resource `r`.
// Errors: invalid input; Errc::range when the scheduling points exceed
// kMaxWork (sum over i of sum over hp(i) of D_i / T_j, times n).
support::Result<bool> fp_schedulable(std::span<const Task> tasks, const Resource& r, FixedPriority order);

// Smallest rational budget for `period` under fixed priorities:
// max over tasks i of min over scheduling points t of the budget that
// makes sbf(t) reach rbf_i(t).
support::Result<MinBudget> fp_min_budget(std::span<const Task> tasks, Time period, FixedPriority order);

}  // namespace analysis
