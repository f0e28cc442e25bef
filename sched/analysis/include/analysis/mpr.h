// The multiprocessor periodic resource (MPR) model of Easwaran, Shin & Lee:
// <Pi, Theta, m'> supplies Theta units in every period of Pi units using at
// most m' processors at a time. Owns the interface type, its validation and
// its supply bound function. No locking: pure functions.
#pragma once

#include <cstdint>

#include "analysis/types.h"
#include "support/error.h"

namespace analysis {

// Largest parallelism m' accepted.
inline constexpr std::uint32_t kMaxParallelism = 64;

struct MprInterface {
  Time period = 0;
  Time budget = 0;
  std::uint32_t parallelism = 0;  // m'
};

// 1 <= m' <= kMaxParallelism, 1 <= period <= kMaxTime, 0 < budget <= m' period.
support::Status validate_mpr(const MprInterface& r);

// Minimum supply over any interval of length t >= 0 (continuous-time worst
// case; at integer t it never exceeds the slot-based sbf of the paper):
// nothing for 2 (Pi - Theta/m'), then in every period a ramp of slope m'
// up to Theta more, then flat. For m' = 1 this is the sbf of prm.h.
Time mpr_sbf(const MprInterface& r, Time t);

}  // namespace analysis
