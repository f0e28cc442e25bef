// The discrete-event engine (engine.h).
#include "sim/engine.h"

#include <algorithm>
#include <chrono>

namespace sim {

Engine::Engine(const Scenario& scenario, HostScheduler& host, EngineOptions options)
    : scenario_(scenario), host_(host), opt_(options) {
  setup();
}

void Engine::setup() {
  const std::uint32_t ncpu = scenario_.pcpu_count();
  pcpus_.assign(ncpu, PcpuState{});
  for (std::uint32_t p = 0; p < scenario_.pools.size(); ++p)
    for (auto c : scenario_.pools[p].cpus) {
      pcpus_[c].present = true;
      pcpus_[c].pool = p;
    }
  results_.pcpus.assign(ncpu, PcpuStats{});
  resched_.assign(ncpu, false);
  touched_.assign(scenario_.domains.size(), false);

  for (std::uint32_t d = 0; d < scenario_.domains.size(); ++d) {
    const DomainSpec& ds = scenario_.domains[d];
    guests_.emplace_back(ds, scenario_.seed, d);
    first_vcpu_.push_back(static_cast<VcpuId>(vcpus_.size()));
    std::uint32_t pool = 0;
    for (std::uint32_t p = 0; p < scenario_.pools.size(); ++p)
      if (scenario_.pools[p].name == ds.pool) pool = p;
    for (std::uint32_t i = 0; i < ds.vcpus.size(); ++i) {
      VcpuState vs;
      vs.domain = d;
      vs.index = i;
      vs.pool = pool;
      vs.allowed.assign(ncpu, false);
      const auto& mask = ds.vcpus[i].cpus.empty() ? scenario_.pools[pool].cpus : ds.vcpus[i].cpus;
      for (auto c : mask)
        if (c < ncpu) vs.allowed[c] = true;
      vs.label = ds.name + "/v" + std::to_string(i);
      vcpus_.push_back(std::move(vs));
      results_.vcpus.push_back(VcpuStats{ds.name, i, 0, 0, 0, 0});
    }
    std::vector<TaskStats> ts;
    for (const auto& t : ds.tasks) {
      TaskStats s;
      s.domain = ds.name;
      s.name = t.name;
      s.period = t.period;
      s.deadline = t.relative_deadline();
      ts.push_back(std::move(s));
    }
    task_stats_.push_back(std::move(ts));
    for (std::uint32_t t = 0; t < ds.tasks.size(); ++t)
      releases_.push(Release{ds.tasks[t].offset, d, t});
  }
  if (opt_.trace) {
    for (std::uint32_t c = 0; c < ncpu; ++c)
      if (pcpus_[c].present) opt_.trace->name_pcpu(c);
    for (std::uint32_t v = 0; v < vcpus_.size(); ++v) opt_.trace->name_vcpu(v, vcpus_[v].label);
  }
}

bool Engine::fail(const std::string& why) {
  if (error_.empty()) error_ = "t=" + std::to_string(now_) + "ns: " + why;
  return false;
}

Time Engine::next_instant() const {
  Time t = end_;
  if (!releases_.empty()) t = std::min(t, releases_.top().at);
  t = std::min(t, host_.next_control());
  for (const auto& p : pcpus_) {
    if (!p.present) continue;
    t = std::min(t, p.next_event);
    if (p.curr == kIdleVcpu) continue;
    const auto& vs = vcpus_[p.curr];
    const Time rem = guests_[vs.domain].remaining(vs.index);
    if (rem < kNever) t = std::min(t, now_ + rem);
  }
  return std::max(t, now_);
}

void Engine::advance(Time t) {
  const Time dt = t - now_;
  if (dt > 0) {
    for (std::uint32_t c = 0; c < pcpus_.size(); ++c) {
      const auto& p = pcpus_[c];
      if (!p.present || p.curr == kIdleVcpu) continue;
      const auto& vs = vcpus_[p.curr];
      Guest& g = guests_[vs.domain];
      auto& vst = results_.vcpus[p.curr];
      vst.cpu += dt;
      results_.pcpus[c].busy += dt;
      if (g.has_work(vs.index)) vst.work += dt;
      const int task = g.current_task(vs.index);
      if (task != Guest::kNoTask) {
        task_stats_[vs.domain][static_cast<std::size_t>(task)].cpu += dt;
        g.run(vs.index, dt);
      }
    }
  }
  now_ = t;
}

void Engine::update_guest(std::uint32_t d) {
  Guest& g = guests_[d];
  g.reassign();
  for (std::uint32_t i = 0; i < g.vcpu_count(); ++i) {
    const VcpuId v = first_vcpu_[d] + i;
    VcpuState& vs = vcpus_[v];
    const bool work = g.has_work(i);
    if (work == vs.awake) continue;
    vs.awake = work;
    tickles_.clear();
    ++results_.host_calls;
    if (work) {
      host_.wake(v, now_, tickles_);
    } else {
      host_.sleep(v, now_, tickles_);
      if (vs.cpu >= 0) resched_[static_cast<std::size_t>(vs.cpu)] = true;  // it blocks
    }
    for (auto c : tickles_)
      if (c < resched_.size()) resched_[c] = true;
  }
}

bool Engine::reschedule(std::uint32_t cpu) {
  PcpuState& p = pcpus_[cpu];
  ++results_.host_calls;
  ++results_.pcpus[cpu].schedules;
  tickles_.clear();
  const HostDecision d = host_.do_schedule(cpu, now_, tickles_);
  for (auto c : tickles_)
    if (c < resched_.size() && c != cpu) resched_[c] = true;
  if (d.next != kIdleVcpu) {
    if (d.next >= vcpus_.size()) return fail("do_schedule returned an unknown vCPU");
    const VcpuState& ns = vcpus_[d.next];
    if (ns.pool != p.pool)
      return fail("do_schedule picked a vCPU of another pool on pCPU " + std::to_string(cpu));
    if (!ns.allowed[cpu])
      return fail(ns.label + " picked on pCPU " + std::to_string(cpu) + " outside its affinity");
    if (ns.cpu >= 0 && static_cast<std::uint32_t>(ns.cpu) != cpu)
      return fail(ns.label + " picked on pCPU " + std::to_string(cpu) + " while running on pCPU " +
                  std::to_string(ns.cpu));
  }
  if (d.next_event <= now_)
    return fail("do_schedule on pCPU " + std::to_string(cpu) +
                " asked for an event not in the future");
  p.next_event = d.next_event;
  if (d.next == p.curr) return true;

  // Context switch.
  ++results_.pcpus[cpu].switches;
  const VcpuId prev = p.curr;
  if (opt_.trace && prev != kIdleVcpu)
    opt_.trace->pcpu_slice(cpu, vcpus_[prev].label, p.slice_start, now_);
  p.slice_start = now_;
  p.curr = d.next;
  if (prev != kIdleVcpu) {
    vcpus_[prev].cpu = -1;
    if (opt_.trace) trace_vcpu(prev, true);
  }
  if (d.next != kIdleVcpu) {
    VcpuState& ns = vcpus_[d.next];
    ns.cpu = static_cast<int>(cpu);
    auto& st = results_.vcpus[d.next];
    ++st.dispatches;
    if (ns.last_cpu >= 0 && ns.last_cpu != static_cast<int>(cpu)) ++st.migrations;
    ns.last_cpu = static_cast<int>(cpu);
  }
  if (prev != kIdleVcpu) {
    tickles_.clear();
    ++results_.host_calls;
    host_.context_saved(prev, cpu, now_, tickles_);
    for (auto c : tickles_)
      if (c < resched_.size()) resched_[c] = true;
  }
  return true;
}

// Draws the job a vCPU executes as slices on its trace track.
void Engine::trace_vcpu(VcpuId v, bool force_close) {
  VcpuState& vs = vcpus_[v];
  const Guest& g = guests_[vs.domain];
  int task = -2;  // -2: not running; -1: running without a job or busy loop
  std::uint64_t seq = 0;
  if (!force_close && vs.cpu >= 0) {
    task = g.current_task(vs.index);
    if (task >= 0) seq = g.current_job(vs.index)->seq;
  }
  if (task == vs.trace_task && seq == vs.trace_seq) return;
  if (vs.trace_task != -2) {
    std::string label;
    if (vs.trace_task >= 0)
      label = g.task_spec(static_cast<std::size_t>(vs.trace_task)).name + "#" +
              std::to_string(vs.trace_seq);
    else
      label = scenario_.domains[vs.domain].busy ? "busy" : "idle";
    opt_.trace->vcpu_slice(v, label, vs.trace_start, now_);
  }
  vs.trace_task = task;
  vs.trace_seq = seq;
  vs.trace_start = now_;
}

bool Engine::process_instant() {
  // Completions of running jobs.
  for (const auto& p : pcpus_) {
    if (!p.present || p.curr == kIdleVcpu) continue;
    const auto& vs = vcpus_[p.curr];
    if (guests_[vs.domain].remaining(vs.index) <= 0) touched_[vs.domain] = true;
  }
  for (std::uint32_t d = 0; d < guests_.size(); ++d)
    if (touched_[d]) guests_[d].retire_finished(now_, task_stats_[d]);
  // Releases.
  while (!releases_.empty() && releases_.top().at <= now_) {
    const Release r = releases_.top();
    releases_.pop();
    const Time next = guests_[r.domain].release(r.task, now_);
    task_stats_[r.domain][r.task].released++;
    releases_.push(Release{next, r.domain, r.task});
    touched_[r.domain] = true;
  }
  for (std::uint32_t d = 0; d < guests_.size(); ++d)
    if (touched_[d]) update_guest(d);
  std::fill(touched_.begin(), touched_.end(), false);
  // Control-plane events of the host (vCPU phases).
  if (host_.next_control() <= now_) {
    tickles_.clear();
    ++results_.host_calls;
    host_.control(now_, tickles_);
    for (auto c : tickles_)
      if (c < resched_.size()) resched_[c] = true;
  }
  // Scheduling events that are due.
  for (std::uint32_t c = 0; c < pcpus_.size(); ++c)
    if (pcpus_[c].present && pcpus_[c].next_event <= now_) resched_[c] = true;
  std::uint64_t budget = opt_.max_schedules_per_instant;
  for (;;) {
    std::uint32_t c = 0;
    while (c < resched_.size() && !resched_[c]) ++c;
    if (c == resched_.size()) break;
    resched_[c] = false;
    if (!pcpus_[c].present) continue;
    if (budget-- == 0)
      return fail("more than max_schedules_per_instant do_schedule calls in one instant");
    if (!reschedule(c)) return false;
  }
  if (opt_.audit) {
    armed_.resize(pcpus_.size());
    for (std::uint32_t c = 0; c < pcpus_.size(); ++c) armed_[c] = pcpus_[c].next_event;
    if (const char* broken = host_.audit(now_, armed_))
      return fail(std::string("audit: ") + broken);
  }
  if (opt_.trace)
    for (VcpuId v = 0; v < vcpus_.size(); ++v) trace_vcpu(v, false);
  return true;
}

void Engine::finish() {
  // Jobs completing exactly at the end count as completed.
  for (std::uint32_t d = 0; d < guests_.size(); ++d)
    guests_[d].retire_finished(now_, task_stats_[d]);
  // Unfinished jobs whose deadline has passed are judged as missed.
  for (std::uint32_t d = 0; d < guests_.size(); ++d)
    for (std::size_t t = 0; t < guests_[d].task_count(); ++t)
      for (const Job& j : guests_[d].jobs(t)) {
        if (j.deadline > now_) continue;
        auto& st = task_stats_[d][t];
        st.judged++;
        st.missed++;
        st.ratios.push_back(static_cast<float>(static_cast<double>(now_ - j.release) /
                                               static_cast<double>(j.deadline - j.release)));
      }
  if (opt_.trace) {
    for (std::uint32_t c = 0; c < pcpus_.size(); ++c)
      if (pcpus_[c].present && pcpus_[c].curr != kIdleVcpu)
        opt_.trace->pcpu_slice(c, vcpus_[pcpus_[c].curr].label, pcpus_[c].slice_start, now_);
    for (VcpuId v = 0; v < vcpus_.size(); ++v) trace_vcpu(v, true);
  }
  results_.tasks.clear();
  for (auto& ts : task_stats_)
    for (auto& t : ts) results_.tasks.push_back(t);
  results_.duration = now_;
}

bool Engine::run(Time until) {
  end_ = until >= 0 ? until : scenario_.duration;
  const auto wall0 = std::chrono::steady_clock::now();
  // At start every vCPU is asleep from the host's view; busy domains and
  // jobs released at 0 wake theirs; every pCPU schedules once.
  for (std::uint32_t d = 0; d < guests_.size(); ++d) touched_[d] = true;
  for (std::uint32_t c = 0; c < pcpus_.size(); ++c)
    pcpus_[c].next_event = pcpus_[c].present ? 0 : kNever;
  bool ok = true;
  while (ok) {
    const Time t = next_instant();
    advance(t);
    if (now_ >= end_) break;
    ++results_.events;
    ok = process_instant();
  }
  finish();
  results_.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return ok;
}

}  // namespace sim
