// Demand and request bound functions. No locking: pure functions.
#include "analysis/demand.h"

namespace analysis {

__int128 dbf(std::span<const Task> tasks, Time t) {
  __int128 sum = 0;
  for (const Task& x : tasks) {
    if (t < x.deadline) continue;
    sum += static_cast<__int128>((t - x.deadline) / x.period + 1) * x.wcet;
  }
  return sum;
}

bool higher_priority(std::span<const Task> tasks, std::size_t j, std::size_t i, FixedPriority order) {
  if (j == i) return false;
  Time kj = 0, ki = 0;
  switch (order) {
    case FixedPriority::rate_monotonic: kj = tasks[j].period; ki = tasks[i].period; break;
    case FixedPriority::deadline_monotonic: kj = tasks[j].deadline; ki = tasks[i].deadline; break;
    case FixedPriority::as_listed: return j < i;
  }
  return kj < ki || (kj == ki && j < i);
}

__int128 rbf(std::span<const Task> tasks, std::size_t i, Time t, FixedPriority order) {
  __int128 sum = tasks[i].wcet;
  for (std::size_t j = 0; j < tasks.size(); ++j) {
    if (!higher_priority(tasks, j, i, order)) continue;
    sum += ceil_div(t, tasks[j].period) * tasks[j].wcet;
  }
  return sum;
}

}  // namespace analysis
