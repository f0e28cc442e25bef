// Validation of task sets against the documented limits. No locking: pure
// functions.
#include "analysis/types.h"

namespace analysis {

support::Status validate_tasks(std::span<const Task> tasks) {
  using support::Errc;
  using support::make_error;
  if (tasks.empty()) return make_error(Errc::invalid, "empty task set");
  if (tasks.size() > kMaxTasks) return make_error(Errc::range, "too many tasks (limit 1024)");
  for (const Task& t : tasks) {
    if (t.period <= 0) return make_error(Errc::invalid, "task period must be positive");
    if (t.period > kMaxTime) return make_error(Errc::range, "task period above 2^40 units");
    if (t.wcet <= 0) return make_error(Errc::invalid, "task WCET must be positive");
    if (t.deadline <= 0) return make_error(Errc::invalid, "task deadline must be positive");
    if (t.deadline > t.period) return make_error(Errc::invalid, "task deadline exceeds its period");
    if (t.wcet > t.deadline) return make_error(Errc::invalid, "task WCET exceeds its deadline");
    if (t.jitter < 0 || t.jitter > t.period)
      return make_error(Errc::invalid, "task jitter outside [0, period]");
  }
  return support::Status::success();
}

bool implicit_deadlines(std::span<const Task> tasks) {
  for (const Task& t : tasks)
    if (t.deadline != t.period) return false;
  return true;
}

}  // namespace analysis
