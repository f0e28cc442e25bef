// What a simulation run measures: per task (jobs, deadline misses,
// response-time/deadline samples, CPU time), per vCPU and per pCPU (time on
// CPU, dispatches), and the summaries the CLI prints. Filled by the engine
// and the guests; no locking.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/time.h"

namespace sim {

struct TaskStats {
  std::string domain;
  std::string name;
  Time period = 0;
  Time deadline = 0;
  std::uint64_t released = 0;
  std::uint64_t completed = 0;
  // Jobs judged: every completed job plus the unfinished ones whose
  // deadline passed before the end of the run (those count as missed).
  std::uint64_t judged = 0;
  std::uint64_t missed = 0;
  Time cpu = 0;  // execution time received
  // response / relative deadline of every completed job (in release order),
  // and (end - release) / deadline for judged jobs still unfinished at the end.
  std::vector<float> ratios;
};

struct VcpuStats {
  std::string domain;
  std::uint32_t index = 0;  // within its domain
  Time cpu = 0;             // time on a pCPU
  Time work = 0;            // of which its guest had a job (or busy loop)
  std::uint64_t dispatches = 0;
  std::uint64_t migrations = 0;
};

struct PcpuStats {
  Time busy = 0;  // running some vCPU
  std::uint64_t schedules = 0;
  std::uint64_t switches = 0;
};

struct DomainSummary {
  std::string name;
  std::uint64_t judged = 0;
  std::uint64_t missed = 0;
  Time cpu = 0;  // sum over its vCPUs
  double miss_ratio() const { return judged ? double(missed) / double(judged) : 0.0; }
};

struct Results {
  Time duration = 0;
  std::vector<TaskStats> tasks;
  std::vector<VcpuStats> vcpus;
  std::vector<PcpuStats> pcpus;
  std::uint64_t events = 0;      // engine iterations (distinct event instants)
  std::uint64_t host_calls = 0;  // do_schedule + wake + sleep + context_saved
  double wall_seconds = 0.0;

  std::vector<DomainSummary> domains() const;
  const TaskStats* task(const std::string& domain, const std::string& name) const;
};

// Nearest-rank percentile (p in [0, 100]) of unsorted samples; 0 if empty.
double percentile(std::vector<float> samples, double p);
// All ratios of a domain's tasks (or of every task when domain is empty).
std::vector<float> ratios_of(const Results& r, const std::string& domain);
double miss_ratio(const TaskStats& t);

}  // namespace sim
