// Per-task job statistics of the rt-tasks guest: jobs, deadline misses,
// response-time percentiles and the work (CPU demand) its jobs executed. Response
// times are kept in a fixed reservoir (the first kSamples jobs) so no
// allocation happens while tasks run. No locking: owned by the runner.
#pragma once

#include <cstdint>

#include "support/format.h"

namespace rtjobs {

class TaskStats {
 public:
  static constexpr std::uint32_t kSamples = 4096;

  void record(std::uint64_t release_ns, std::uint64_t finish_ns, std::uint64_t deadline_ns,
              std::uint64_t work_ns);
  std::uint32_t jobs() const { return jobs_; }
  std::uint32_t misses() const { return misses_; }
  std::uint64_t work_ns() const { return work_ns_; }
  std::uint64_t max_response_ns() const { return max_response_; }
  // Percentile (0..100) of the recorded response times; sorts the samples.
  std::uint64_t response_percentile_ns(std::uint32_t percent);

  // One machine-readable line: "jobs=.. misses=.. resp_p50_us=.. resp_p95_us=..
  // resp_p99_us=.. resp_max_us=.. work_us=..".
  void format(support::Sink& out);

 private:
  std::uint64_t samples_[kSamples];
  std::uint32_t sample_count_ = 0;
  bool sorted_ = false;
  std::uint32_t jobs_ = 0;
  std::uint32_t misses_ = 0;
  std::uint64_t work_ns_ = 0;
  std::uint64_t max_response_ = 0;
};

}  // namespace rtjobs
