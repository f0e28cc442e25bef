// Exact comparison of a total utilization sum(c_i / p_i) against a rational
// bound, and conservative fixed-point utilization figures. The sum is first
// bracketed with 64 fractional bits; only when the bracket straddles the
// bound is the exact sum formed over the least common multiple of the
// periods. If that multiple exceeds 2^62 the answer is `unknown` (this needs
// the sum to lie within n * 2^-64 of the bound AND unrelated periods).
// No locking: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "analysis/types.h"

namespace analysis {

enum class Cmp { less, equal, greater, unknown };

using u128 = unsigned __int128;

// Compares a/b with c/d (b, d > 0) exactly for any 128-bit magnitudes.
int compare_fractions(u128 a, u128 b, u128 c, u128 d);

namespace detail {
// `get(i, c, p)` fills the i-th pair and returns false to skip it.
template <typename Get>
Cmp compare_utilization(std::size_t n, Get get, u128 num, u128 den) {
  constexpr int kBits = 64;
  u128 lo = 0, hi = 0;
  for (std::size_t i = 0; i < n; ++i) {
    Time c = 0, p = 1;
    if (!get(i, c, p)) continue;
    u128 scaled = static_cast<u128>(c) << kBits;
    lo += scaled / static_cast<u128>(p);
    hi += (scaled + static_cast<u128>(p) - 1) / static_cast<u128>(p);
  }
  // Bound scaled by 2^64 as [tlo, thi], computed without overflow via the
  // integer and fractional parts of num/den.
  u128 whole = num / den, rem = num % den;
  u128 frac_lo = 0;
  // rem/den * 2^64, rem < den < 2^103 (callers keep den below that).
  {
    u128 r = rem;
    for (int bit = 0; bit < kBits; ++bit) {
      r <<= 1;
      frac_lo <<= 1;
      if (r >= den) { r -= den; frac_lo |= 1; }
    }
    rem = r;
  }
  u128 tlo = (whole << kBits) + frac_lo;
  u128 thi = tlo + (rem != 0 ? 1 : 0);
  if (hi < tlo) return Cmp::less;
  if (lo > thi) return Cmp::greater;
  if (lo == hi && tlo == thi) return lo < tlo ? Cmp::less : (lo > tlo ? Cmp::greater : Cmp::equal);
  // Exact: sum as N / D with D = lcm of periods, D kept below 2^62.
  constexpr u128 kLimit = u128{1} << 62;
  u128 N = 0, D = 1;
  for (std::size_t i = 0; i < n; ++i) {
    Time c = 0, p = 1;
    if (!get(i, c, p)) continue;
    u128 up = static_cast<u128>(p);
    u128 g = D, x = up;
    while (x != 0) { u128 r = g % x; g = x; x = r; }
    u128 factor = up / g;  // new D = D * factor
    if (D > kLimit / factor) return Cmp::unknown;
    N *= factor;
    D *= factor;
    N += static_cast<u128>(c) * (D / up);
  }
  int r = compare_fractions(N, D, num, den);
  return r < 0 ? Cmp::less : (r > 0 ? Cmp::greater : Cmp::equal);
}

// ceil(sum(c_i * scale / p_i) * 2^frac_bits); scale <= 2^40, frac_bits <= 32.
template <typename Get>
u128 scaled_utilization_ceil(std::size_t n, Get get, Time scale, int frac_bits) {
  u128 sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    Time c = 0, p = 1;
    if (!get(i, c, p)) continue;
    u128 x = (static_cast<u128>(c) * static_cast<u128>(scale)) << frac_bits;
    sum += (x + static_cast<u128>(p) - 1) / static_cast<u128>(p);
  }
  return sum;
}
}  // namespace detail

// Compares sum(wcet_i / period_i) with num/den (den < 2^103).
Cmp compare_utilization(std::span<const Task> tasks, u128 num, u128 den);

// ceil(U * scale * 2^frac_bits) for the task set.
u128 utilization_scaled_ceil(std::span<const Task> tasks, Time scale, int frac_bits);

// Upper bound on sum(U_i * (period_i - deadline_i)), rounded up per task.
Time deadline_slack_bound(std::span<const Task> tasks);

}  // namespace analysis
