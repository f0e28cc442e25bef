// The rt-tasks job loop: releases the jobs of every task at its period
// boundaries (from a common start time), runs the highest-priority pending
// job (priority, then task index) in chunks of at most `chunk_ns` of CPU
// work, and so preempts a lower-priority job at the next chunk boundary;
// with nothing pending it arms the one-shot timer at the next release and
// blocks. Soft real-time: late jobs finish, later jobs of the task queue
// behind them. The environment (clock, CPU work, timer) is abstract so the
// same loop runs in the guest and in host unit tests. No locking.
#pragma once

#include <cstdint>
#include <span>

#include "rtjobs/stats.h"
#include "rtjobs/taskset.h"

namespace rtjobs {

class Environment {
 public:
  virtual std::uint64_t now_ns() = 0;
  // Spends `ns` of CPU time (the clock may advance by more when preempted).
  virtual void work_ns(std::uint64_t ns) = 0;
  // Returns when the clock reaches `deadline_ns` (or earlier: the runner checks).
  virtual void sleep_until(std::uint64_t deadline_ns) = 0;

 protected:
  ~Environment() = default;
};

struct RunnerOptions {
  std::uint64_t chunk_ns = 100000;         // preemption granularity inside the guest
  std::uint64_t start_delay_ns = 1000000;  // first release this long after run() starts
};

// Runs every task's `count` jobs to completion; stats[i] describes task i.
void run(std::span<const TaskSpec> tasks, std::span<TaskStats> stats, Environment& env,
         const RunnerOptions& options = {});

}  // namespace rtjobs
