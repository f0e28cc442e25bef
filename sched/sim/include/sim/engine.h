// The discrete-event engine: advances a virtual nanosecond clock from one
// event instant to the next (job releases, job completions, the scheduling
// events the host scheduler asked for) and drives the host scheduler the
// way the hypervisor does:
//  * do_schedule on a pCPU at the time it returned, on every tickle, and
//    when the vCPU running there blocks (its guest has no job);
//  * wake when a blocked vCPU's guest gets a job, sleep when it has none;
//  * context_saved right after a pCPU switched away from a vCPU.
// Within one instant the engine first retires finished jobs, then releases
// jobs, updates the guests, calls wake/sleep, and finally reschedules every
// pCPU that needs it (lowest number first) until none does.
// An instant costs what changed in it: the pCPUs' next scheduling events and
// the running jobs' completions are kept in min-trees, the touched domains
// and the pCPUs to reschedule in index sets, and CPU time is charged to a
// pCPU's vCPU lazily (when it switches, its guest is touched, or the run
// ends), never by walking every pCPU or domain (the optional audit and trace
// still look at everything).
// It checks the host's answers: a vCPU never runs on two pCPUs at once and
// only runs on pCPUs of its pool and affinity; a violation stops the run
// with an error naming it. Single-threaded; no locking.
#pragma once

#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "sim/guest.h"
#include "sim/host.h"
#include "sim/index_set.h"
#include "sim/min_tree.h"
#include "sim/model.h"
#include "sim/stats.h"
#include "sim/trace.h"

namespace sim {

struct EngineOptions {
  TraceWriter* trace = nullptr;  // optional schedule trace
  // Safety net against a host that keeps tickling within one instant.
  std::uint64_t max_schedules_per_instant = 100000;
  // Check the host's invariants (HostScheduler::audit: for the core, work
  // conservation and replenishments at their times) after every instant; a
  // violation fails the run. Costs O(vCPUs x pCPUs) per instant.
  bool audit = true;
};

class Engine {
 public:
  Engine(const Scenario& scenario, HostScheduler& host, EngineOptions options = {});

  // Runs from 0 to `until` (default: the scenario's duration). Returns false
  // (and error() says why) when the host scheduler broke the contract.
  bool run(Time until = -1);
  const Results& results() const { return results_; }
  Results& results() { return results_; }
  const std::string& error() const { return error_; }

  // Global vCPU number of (domain index, vCPU index).
  VcpuId vcpu_id(std::size_t domain, std::size_t vcpu) const {
    return first_vcpu_[domain] + static_cast<VcpuId>(vcpu);
  }
  Time now() const { return now_; }

 private:
  struct VcpuState {
    std::uint32_t domain = 0;
    std::uint32_t index = 0;
    int cpu = -1;  // pCPU it runs on, -1 when not running
    int last_cpu = -1;
    bool awake = false;  // the host was told it is runnable
    std::uint32_t pool = 0;
    std::vector<bool> allowed;  // per pCPU
    std::string label;
    // trace: the job slice being drawn on its track
    int trace_task = -2;
    std::uint64_t trace_seq = 0;
    Time trace_start = 0;
  };
  struct PcpuState {
    bool present = false;
    std::uint32_t pool = 0;
    VcpuId curr = kIdleVcpu;
    Time next_event = kNever;
    Time slice_start = 0;
    Time charged = 0;       // CPU time is charged up to here (settle)
    Time done_at = kNever;  // completion of the running job, if any
  };
  struct Release {
    Time at;
    std::uint32_t domain;
    std::uint32_t task;
    bool operator>(const Release& o) const {
      if (at != o.at) return at > o.at;
      if (domain != o.domain) return domain > o.domain;
      return task > o.task;
    }
  };

  void setup();
  Time next_instant();
  void settle(std::uint32_t cpu);
  void settle_domain(std::uint32_t domain);
  void refresh_completion(std::uint32_t cpu);
  void tickle(const Tickles& cpus, std::uint32_t except = IndexSet::kNone);
  bool process_instant();
  void update_guest(std::uint32_t domain);
  bool reschedule(std::uint32_t cpu);
  void trace_vcpu(VcpuId v, bool force_close);
  void finish();
  bool fail(const std::string& why);

  const Scenario& scenario_;
  HostScheduler& host_;
  EngineOptions opt_;
  std::vector<Guest> guests_;
  std::vector<VcpuId> first_vcpu_;
  std::vector<VcpuState> vcpus_;
  std::vector<PcpuState> pcpus_;
  std::vector<std::vector<TaskStats>> task_stats_;  // per domain, per task
  std::priority_queue<Release, std::vector<Release>, std::greater<>> releases_;
  MinTree events_;       // pCPUs' next scheduling events (PcpuState::next_event)
  MinTree completions_;  // running jobs' completions (PcpuState::done_at)
  IndexSet resched_;     // pCPUs that must call do_schedule in this instant
  IndexSet touched_;     // domains whose jobs or guest changed in this instant
  IndexSet moved_;       // pCPUs whose running job may have changed
  Tickles tickles_;
  std::vector<Time> armed_;  // next event per pCPU, for the audit
  Time now_ = 0;
  Time end_ = 0;
  Results results_;
  std::string error_;
};

}  // namespace sim
