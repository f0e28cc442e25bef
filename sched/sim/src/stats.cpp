// Summaries over the raw per-task, per-vCPU and per-pCPU statistics (stats.h).
#include "sim/stats.h"

#include <algorithm>
#include <cmath>

namespace sim {

std::vector<DomainSummary> Results::domains() const {
  std::vector<DomainSummary> out;
  auto find = [&](const std::string& n) -> DomainSummary& {
    for (auto& d : out)
      if (d.name == n) return d;
    out.push_back(DomainSummary{n, 0, 0, 0});
    return out.back();
  };
  for (const auto& v : vcpus) find(v.domain).cpu += v.cpu;
  for (const auto& t : tasks) {
    auto& d = find(t.domain);
    d.judged += t.judged;
    d.missed += t.missed;
  }
  return out;
}

const TaskStats* Results::task(const std::string& domain, const std::string& name) const {
  for (const auto& t : tasks)
    if (t.domain == domain && t.name == name) return &t;
  return nullptr;
}

double percentile(std::vector<float> samples, double p) {
  if (samples.empty()) return 0.0;
  p = std::clamp(p, 0.0, 100.0);
  // Nearest rank: the smallest value with at least p% of samples at or below it.
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
  if (rank == 0) rank = 1;
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(rank - 1),
                   samples.end());
  return samples[rank - 1];
}

std::vector<float> ratios_of(const Results& r, const std::string& domain) {
  std::vector<float> out;
  for (const auto& t : r.tasks)
    if (domain.empty() || t.domain == domain)
      out.insert(out.end(), t.ratios.begin(), t.ratios.end());
  return out;
}

double miss_ratio(const TaskStats& t) {
  return t.judged ? double(t.missed) / double(t.judged) : 0.0;
}

}  // namespace sim
