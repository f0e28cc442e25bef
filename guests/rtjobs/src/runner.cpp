// The fixed-priority job loop (see rtjobs/runner.h).
#include "rtjobs/runner.h"

namespace rtjobs {
namespace {

struct TaskState {
  std::uint64_t next_release = 0;
  std::uint32_t released = 0;
  std::uint32_t finished = 0;
  std::uint64_t left_ns = 0;  // work left in the oldest pending job
};

}  // namespace

void run(std::span<const TaskSpec> tasks, std::span<TaskStats> stats, Environment& env,
         const RunnerOptions& options) {
  TaskState state[kMaxTasks];
  const std::size_t n = tasks.size() < kMaxTasks ? tasks.size() : kMaxTasks;
  const std::uint64_t start = env.now_ns() + options.start_delay_ns;
  for (std::size_t i = 0; i < n; ++i) state[i].next_release = start;

  for (;;) {
    std::uint64_t now = env.now_ns();
    bool all_done = true;
    std::uint64_t next_release = ~0ull;
    std::size_t pick = n;
    for (std::size_t i = 0; i < n; ++i) {
      TaskState& s = state[i];
      while (s.released < tasks[i].count && s.next_release <= now) {
        if (s.released == s.finished) s.left_ns = tasks[i].wcet_ns;
        ++s.released;
        s.next_release += tasks[i].period_ns;
      }
      if (s.finished < tasks[i].count) all_done = false;
      if (s.released < tasks[i].count && s.next_release < next_release)
        next_release = s.next_release;
      if (s.finished < s.released && (pick == n || tasks[i].priority < tasks[pick].priority))
        pick = i;
    }
    if (all_done) return;
    if (pick == n) {
      env.sleep_until(next_release);
      continue;
    }
    TaskState& s = state[pick];
    std::uint64_t chunk = s.left_ns < options.chunk_ns ? s.left_ns : options.chunk_ns;
    env.work_ns(chunk);
    s.left_ns -= chunk;
    if (s.left_ns == 0) {
      std::uint64_t release =
          start + static_cast<std::uint64_t>(s.finished) * tasks[pick].period_ns;
      stats[pick].record(release, env.now_ns(), release + tasks[pick].period_ns,
                         tasks[pick].wcet_ns);
      ++s.finished;
      if (s.finished < s.released) s.left_ns = tasks[pick].wcet_ns;
    }
  }
}

}  // namespace rtjobs
