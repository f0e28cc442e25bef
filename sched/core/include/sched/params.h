// Per-vCPU scheduling parameters (the vCPU interface of thesis §3.2.1:
// budget, period, cpu_mask, plus priority, rt class and server kind) and
// their validation. Plain values; validation is pure (no locking).
//
// Bounds (chosen here, enforced by validate_params and set_params):
//   period            kMinPeriod (100 µs) .. kMaxPeriod (10 s)
//   budget            kMinBudget (10 µs)  .. period
//   relative_deadline 0 (= period) or budget .. period   (used by DM only)
//   priority          0 (highest) .. kLowestPriority (255) (used by fp only)
//   cpu_mask          non-empty; CpuMask::all() means "every pCPU of the pool"
//                     (also the ones added later); any other mask must be a
//                     subset of the pool's pCPUs ("foreign" masks are refused).
// Non-real-time vCPUs (rt = false) are validated the same way; their budget
// is accounted in statistics but not enforced (they only get leftover time).
#pragma once

#include <cstdint>

#include "sched/cpu_mask.h"
#include "sched/types.h"
#include "support/error.h"

namespace sched {

inline constexpr Time kMinPeriod = us(100);
inline constexpr Time kMaxPeriod = sec(10);
inline constexpr Time kMinBudget = us(10);
inline constexpr std::uint32_t kLowestPriority = 255;

struct Params {
  ServerKind server = ServerKind::deferrable;
  Time budget = ms(4);
  Time period = ms(10);
  Time relative_deadline = 0;  // 0: equal to the period (implicit deadline)
  std::uint32_t priority = 128;
  bool rt = true;
  CpuMask cpu_mask = CpuMask::all();

  // The relative deadline DM orders by.
  constexpr Time deadline() const { return relative_deadline == 0 ? period : relative_deadline; }
};

// Checks a parameter set against the bounds above and the pCPUs of the pool
// it is for. Returns Errc::invalid / Errc::range with a static reason.
support::Status validate_params(const Params& p, CpuMask pool_cpus);

}  // namespace sched
