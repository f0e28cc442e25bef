// `rt-tasks`: periodic real-time tasks given on the command line
// (tasks=<period>:<wcet>:<count>[:<priority>],...; see rtjobs/taskset.h),
// released by the one-shot timer and scheduled inside the guest by fixed
// priority (guests/rtjobs). At the end it prints one machine-readable line
// per task and a total, then powers off:
//   rt-tasks: task <i> period_us=.. wcet_us=.. prio=.. jobs=.. misses=.. resp_p50_us=.. ...
//   rt-tasks: done tasks=<n> jobs=<j> misses=<m> cpu_us=<CPU time received> wall_us=<elapsed>
#include "guest/runtime.h"
#include "rtjobs/runner.h"
#include "support/text.h"

namespace {

class GuestEnvironment final : public rtjobs::Environment {
 public:
  std::uint64_t now_ns() override { return guest::now_ns(); }
  void work_ns(std::uint64_t ns) override { guest::work_us(ns / 1000); }
  void sleep_until(std::uint64_t deadline_ns) override {
    guest::set_timer(deadline_ns);
    guest::block();
  }
};

rtjobs::TaskStats g_stats[rtjobs::kMaxTasks];

}  // namespace

void guest_main() {
  std::string_view spec;
  if (!support::cmdline_get(guest::cmdline(), "tasks", spec)) {
    guest::print("rt-tasks: error: no tasks= on the command line\n");
    guest::shutdown(tactus::abi::ShutdownReason::crash);
  }
  rtjobs::TaskSpec tasks[rtjobs::kMaxTasks];
  std::size_t n = 0;
  auto st = rtjobs::parse_tasks(spec, tasks, n);
  if (!st.ok()) {
    guest::print("rt-tasks: error: tasks=: {}\n", st.reason());
    guest::shutdown(tactus::abi::ShutdownReason::crash);
  }
  guest::print("rt-tasks: {} task{}, {} work loops per ms\n", n, n == 1 ? "" : "s",
               guest::work_loops_per_ms());
  GuestEnvironment env;
  std::uint64_t cpu0 = guest::cpu_time_ns(), t0 = guest::now_ns();
  rtjobs::run({tasks, n}, {g_stats, n}, env);
  std::uint64_t cpu = guest::cpu_time_ns() - cpu0, wall = guest::now_ns() - t0;
  std::uint64_t jobs = 0, misses = 0;
  for (std::size_t i = 0; i < n; ++i) {
    support::FixedString<200> line;
    g_stats[i].format(line.sink());
    guest::print("rt-tasks: task {} period_us={} wcet_us={} prio={} {}\n", i,
                 tasks[i].period_ns / 1000, tasks[i].wcet_ns / 1000, tasks[i].priority,
                 line.view());
    jobs += g_stats[i].jobs();
    misses += g_stats[i].misses();
  }
  guest::print("rt-tasks: done tasks={} jobs={} misses={} cpu_us={} wall_us={}\n", n, jobs, misses,
               cpu / 1000, wall / 1000);
}
