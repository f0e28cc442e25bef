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
  events_.resize(ncpu);
  completions_.resize(ncpu);
  resched_.resize(ncpu);
  moved_.resize(ncpu);
  touched_.resize(scenario_.domains.size());

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

Time Engine::next_instant() {
  Time t = end_;
  if (!releases_.empty()) t = std::min(t, releases_.top().at);
  t = std::min(t, host_.next_control());
  t = std::min(t, events_.earliest());
  t = std::min(t, completions_.earliest());
  return std::max(t, now_);
}

// Charges pCPU c's running vCPU (and its job) for the time since the last
// charge. Its guest's state has not changed since then: every change
// (switch, retire, reassign) settles first.
void Engine::settle(std::uint32_t c) {
  PcpuState& p = pcpus_[c];
  const Time dt = now_ - p.charged;
  p.charged = now_;
  if (dt <= 0 || p.curr == kIdleVcpu) return;
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

void Engine::settle_domain(std::uint32_t d) {
  for (std::uint32_t i = 0; i < guests_[d].vcpu_count(); ++i) {
    const int cpu = vcpus_[first_vcpu_[d] + i].cpu;
    if (cpu >= 0) settle(static_cast<std::uint32_t>(cpu));
  }
}

// Recomputes when the job running on pCPU c completes.
void Engine::refresh_completion(std::uint32_t c) {
  settle(c);
  PcpuState& p = pcpus_[c];
  Time done = kNever;
  if (p.curr != kIdleVcpu) {
    const auto& vs = vcpus_[p.curr];
    const Time rem = guests_[vs.domain].remaining(vs.index);
    if (rem < kNever) done = now_ + rem;
  }
  if (done == p.done_at) return;
  p.done_at = done;
  completions_.set(c, done);
}

void Engine::tickle(const Tickles& cpus, std::uint32_t except) {
  for (auto c : cpus)
    if (c != except) resched_.set(c);
}

void Engine::update_guest(std::uint32_t d) {
  Guest& g = guests_[d];
  settle_domain(d);
  g.reassign();
  for (std::uint32_t i = 0; i < g.vcpu_count(); ++i) {
    const VcpuId v = first_vcpu_[d] + i;
    VcpuState& vs = vcpus_[v];
    if (vs.cpu >= 0) moved_.set(static_cast<std::size_t>(vs.cpu));  // its job may have changed
    const bool work = g.has_work(i);
    if (work == vs.awake) continue;
    vs.awake = work;
    tickles_.clear();
    ++results_.host_calls;
    if (work) {
      host_.wake(v, now_, tickles_);
    } else {
      host_.sleep(v, now_, tickles_);
      if (vs.cpu >= 0) resched_.set(static_cast<std::size_t>(vs.cpu));  // it blocks
    }
    tickle(tickles_);
  }
}

bool Engine::reschedule(std::uint32_t cpu) {
  PcpuState& p = pcpus_[cpu];
  ++results_.host_calls;
  ++results_.pcpus[cpu].schedules;
  tickles_.clear();
  const HostDecision d = host_.do_schedule(cpu, now_, tickles_);
  tickle(tickles_, cpu);
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
  if (d.next_event != p.next_event) {
    p.next_event = d.next_event;
    events_.set(cpu, d.next_event);
  }
  if (d.next == p.curr) return true;

  // Context switch.
  settle(cpu);
  moved_.set(cpu);
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
    tickle(tickles_);
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
  completions_.for_each_due(
      now_, [this](std::uint32_t c) { touched_.set(vcpus_[pcpus_[c].curr].domain); });
  touched_.for_each([this](std::uint32_t d) {
    settle_domain(d);
    guests_[d].retire_finished(now_, task_stats_[d]);
  });
  // Releases.
  while (!releases_.empty() && releases_.top().at <= now_) {
    const Release r = releases_.top();
    releases_.pop();
    const Time next = guests_[r.domain].release(r.task, now_);
    task_stats_[r.domain][r.task].released++;
    releases_.push(Release{next, r.domain, r.task});
    touched_.set(r.domain);
  }
  touched_.for_each([this](std::uint32_t d) { update_guest(d); });
  touched_.clear();
  // Control-plane events of the host (vCPU phases).
  if (host_.next_control() <= now_) {
    tickles_.clear();
    ++results_.host_calls;
    host_.control(now_, tickles_);
    tickle(tickles_);
  }
  // Scheduling events that are due.
  events_.for_each_due(now_, [this](std::uint32_t c) { resched_.set(c); });
  std::uint64_t budget = opt_.max_schedules_per_instant;
  for (std::uint32_t c; (c = resched_.take_lowest()) != IndexSet::kNone;) {
    if (!pcpus_[c].present) continue;
    if (budget-- == 0)
      return fail("more than max_schedules_per_instant do_schedule calls in one instant");
    if (!reschedule(c)) return false;
  }
  // Completion times of the jobs that started, stopped or changed here.
  moved_.for_each([this](std::uint32_t c) { refresh_completion(c); });
  moved_.clear();
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
  for (std::uint32_t c = 0; c < pcpus_.size(); ++c) settle(c);
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
  for (std::uint32_t d = 0; d < guests_.size(); ++d) touched_.set(d);
  for (std::uint32_t c = 0; c < pcpus_.size(); ++c) {
    pcpus_[c].next_event = pcpus_[c].present ? 0 : kNever;
    events_.set(c, pcpus_[c].next_event);
  }
  bool ok = true;
  while (ok) {
    now_ = next_instant();
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
