// Periodic task sets of the rt-tasks guest, as given on its command line:
//   tasks=<period>:<wcet>:<count>[:<priority>][,...]
// Durations take the domcfg units (ns, us, ms, s; a plain number is µs);
// priority 0 is the highest (default: rate monotonic order, shorter period
// first). Implicit deadlines (deadline = period). No locking: plain values.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "support/error.h"

namespace rtjobs {

constexpr std::size_t kMaxTasks = 8;
constexpr std::uint32_t kMaxJobs = 100000;

struct TaskSpec {
  std::uint64_t period_ns = 0;
  std::uint64_t wcet_ns = 0;
  std::uint32_t count = 0;     // jobs to release
  std::uint32_t priority = 0;  // 0 highest
};

// Parses the value of `tasks=`. On success `n` tasks are in out[0..n).
support::Status parse_tasks(std::string_view text, std::span<TaskSpec> out, std::size_t& n);

}  // namespace rtjobs
