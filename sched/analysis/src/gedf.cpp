// Global EDF on an MPR: demand, test-point bound, test and interface
// search. No locking: pure functions.
#include "analysis/gedf.h"

#include "analysis/utilization.h"

namespace analysis {

using support::Errc;
using support::make_error;

namespace {

// Jobs of task i entirely inside a window of length t whose end is a
// deadline of task i, and their work; plus the carry-in of one more job.
struct Workload {
  __int128 plain;  // W_i(t)
  __int128 carry;  // W-bar_i(t) - W_i(t), at most C_i
};

Workload workload(const Task& x, Time t) {
  Time jobs = (t + x.period - x.deadline) / x.period;
  Time left = t - jobs * x.period;
  Time carry = left < 0 ? 0 : (left < x.wcet ? left : x.wcet);
  return Workload{static_cast<__int128>(jobs) * x.wcet, carry};
}

__int128 min128(__int128 a, __int128 b) { return a < b ? a : b; }

}  // namespace

__int128 gedf_demand(std::span<const Task> tasks, std::size_t k, Time a, std::uint32_t m) {
  const Task& tk = tasks[k];
  const Time t = a + tk.deadline;
  __int128 sum = static_cast<__int128>(m) * tk.wcet;
  // The m' - 1 largest increments, kept sorted in descending order.
  __int128 top[kMaxParallelism] = {};
  const std::uint32_t slots = m - 1;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    // Another task's jitter lengthens the window its demand can fall in.
    Workload w = workload(tasks[i], i == k ? t : t + tasks[i].jitter);
    __int128 hat = 0, bar = 0;
    if (i == k) {
      hat = min128(w.plain - tk.wcet, a);
      bar = min128(w.plain + w.carry - tk.wcet, a);
    } else {
      // Discrete time: the job of k misses only if it is kept off the
      // processors for at least t - C_k + 1 slots, so that is the cap.
      hat = min128(w.plain, t - tk.wcet + 1);
      bar = min128(w.plain + w.carry, t - tk.wcet + 1);
    }
    sum += hat;
    __int128 inc = bar - hat;
    if (slots == 0 || inc <= top[slots - 1]) continue;
    std::uint32_t pos = slots - 1;
    while (pos > 0 && top[pos - 1] < inc) {
      top[pos] = top[pos - 1];
      --pos;
    }
    top[pos] = inc;
  }
  for (std::uint32_t s = 0; s < slots; ++s) sum += top[s];
  return sum;
}

namespace {

enum class Verdict { pass, fail, too_long };

// Largest A_k that can violate: DEM(t) <= m' C_k + C_sum + U t + slack
// and sbf(t) >= (Theta / Pi)(t - 2 Pi + 2 Theta / m'), so a violation needs
// A_k < (C_sum + m' C_k + slack + B) / (Theta/Pi - U) - D_k with
// B = Theta (2 - 2 Theta / (m' Pi)). Computed with 32 fractional bits,
// rounding towards a larger bound.
Verdict check(std::span<const Task> tasks, const MprInterface& r) {
  constexpr int kBits = 32;
  const __int128 pi = r.period, theta = r.budget, m = r.parallelism;
  __int128 gap =
      (theta << kBits) - static_cast<__int128>(utilization_scaled_ceil(tasks, r.period, kBits));
  if (gap <= 0) return Verdict::fail;
  // Sum of the m' - 1 largest WCETs.
  __int128 top[kMaxParallelism] = {};
  const std::uint32_t slots = r.parallelism - 1;
  for (const Task& x : tasks) {
    if (slots == 0 || x.wcet <= top[slots - 1]) continue;
    std::uint32_t pos = slots - 1;
    while (pos > 0 && top[pos - 1] < x.wcet) {
      top[pos] = top[pos - 1];
      --pos;
    }
    top[pos] = x.wcet;
  }
  __int128 c_sum = 0;
  for (std::uint32_t s = 0; s < slots; ++s) c_sum += top[s];
  const __int128 slack = deadline_slack_bound(tasks);
  const __int128 b = ceil_div(theta * (2 * m * pi - 2 * theta), m * pi);
  std::uint64_t work = 0;
  for (std::size_t k = 0; k < tasks.size(); ++k) {
    __int128 num = (c_sum + m * tasks[k].wcet + slack + b) * pi;
    __int128 a_max = ceil_div(num << kBits, gap) - tasks[k].deadline;
    if (a_max < 0) a_max = 0;
    if (a_max > kMaxHorizon) return Verdict::too_long;
    work += static_cast<std::uint64_t>(a_max + 1) * tasks.size();
    if (work > kMaxWork) return Verdict::too_long;
  }
  for (std::size_t k = 0; k < tasks.size(); ++k) {
    __int128 num = (c_sum + m * tasks[k].wcet + slack + b) * pi;
    Time a_max = static_cast<Time>(ceil_div(num << kBits, gap) - tasks[k].deadline);
    for (Time a = 0; a <= a_max; ++a)
      if (gedf_demand(tasks, k, a, r.parallelism) > mpr_sbf(r, a + tasks[k].deadline))
        return Verdict::fail;
  }
  return Verdict::pass;
}

}  // namespace

support::Result<bool> gedf_schedulable(std::span<const Task> tasks, const MprInterface& r) {
  if (auto s = validate_tasks(tasks); !s) return s.error();
  if (auto s = validate_mpr(r); !s) return s.error();
  switch (check(tasks, r)) {
    case Verdict::pass:
      return true;
    case Verdict::fail:
      return false;
    case Verdict::too_long:
      break;
  }
  return make_error(Errc::range, "gEDF test needs too many test points");
}

support::Result<MprMinBudget> gedf_min_budget(std::span<const Task> tasks, Time period,
                                              std::uint32_t m) {
  if (auto s = validate_tasks(tasks); !s) return s.error();
  MprInterface r{period, 1, m};
  if (auto s = validate_mpr(r); !s) return s.error();
  r.budget = period * static_cast<Time>(m);
  if (check(tasks, r) != Verdict::pass) return MprMinBudget{false, 0};
  Time lo = 1, hi = r.budget;  // hi passes
  while (lo < hi) {
    Time mid = lo + (hi - lo) / 2;
    r.budget = mid;
    if (check(tasks, r) == Verdict::pass)
      hi = mid;
    else
      lo = mid + 1;
  }
  return MprMinBudget{true, hi};
}

support::Result<MprInterface> gedf_interface(std::span<const Task> tasks, Time period,
                                             std::uint32_t max_parallelism) {
  if (auto s = validate_tasks(tasks); !s) return s.error();
  if (max_parallelism == 0 || max_parallelism > kMaxParallelism)
    return make_error(Errc::range, "parallelism must be 1..64");
  // m' >= ceil(U): find the first m with U <= m.
  std::uint32_t m_lo = 1;
  while (m_lo <= max_parallelism && compare_utilization(tasks, m_lo, 1) == Cmp::greater) ++m_lo;
  bool found = false;
  MprInterface best{};
  for (std::uint32_t m = m_lo; m <= max_parallelism; ++m) {
    auto mb = gedf_min_budget(tasks, period, m);
    if (!mb) return mb.error();
    if (!mb->feasible) continue;
    if (!found || mb->budget < best.budget) {
      best = MprInterface{period, mb->budget, m};
      found = true;
    }
  }
  if (!found)
    return make_error(Errc::no_space, "no MPR interface with this period passes the gEDF test");
  return best;
}

}  // namespace analysis
