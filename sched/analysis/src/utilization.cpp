// Exact utilization comparisons and conservative fixed-point figures.
// No locking: pure functions.
#include "analysis/utilization.h"

namespace analysis {

int compare_fractions(u128 a, u128 b, u128 c, u128 d) {
  // Continued-fraction comparison: no products, so no overflow.
  int sign = 1;
  for (;;) {
    u128 qa = a / b, qc = c / d;
    if (qa != qc) return qa < qc ? -sign : sign;
    u128 ra = a % b, rc = c % d;
    if (ra == 0 && rc == 0) return 0;
    if (ra == 0) return -sign;  // a/b is the integer, c/d is above it
    if (rc == 0) return sign;
    // a/b = q + ra/b; compare ra/b with rc/d, i.e. d/rc with b/ra.
    u128 na = b, nb = ra, nc = d, nd = rc;
    a = nc; b = nd; c = na; d = nb;  // swap sides instead of flipping twice
    // After the swap, comparing (d/rc) vs (b/ra) has the same sign as the
    // original comparison, so the sign stays.
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
