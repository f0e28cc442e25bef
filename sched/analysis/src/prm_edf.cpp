// EDF schedulability on a periodic resource and the optimal budget.
// No locking: pure functions.
#include "analysis/prm_edf.h"

#include "analysis/demand.h"
#include "analysis/utilization.h"

namespace analysis {

using support::Errc;
using support::make_error;

namespace detail {

Time edf_horizon(std::span<const Task> tasks, Time period, const Rational& budget) {
  constexpr int kBits = 32;
  const __int128 pi = period;
  // Lower bound of Theta * 2^32 and upper bound of U * Pi * 2^32.
  __int128 theta_fx = floor_div(static_cast<__int128>(budget.num) << kBits, budget.den);
  __int128 upi_fx = static_cast<__int128>(utilization_scaled_ceil(tasks, period, kBits));
  __int128 gap = theta_fx - upi_fx;
  if (gap <= 0) return -1;
  __int128 c = deadline_slack_bound(tasks);
  __int128 th_hi = ceil_div(budget.num, budget.den), th_lo = floor_div(budget.num, budget.den);
  __int128 rhs = (c * pi + 2 * th_hi * (pi - th_lo)) << kBits;
  __int128 h = ceil_div(rhs, gap);
  if (h > kMaxHorizon) return -1;
  return static_cast<Time>(h);
}

Time next_deadline(std::span<const Task> tasks, Time t) {
  Time best = -1;
  for (const Task& x : tasks) {
    Time n = t < x.deadline ? x.deadline : x.deadline + ((t - x.deadline) / x.period + 1) * x.period;
    if (best < 0 || n < best) best = n;
  }
  return best;
}

Time hyperperiod(std::span<const Task> tasks) {
  unsigned __int128 l = 1;
  for (const Task& x : tasks) {
    unsigned __int128 p = static_cast<unsigned __int128>(x.period);
    l = l / gcd(l, p) * p;
    if (l > static_cast<unsigned __int128>(kMaxHorizon)) return -1;
  }
  return static_cast<Time>(l);
}

}  // namespace detail

namespace {

// Counts deadline points in (0, h] and checks the work limit.
support::Status check_work(std::span<const Task> tasks, Time h) {
  std::uint64_t points = 0;
  for (const Task& x : tasks)
    if (h >= x.deadline) points += static_cast<std::uint64_t>((h - x.deadline) / x.period + 1);
  if (points > kMaxWork / tasks.size())
    return make_error(Errc::range, "EDF test horizon needs too many test points");
  return support::Status::success();
}

// dbf(t) <= sbf(t) at every deadline t <= h.
bool demand_fits(std::span<const Task> tasks, const Resource& r, Time h) {
  for (const Task& x : tasks)
    for (Time t = x.deadline; t <= h; t += x.period)
      if (!supply_covers(r, t, dbf(tasks, t))) return false;
  return true;
}

// Dedicated processor at full utilization: the demand pattern repeats every
// hyperperiod, so checking up to it is exact.
support::Result<bool> dedicated_full_load(std::span<const Task> tasks) {
  if (implicit_deadlines(tasks)) return true;
  Time h = detail::hyperperiod(tasks);
  if (h < 0) return make_error(Errc::range, "hyperperiod too long for a fully loaded EDF test");
  if (auto s = check_work(tasks, h); !s) return s.error();
  Resource full = Resource::integer(1, 1);  // sbf(t) = t
  return demand_fits(tasks, full, h);
}

}  // namespace

support::Result<bool> edf_schedulable(std::span<const Task> tasks, const Resource& r) {
  if (auto s = validate_tasks(tasks); !s) return s.error();
  if (auto s = validate_resource(r); !s) return s.error();
  const bool dedicated = r.budget == Rational::integer(r.period);
  Cmp cmp = compare_utilization(tasks, static_cast<u128>(r.budget.num),
                                static_cast<u128>(r.budget.den) * static_cast<u128>(r.period));
  if (cmp == Cmp::unknown) return make_error(Errc::range, "utilization too close to the bandwidth to decide");
  if (cmp == Cmp::greater) return false;
  if (cmp == Cmp::equal) {
    // Below a full processor the supply falls behind U * t forever after.
    if (!dedicated) return false;
    return dedicated_full_load(tasks);
  }
  Time h = detail::edf_horizon(tasks, r.period, r.budget);
  if (h < 0) return make_error(Errc::range, "EDF test horizon too long");
  if (auto s = check_work(tasks, h); !s) return s.error();
  return demand_fits(tasks, r, h);
}

support::Result<MinBudget> edf_min_budget(std::span<const Task> tasks, Time period) {
  if (auto s = validate_tasks(tasks); !s) return s.error();
  if (auto s = validate_resource(Resource::integer(period, period)); !s) return s.error();
  Cmp full = compare_utilization(tasks, 1, 1);
  if (full == Cmp::unknown) return make_error(Errc::range, "utilization too close to 1 to decide");
  if (full == Cmp::greater) return MinBudget{false, {}};
  if (full == Cmp::equal) {
    auto ok = dedicated_full_load(tasks);
    if (!ok) return ok.error();
    return *ok ? MinBudget{true, Rational::integer(period)} : MinBudget{false, {}};
  }
  // Walk the deadlines in increasing order, raising the budget to what
  // each one needs, until the horizon of the current budget is passed.
  // The horizon only shrinks as the budget grows, so stopping is safe.
  Rational theta = Rational::integer(0);
  Time horizon = -1;
  std::uint64_t work = 0;
  const std::uint64_t step_cost = 2 * tasks.size();
  for (Time t = detail::next_deadline(tasks, 0);; t = detail::next_deadline(tasks, t)) {
    if (horizon >= 0 && t > horizon) break;
    if (t > kMaxHorizon) return make_error(Errc::range, "EDF budget search horizon too long");
    work += step_cost;
    if (work > kMaxWork) return make_error(Errc::range, "EDF budget search needs too many test points");
    __int128 d = dbf(tasks, t);
    if (d > t) return MinBudget{false, {}};
    if (supply_covers(Resource{period, theta}, t, d)) continue;
    theta = budget_for_demand(period, t, d);
    horizon = detail::edf_horizon(tasks, period, theta);
  }
  return MinBudget{true, theta};
}

}  // namespace analysis
