// Task statistics (see rtjobs/stats.h).
#include "rtjobs/stats.h"

namespace rtjobs {

void TaskStats::record(std::uint64_t release_ns, std::uint64_t finish_ns, std::uint64_t deadline_ns,
                       std::uint64_t work_ns) {
  std::uint64_t response = finish_ns - release_ns;
  ++jobs_;
  if (finish_ns > deadline_ns) ++misses_;
  work_ns_ += work_ns;
  if (response > max_response_) max_response_ = response;
  if (sample_count_ < kSamples) {
    samples_[sample_count_++] = response;
    sorted_ = false;
  }
}

std::uint64_t TaskStats::response_percentile_ns(std::uint32_t percent) {
  if (sample_count_ == 0) return 0;
  if (!sorted_) {
    for (std::uint32_t i = 1; i < sample_count_; ++i)
      for (std::uint32_t j = i; j > 0 && samples_[j - 1] > samples_[j]; --j) {
        std::uint64_t t = samples_[j];
        samples_[j] = samples_[j - 1];
        samples_[j - 1] = t;
      }
    sorted_ = true;
  }
  // Nearest rank: the smallest sample with at least `percent`% at or below it.
  std::uint64_t rank = (static_cast<std::uint64_t>(percent) * sample_count_ + 99) / 100;
  if (rank == 0) rank = 1;
  return samples_[rank - 1];
}

void TaskStats::format(support::Sink& out) {
  support::format_to(
      out,
      "jobs={} misses={} resp_p50_us={} resp_p95_us={} resp_p99_us={} resp_max_us={} work_us={}",
      jobs_, misses_, response_percentile_ns(50) / 1000, response_percentile_ns(95) / 1000,
      response_percentile_ns(99) / 1000, max_response_ / 1000, work_ns_ / 1000);
}

}  // namespace rtjobs
