// Virtual time of the simulator: signed 64-bit nanoseconds since the start
// of a run, the unit the hypervisor accounts in. No locking: constants only.
#pragma once

#include <cstdint>
#include <limits>

namespace sim {

using Time = std::int64_t;

inline constexpr Time kNs = 1;
inline constexpr Time kUs = 1000;
inline constexpr Time kMs = 1000 * kUs;
inline constexpr Time kSec = 1000 * kMs;
// "Never": a time later than any run can reach.
inline constexpr Time kNever = std::numeric_limits<Time>::max() / 4;

}  // namespace sim
