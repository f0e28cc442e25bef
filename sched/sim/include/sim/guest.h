// The scheduler inside one simulated domain: its periodic tasks, their
// queued jobs (soft real-time: a late job finishes, later jobs of the same
// task queue behind it) and which job each vCPU executes.
//  * partitioned: every task is bound to one vCPU; each vCPU runs the
//    highest-priority head job among its tasks (uniprocessor FP or EDF);
//  * global: the m highest-priority head jobs of the domain run on its m
//    vCPUs; a job keeps its vCPU while it stays among the m, new ones take
//    a free vCPU (lowest index first) or the one whose job dropped out.
// Priorities: fp uses the task's explicit priority (smaller is higher),
// else rate monotonic (shorter period first); edf the job's absolute
// deadline. Ties go to the lower task index.
// The guest does not know whether a vCPU is on a pCPU; the engine calls
// run() only for vCPUs that are. A vCPU with no job blocks (has_work()
// false). Busy domains always have work and no tasks.
// Owned by the engine; no locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "sim/model.h"
#include "sim/rng.h"
#include "sim/stats.h"
#include "sim/time.h"

namespace sim {

struct Job {
  Time release = 0;
  Time deadline = 0;  // absolute
  Time demand = 0;
  Time remaining = 0;
  std::uint64_t seq = 0;  // job number within its task
};

class Guest {
 public:
  static constexpr int kNoTask = -1;

  Guest(const DomainSpec& spec, std::uint64_t seed, std::size_t domain_index);

  std::size_t task_count() const { return tasks_.size(); }
  std::size_t vcpu_count() const { return current_.size(); }
  const TaskSpec& task_spec(std::size_t t) const { return tasks_[t].spec; }

  // Releases the next job of task t at `now` (its demand drawn from the
  // task's own random stream) and returns the time of the following release.
  Time release(std::size_t t, Time now);
  // First release time of task t.
  Time first_release(std::size_t t) const { return tasks_[t].spec.offset; }

  // Recomputes which job every vCPU executes. Call after releases and
  // completions, before reading has_work().
  void reassign();

  bool has_work(std::size_t vcpu) const { return busy_ || current_[vcpu] != kNoTask; }
  // The task whose head job vcpu executes, or kNoTask (also for busy domains).
  int current_task(std::size_t vcpu) const { return current_[vcpu]; }
  const Job* current_job(std::size_t vcpu) const;
  // Work left in vcpu's current job (kNever for busy domains or no job).
  Time remaining(std::size_t vcpu) const;

  // vcpu executed for dt (it was on a pCPU with work). Records task CPU time.
  void run(std::size_t vcpu, Time dt);
  // Retires every head job with no work left (finished at `now`) into stats.
  // Returns true when some job finished.
  bool retire_finished(Time now, std::vector<TaskStats>& stats);
  // Jobs pending (released, unfinished) of task t.
  std::size_t pending(std::size_t t) const { return tasks_[t].jobs.size(); }
  const std::deque<Job>& jobs(std::size_t t) const { return tasks_[t].jobs; }

 private:
  struct TaskState {
    TaskSpec spec;
    int rank = 0;  // fp priority rank: 0 is highest
    Rng rng;
    std::deque<Job> jobs;
    std::uint64_t next_seq = 0;
    int on_vcpu = -1;  // global: vCPU currently holding the head job
  };

  // true when task a's head job has priority over task b's.
  bool higher(std::size_t a, std::size_t b) const;
  void reassign_partitioned();
  void reassign_global();

  GuestPolicy policy_;
  Placement placement_;
  bool busy_;
  std::vector<TaskState> tasks_;
  std::vector<int> current_;  // per vCPU: task index or kNoTask
  std::vector<std::size_t> scratch_;
};

}  // namespace sim
