// Task model, time type and the documented input limits of the
// schedulability analysis. Every analysis function validates its inputs
// against these limits so that all integer arithmetic stays in range.
// No locking: plain values and pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "support/error.h"

namespace analysis {

// Time in abstract integer units chosen by the caller (ns, us, ms, ...).
// The same unit must be used for every value passed to one call.
using Time = std::int64_t;

// Largest period, deadline or execution time accepted (2^40: 18 minutes in
// ns, 12.7 days in us).
inline constexpr Time kMaxTime = Time{1} << 40;
// Largest number of tasks (or vCPUs) in one call.
inline constexpr std::size_t kMaxTasks = 1024;
// Largest time instant at which a demand/supply comparison is made.
inline constexpr Time kMaxHorizon = Time{1} << 50;
// Upper bound on (number of test points) x (number of tasks) evaluated by a
// single test; exceeding it returns Errc::range instead of running long.
inline constexpr std::uint64_t kMaxWork = std::uint64_t{1} << 26;

// A periodic (or sporadic) task: every `period` a job with at most `wcet`
// units of work that must finish within `deadline` (0 < wcet <= deadline
// <= period). Use implicit() for deadline == period.
struct Task {
  Time period = 0;
  Time wcet = 0;
  Time deadline = 0;
  // Release jitter: a job's demand may start up to `jitter` after its
  // release (a deferrable server: period - budget). Charged where the task
  // interferes with others (gedf); 0 for plain sporadic tasks.
  Time jitter = 0;

  static constexpr Task implicit(Time p, Time e) { return Task{p, e, p}; }
};

// Checks 1 <= size <= kMaxTasks and, for every task,
// 0 < wcet <= deadline <= period <= kMaxTime.
support::Status validate_tasks(std::span<const Task> tasks);

// True when every task has deadline == period.
bool implicit_deadlines(std::span<const Task> tasks);

// Ceiling and floor of a / b for b > 0 (any sign of a).
constexpr __int128 floor_div(__int128 a, __int128 b) {
  __int128 q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}
constexpr __int128 ceil_div(__int128 a, __int128 b) { return -floor_div(-a, b); }

}  // namespace analysis
