// Fixed-priority schedulability on a periodic resource. No locking: pure
// functions.
#include "analysis/prm_fp.h"

namespace analysis {

using support::Errc;
using support::make_error;

namespace {

support::Status check_points(std::span<const Task> tasks, FixedPriority order) {
  std::uint64_t points = 0;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    points += 1;
    for (std::size_t j = 0; j < tasks.size(); ++j)
      if (higher_priority(tasks, j, i, order))
        points += static_cast<std::uint64_t>(tasks[i].deadline / tasks[j].period);
    if (points > kMaxWork / tasks.size())
      return make_error(Errc::range, "fixed-priority test needs too many scheduling points");
  }
  return support::Status::success();
}

// Calls fn(t) for every scheduling point of task i: multiples of
// higher-priority periods below D_i, then D_i. Stops when fn returns true.
template <typename Fn>
bool for_each_point(std::span<const Task> tasks, std::size_t i, FixedPriority order, Fn fn) {
  const Time d = tasks[i].deadline;
  for (std::size_t j = 0; j < tasks.size(); ++j) {
    if (!higher_priority(tasks, j, i, order)) continue;
    for (Time t = tasks[j].period; t < d; t += tasks[j].period)
      if (fn(t)) return true;
  }
  return fn(d);
}

}  // namespace

support::Result<bool> fp_schedulable(std::span<const Task> tasks, const Resource& r, FixedPriority order) {
  if (auto s = validate_tasks(tasks); !s) return s.error();
  if (auto s = validate_resource(r); !s) return s.error();
  if (auto s = check_points(tasks, order); !s) return s.error();
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    bool ok = for_each_point(tasks, i, order,
                             [&](Time t) { return supply_covers(r, t, rbf(tasks, i, t, order)); });
    if (!ok) return false;
  }
  return true;
}

support::Result<MinBudget> fp_min_budget(std::span<const Task> tasks, Time period, FixedPriority order) {
  if (auto s = validate_tasks(tasks); !s) return s.error();
  if (auto s = validate_resource(Resource::integer(period, period)); !s) return s.error();
  if (auto s = check_points(tasks, order); !s) return s.error();
  Rational worst = Rational::integer(0);
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    bool any = false;
    Rational best{};
    for_each_point(tasks, i, order, [&](Time t) {
      __int128 demand = rbf(tasks, i, t, order);
      if (demand > t) return false;  // not even a dedicated CPU suffices here
      Rational need = budget_for_demand(period, t, demand);
      if (!any || need < best) best = need;
      any = true;
      return false;
    });
    if (!any) return MinBudget{false, {}};
    if (best > worst) worst = best;
  }
  return MinBudget{true, worst};
}

}  // namespace analysis
