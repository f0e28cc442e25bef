// Resource demand of periodic tasks: the EDF demand bound function and the
// fixed-priority request bound function, with the task priority orders.
// No locking: pure functions.
#pragma once

#include <cstddef>
#include <span>

#include "analysis/types.h"

namespace analysis {

// Work of all jobs released and due inside any window of length t:
// sum over tasks of max(0, floor((t - D_i) / T_i) + 1) * C_i.
__int128 dbf(std::span<const Task> tasks, Time t);

// Fixed-priority orders: by period (RM), by deadline (DM), or the order of
// the span (index 0 highest). Ties always go to the lower index.
enum class FixedPriority { rate_monotonic, deadline_monotonic, as_listed };

// True when task j has higher priority than task i under `order`.
bool higher_priority(std::span<const Task> tasks, std::size_t j, std::size_t i, FixedPriority order);

// Work task i and all higher-priority tasks can request in [0, t) after a
// critical instant: C_i + sum over hp(i) of ceil(t / T_j) * C_j.
__int128 rbf(std::span<const Task> tasks, std::size_t i, Time t, FixedPriority order);

}  // namespace analysis
