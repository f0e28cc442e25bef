// Guest-level scheduling of one domain's tasks onto its vCPUs (guest.h).
#include "sim/guest.h"

#include <algorithm>
#include <numeric>

namespace sim {

Guest::Guest(const DomainSpec& spec, std::uint64_t seed, std::size_t domain_index)
    : policy_(spec.guest),
      placement_(spec.guest_placement),
      busy_(spec.busy),
      current_(spec.vcpus.size(), kNoTask) {
  tasks_.reserve(spec.tasks.size());
  for (std::size_t i = 0; i < spec.tasks.size(); ++i)
    tasks_.push_back(
        TaskState{spec.tasks[i], 0, Rng::stream(seed, domain_index + 1, i + 1), {}, 0, -1});
  // Fixed-priority ranks: explicit priority, else rate monotonic; ties by index.
  std::vector<std::size_t> order(tasks_.size());
  std::iota(order.begin(), order.end(), 0);
  auto key = [&](std::size_t i) {
    const auto& s = tasks_[i].spec;
    return s.priority ? std::int64_t{*s.priority} : s.period;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  for (std::size_t r = 0; r < order.size(); ++r) tasks_[order[r]].rank = static_cast<int>(r);
  scratch_.reserve(tasks_.size());
}

Time Guest::release(std::size_t t, Time now) {
  auto& ts = tasks_[t];
  const Time wcet = ts.spec.wcet;
  Time lo = static_cast<Time>(ts.spec.etf * static_cast<double>(wcet) + 0.5);
  lo = std::clamp<Time>(lo, 0, wcet);
  Time demand = lo == wcet ? wcet : ts.rng.uniform_int(lo, wcet);
  if (demand <= 0) demand = 1;
  ts.jobs.push_back(Job{now, now + ts.spec.relative_deadline(), demand, demand, ts.next_seq++});
  return now + ts.spec.period;
}

bool Guest::higher(std::size_t a, std::size_t b) const {
  if (policy_ == GuestPolicy::edf) {
    const Time da = tasks_[a].jobs.front().deadline;
    const Time db = tasks_[b].jobs.front().deadline;
    if (da != db) return da < db;
    return a < b;
  }
  return tasks_[a].rank < tasks_[b].rank;
}

void Guest::reassign() {
  if (busy_) return;
  if (placement_ == Placement::global)
    reassign_global();
  else
    reassign_partitioned();
}

void Guest::reassign_partitioned() {
  std::fill(current_.begin(), current_.end(), kNoTask);
  for (std::size_t t = 0; t < tasks_.size(); ++t) {
    if (tasks_[t].jobs.empty()) continue;
    const int v = tasks_[t].spec.vcpu;
    if (v < 0 || static_cast<std::size_t>(v) >= current_.size()) continue;
    int& cur = current_[static_cast<std::size_t>(v)];
    if (cur == kNoTask || higher(t, static_cast<std::size_t>(cur))) cur = static_cast<int>(t);
  }
}

void Guest::reassign_global() {
  const std::size_t m = current_.size();
  scratch_.clear();
  for (std::size_t t = 0; t < tasks_.size(); ++t)
    if (!tasks_[t].jobs.empty()) scratch_.push_back(t);
  const std::size_t k = std::min(m, scratch_.size());
  std::partial_sort(scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(k),
                    scratch_.end(), [&](std::size_t a, std::size_t b) { return higher(a, b); });
  // Tasks that drop out of the top k lose their vCPU.
  for (std::size_t i = k; i < scratch_.size(); ++i) tasks_[scratch_[i]].on_vcpu = -1;
  std::vector<bool> kept(m, false);
  for (std::size_t v = 0; v < m; ++v) {
    const int t = current_[v];
    if (t == kNoTask) continue;
    const auto top_end = scratch_.begin() + static_cast<std::ptrdiff_t>(k);
    if (std::find(scratch_.begin(), top_end, static_cast<std::size_t>(t)) != top_end &&
        tasks_[static_cast<std::size_t>(t)].on_vcpu == static_cast<int>(v)) {
      kept[v] = true;
    } else {
      current_[v] = kNoTask;
    }
  }
  // Top jobs without a vCPU go to free vCPUs, lowest index first.
  std::size_t v = 0;
  for (std::size_t i = 0; i < k; ++i) {
    auto& ts = tasks_[scratch_[i]];
    if (ts.on_vcpu >= 0 && kept[static_cast<std::size_t>(ts.on_vcpu)]) continue;
    while (v < m && kept[v]) ++v;
    ts.on_vcpu = static_cast<int>(v);
    current_[v] = static_cast<int>(scratch_[i]);
    kept[v] = true;
  }
}

const Job* Guest::current_job(std::size_t vcpu) const {
  const int t = current_[vcpu];
  if (t == kNoTask) return nullptr;
  return &tasks_[static_cast<std::size_t>(t)].jobs.front();
}

Time Guest::remaining(std::size_t vcpu) const {
  const Job* j = current_job(vcpu);
  return j ? j->remaining : kNever;
}

void Guest::run(std::size_t vcpu, Time dt) {
  const int t = current_[vcpu];
  if (t == kNoTask) return;
  Job& j = tasks_[static_cast<std::size_t>(t)].jobs.front();
  j.remaining -= dt;
}

bool Guest::retire_finished(Time now, std::vector<TaskStats>& stats) {
  bool any = false;
  for (std::size_t v = 0; v < current_.size(); ++v) {
    const int ti = current_[v];
    if (ti == kNoTask) continue;
    auto& ts = tasks_[static_cast<std::size_t>(ti)];
    Job& j = ts.jobs.front();
    if (j.remaining > 0) continue;
    TaskStats& st = stats[static_cast<std::size_t>(ti)];
    st.completed++;
    st.judged++;
    if (now > j.deadline) st.missed++;
    st.ratios.push_back(static_cast<float>(static_cast<double>(now - j.release) /
                                           static_cast<double>(ts.spec.relative_deadline())));
    ts.jobs.pop_front();
    ts.on_vcpu = -1;
    current_[v] = kNoTask;
    any = true;
  }
  return any;
}

}  // namespace sim
