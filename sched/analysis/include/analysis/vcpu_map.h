// Mapping an MPR interface <Pi, Theta, m'> onto periodic vCPU servers that
// share the period Pi and release together:
//  * equal split: m' vCPUs, budgets differing by at most one unit
//    (Theta mod m' of them get floor(Theta/m') + 1);
//  * all but one at full bandwidth: floor(Theta/Pi) vCPUs with budget Pi
//    and one with the remainder Theta mod Pi (if non-zero).
// Zero-budget vCPUs are not emitted. No locking: pure functions.
#pragma once

#include <cstddef>
#include <span>

#include "analysis/mpr.h"
#include "analysis/types.h"
#include "support/error.h"

namespace analysis {

struct VcpuParams {
  Time budget = 0;
  Time period = 0;
};

// Both write into `out` and return how many vCPUs were written.
// Errc::no_space when `out` is too small (m' entries always suffice).
support::Result<std::size_t> map_equal_split(const MprInterface& r, std::span<VcpuParams> out);
support::Result<std::size_t> map_all_but_one(const MprInterface& r, std::span<VcpuParams> out);

}  // namespace analysis
