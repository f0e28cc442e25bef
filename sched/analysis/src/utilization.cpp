// Exact utilization comparisons and conservative fixed-point figures.
// No locking: pure functions.
#include "analysis/utilization.h"

namespace analysis {

int compare_fractions(u128 a, u128 b, u128 c, u128 d) {
  // Continued-fraction comparison: no products, so no overflow. With equal
  // integer parts q, a/b - q = ra/b and c/d - q = rc/d, and
  // ra/b < rc/d  <=>  d/rc < b/ra, so the next round compares d/rc with
  // b/ra and keeps the sign.
  for (;;) {
    u128 qa = a / b, qc = c / d;
    if (qa != qc) return qa < qc ? -1 : 1;
    u128 ra = a % b, rc = c % d;
    if (ra == 0 && rc == 0) return 0;
    if (ra == 0) return -1;  // a/b is the integer, c/d lies above it
    if (rc == 0) return 1;
    u128 old_b = b;
    a = d;
    b = rc;
    c = old_b;
    d = ra;
  }
}

namespace {
auto task_getter(std::span<const Task> tasks) {
  return [tasks](std::size_t i, Time& c, Time& p) {
    c = tasks[i].wcet;
    p = tasks[i].period;
    return true;
  };
}
}  // namespace

Cmp compare_utilization(std::span<const Task> tasks, u128 num, u128 den) {
  return detail::compare_utilization(tasks.size(), task_getter(tasks), num, den);
}

u128 utilization_scaled_ceil(std::span<const Task> tasks, Time scale, int frac_bits) {
  return detail::scaled_utilization_ceil(tasks.size(), task_getter(tasks), scale, frac_bits);
}

Time deadline_slack_bound(std::span<const Task> tasks) {
  Time sum = 0;
  for (const Task& t : tasks) {
    __int128 x = static_cast<__int128>(t.wcet) * (t.period - t.deadline);
    sum += static_cast<Time>(ceil_div(x, t.period));
  }
  return sum;
}

}  // namespace analysis
