// CoreScheduler: placement (global / partitioned), priority order, the
// decision of do_schedule, wake-up tickling and pCPU membership. Budget rules
// are in server.cpp. Every public method takes lock_ first; private helpers
// assume it is held. No allocation anywhere.
//
// Decision on pCPU c at time t (do_schedule):
//  1. apply due replenishments of c's run queue (timer queue, no scan),
//     charging any vCPU current on a pCPU up to each replenishment instant;
//  2. charge c's current vCPU / budget holder for exactly [dispatch, t];
//  3. return the previous vCPU and holder to their sets (Algorithm 2 compares
//     the previous vCPU with the head of the run queue; here it is simply
//     re-inserted and the best is taken);
//  4. R = best eligible runnable vCPU with budget (section 1), I = best
//     eligible idle periodic-kind server with budget. If I outranks R, I
//     "holds" c and burns its budget:
//       PTPS: run idle (§2.6 purely time-driven periodic server);
//       WCPS: rule (1) run C_L = R, the highest-priority non-idle
//             lower-priority server; rule (2) both budgets burn;
//       CRPS: residual-capacity rule: run the highest-priority non-idle
//             server of any priority, with or without budget; only C_H's
//             budget burns.
//     Otherwise R runs (or idle).
//  5. a previous vCPU not chosen again waits for context_saved when its
//     queue is shared (global) or it was re-homed (§3.2.2).
//  6. next event = min(earliest replenishment in the queue (every pCPU of a
//     global pool arms the shared queue's head), current budget exhaustion
//     (WCPS: also C_L's, rule (3)(b); holder's, rule (3)(d)), non-rt slice
//     end, fixed quantum end).
//  7. (global) waiting vCPUs this decision passed over get a pCPU that
//     would take them (tickle_waiting); pCPUs that calls which do not
//     decide found must act (pending_) go out in Decision::tickle.
// Calls that do not decide (wake, sleep, context_saved, set_params,
// add/remove_vcpu) never leave a pCPU that must act unnamed: a timer they
// apply that makes a vCPU ready, a timer they move that no pCPU has armed
// (cover_timer), a pCPU they free. They return one such pCPU (hand_out), or
// a resched mask; that pCPU's decision names the rest. Scheduler::audit
// (audit.cpp) checks the outcome: work conservation and every
// replenishment armed at its time.
// WCPS rule (3)(a) (C_L blocks) is sleep() returning c; (3)(c) (C_H wakes) is
// wake() returning the pCPU C_H holds.
#include "core_scheduler.h"

#include "server.h"
#include "support/format.h"

namespace sched::detail {

using support::Errc;
using support::make_error;
using support::Status;

namespace {
Time min_t(Time a, Time b) { return a < b ? a : b; }
}  // namespace

CoreScheduler::CoreScheduler(const PolicySpec& spec, Lock& lock, const SchedulerOptions& options)
    : spec_(spec), lock_(lock), options_(options) {
  support::BufferSink sink(name_, sizeof(name_));
  support::format_to(sink, "{}:{}:{}", priority_scheme_name(spec.priority),
                     placement_name(spec.placement), server_kind_name(spec.server));
}

CoreScheduler::~CoreScheduler() {
  // The owner destroys us only without vCPUs; unlink defensively anyway.
  while (!all_.empty()) {
    Vcpu& v = all_.front();
    unqueue(v);
    if (v.timer_hook.is_linked()) queue_of(v).timers.erase(queue_of(v).timers.iterator_to(v));
    all_.pop_front();
    v.state.owner = nullptr;
  }
}

// ---- helpers (lock held) --------------------------------------------------

[[gnu::always_inline]] inline std::uint64_t CoreScheduler::key_of(const Vcpu& v) const {
  const VcpuState& s = v.state;
  if (!s.params.rt) return s.rr_seq;
  switch (spec_.priority) {
    case PriorityScheme::fp:
      return s.params.priority;
    case PriorityScheme::dm:
      return s.params.deadline();
    case PriorityScheme::rm:
      return s.params.period;
    case PriorityScheme::edf:
      return s.deadline;
  }
  return s.deadline;
}

// The section q (not Queue::none) of v's run queue.
[[gnu::always_inline]] inline VcpuSet& CoreScheduler::set_of(Vcpu& v, Queue q) {
  RunQueue& rq = queue_of(v);
  if (q == Queue::ready) return rq.ready;
  return q == Queue::depleted ? rq.depleted : rq.idle;
}

[[gnu::always_inline]] inline void CoreScheduler::unqueue(Vcpu& v) {
  if (v.state.queue == Queue::none) return;
  set_of(v, v.state.queue).erase(v);
  v.state.queue = Queue::none;
}

// Puts a vCPU that is neither current nor awaiting context_saved into the
// section its state asks for.
[[gnu::always_inline]] inline void CoreScheduler::enqueue(Vcpu& v) {
  unqueue(v);
  VcpuState& s = v.state;
  if (s.home_cpu == kNoCpu) return;  // no pCPU to queue on (pool without pCPUs)
  Queue q = Queue::none;
  if (s.runnable)
    q = (!s.params.rt || s.budget_left > 0) ? Queue::ready : Queue::depleted;
  else if (s.params.rt && periodic_kind(s.params.server) && s.budget_left > 0)
    q = Queue::idle;
  if (q == Queue::none) return;
  s.key = key_of(v);
  s.queue = q;
  set_of(v, q).insert(v);
}

[[gnu::always_inline]] inline void CoreScheduler::move_timer(Vcpu& v, Time at) {
  TimerSet& t = queue_of(v).timers;
  if (v.timer_hook.is_linked()) t.erase(t.iterator_to(v));
  v.state.timer_at = at;
  if (at == kNever) return;
  t.insert(v);
  // A deciding pCPU re-arms at its queue's head itself (next_event).
  if (!decider_of(v)) cover_timer(v);
}

void CoreScheduler::cover_timer(const Vcpu& v) {
  const CpuMask m = global() ? cpus_ : CpuMask::single(v.state.home_cpu) & cpus_;
  for (CpuId c = m.first(); c != kNoCpu; c = m.next(c))
    if (pc_[c].armed <= v.state.timer_at) return;
  const CpuMask idle = m & idle_;
  const CpuId c = idle.empty() ? m.first() : idle.first();
  if (c == kNoCpu) return;
  must_decide(c);
}

[[gnu::always_inline]] inline Time CoreScheduler::first_wanted_timer(RunQueue& q) {
  int skipped = 0;
  for (auto it = q.timers.begin(); it != q.timers.end();) {
    Vcpu& v = *it;
    if (wants_timer(v)) return v.state.timer_at;
    if (skipped < kLazyTimerSkip) {
      ++skipped;
      ++it;
      continue;
    }
    it = q.timers.erase(it);
    v.state.timer_at = kNever;
  }
  return kNever;
}

[[gnu::always_inline]] inline void CoreScheduler::charge_cpu(CpuId cpu, Time t) {
  PerCpu& p = pc_[cpu];
  if (t <= p.dispatched) return;
  const Time e = t - p.dispatched;
  p.dispatched = t;
  Vcpu* cur = p.curr;
  Vcpu* h = p.holder;
  if (cur != nullptr) {
    stats_.busy += e;
    cur->state.stats.consumed += e;
  } else {
    stats_.idle += e;
  }
  if (h != nullptr) {
    server_consume(*h, e);  // C_H's budget burns while it is idle (PTPS/WCPS/CRPS)
    if (cur != nullptr) {
      if (h->state.params.server == ServerKind::wcps && cur->state.params.rt)
        server_consume(*cur, e);  // WCPS rule (2): both budgets burn
      else
        cur->state.stats.reclaimed += e;  // CRPS: only C_H's budget is consumed
    }
  } else if (cur != nullptr) {
    if (cur->state.params.rt)
      server_consume(*cur, e);
    else
      cur->state.stats.reclaimed += e;
  }
  // A sporadic server's consumption posts replenishments: re-arm its timer.
  if (cur != nullptr && cur->state.params.server == ServerKind::sporadic) refresh_timer(*cur);
  if (h != nullptr && h->state.params.server == ServerKind::sporadic) refresh_timer(*h);
}

void CoreScheduler::process_due_timers(RunQueue& q, Time now, CpuMask* tickle, CpuId self) {
  while (!q.timers.empty() && q.timers.begin()->state.timer_at <= now) {
    Vcpu& v = *q.timers.begin();
    VcpuState& s = v.state;
    if (!wants_timer(v)) {  // lazily kept entry of a sleeping server: drop
      q.timers.erase(q.timers.iterator_to(v));
      s.timer_at = kNever;
      continue;
    }
    const Time t = s.timer_at;
    if (s.cpu != kNoCpu) charge_cpu(s.cpu, t);  // exact accounting up to the event
    const bool was_ready = s.queue == Queue::ready;
    q.timers.erase(q.timers.iterator_to(v));
    s.timer_at = kNever;
    unqueue(v);
    if (server_replenish(v, t)) ++stats_.replenishments;
    if (s.cpu == kNoCpu && !s.save_pending) enqueue(v);
    refresh_timer(v);
    // A call that does not decide (wake, sleep, ...) records the pCPUs that
    // must decide in pending_; it returns one of them, whose decision hands
    // out the rest (hand_out), so none waits for an unrelated event.
    CpuMask& out = tickle != nullptr ? *tickle : pending_;
    if (s.cpu != kNoCpu && s.cpu != self) {
      out.set(s.cpu);  // its budget or deadline changed under a running pCPU
      if (tickle == nullptr) tickled_.set(s.cpu);
    } else if (!was_ready && s.queue == Queue::ready) {
      CpuId c = tickle_target(v, self);
      if (c != kNoCpu) {
        tickled_.set(c);
        out.set(c);
      }
    }
  }
}

[[gnu::always_inline]] inline Vcpu* CoreScheduler::first_eligible(VcpuSet& set, CpuId cpu,
                                                                  const Vcpu* skip,
                                                                  bool rt_only) const {
  for (Vcpu* p = set.first(); p != nullptr; p = set.next(*p)) {
    Vcpu& v = *p;
    if (&v == skip) continue;
    if (rt_only && !v.state.params.rt) return nullptr;  // rt sort before non-rt
    if (!global() || effective_mask(v).test(cpu)) return &v;
  }
  return nullptr;
}

// Wake-up tickling (§3.2.2): only a pCPU whose decision would take v is
// interrupted (would_take). Order: the previous pCPU if idle; another idle
// pCPU (lowest number); else, of the pCPUs that would take v, the one running
// the lowest-priority vCPU (previous pCPU first among equals). pCPUs already
// tickled are skipped.
[[gnu::always_inline]] inline CpuId CoreScheduler::tickle_target(const Vcpu& v,
                                                                 CpuId exclude) const {
  CpuMask m = global() ? effective_mask(v) : CpuMask::single(v.state.home_cpu) & cpus_;
  if (exclude != kNoCpu) m.clear(exclude);
  m = m - tickled_;  // usable: allowed, not excluded, not already tickled
  if (m.empty()) return kNoCpu;
  const CpuId prev = v.state.last_cpu;
  const CpuMask idle = m & idle_;
  if (!idle.empty()) return idle.test(prev) ? prev : idle.first();
  CpuId best = kNoCpu;
  const Vcpu* lowest = nullptr;
  if (m.test(prev) && would_take(v, prev)) {
    best = prev;
    lowest = running_on(prev);
  }
  for (CpuId c = m.first(); c != kNoCpu; c = m.next(c)) {
    if (!would_take(v, c)) continue;
    const Vcpu* r = running_on(c);
    if (lowest == nullptr || higher_priority(*lowest, *r)) {
      best = c;
      lowest = r;
    }
  }
  return best;
}

void CoreScheduler::release_holder_slow(CpuId cpu) {
  PerCpu& p = pc_[cpu];
  Vcpu* h = p.holder;
  p.holder = nullptr;
  update_idle(cpu);
  h->state.holds_cpu = false;
  h->state.cpu = kNoCpu;
  enqueue(*h);
  refresh_timer(*h);
}

// ---- pCPUs ------------------------------------------------------------------

Status CoreScheduler::add_pcpu(CpuId cpu, Time now) {
  LockGuard g(lock_);
  if (cpu >= kMaxCpus) return make_error(Errc::range, "pCPU number above 63");
  if (cpus_.test(cpu)) return make_error(Errc::exists, "pCPU already in this scheduler");
  cpus_.set(cpu);
  pc_[cpu] = PerCpu{};
  pc_[cpu].dispatched = now;
  pc_[cpu].armed = 0;  // a new pCPU decides at once (the client makes it): it covers every timer
  idle_.set(cpu);
  tickled_.clear(cpu);
  pending_.clear(cpu);
  // Homeless vCPUs (none in practice: add_vcpu needs a pCPU) find a home now.
  return Status::success();
}

Status CoreScheduler::remove_pcpu(CpuId cpu, Time now) {
  LockGuard g(lock_);
  if (cpu >= kMaxCpus || !cpus_.test(cpu))
    return make_error(Errc::not_found, "pCPU not in this scheduler");
  const CpuMask rest = cpus_ - CpuMask::single(cpu);
  for (const Vcpu& v : all_) {
    const CpuMask m = v.state.params.cpu_mask;
    const CpuMask left = m == CpuMask::all() ? rest : ((m - CpuMask::single(cpu)) & rest);
    if (left.empty()) return make_error(Errc::busy, "a vCPU would have no pCPU left");
  }
  process_timers(rq_[queue_index(cpu)], now, nullptr, kNoCpu);
  charge_cpu(cpu, now);
  release_holder(cpu);
  PerCpu& p = pc_[cpu];
  if (Vcpu* cur = p.curr) {
    // Descheduled: the client switches the pCPU away and calls context_saved.
    cur->state.cpu = kNoCpu;
    cur->state.save_pending = true;
    p.curr = nullptr;
  }
  cpus_ = rest;
  idle_.clear(cpu);
  tickled_.clear(cpu);
  pending_.clear(cpu);
  for (Vcpu& v : all_) {
    VcpuState& s = v.state;
    if (!(s.params.cpu_mask == CpuMask::all())) s.params.cpu_mask.clear(cpu);
    if (global() || s.home_cpu != cpu) continue;
    // Partitioned: re-home onto the vCPU's next allowed pCPU.
    const Queue q = s.queue;
    unqueue(v);
    if (v.timer_hook.is_linked()) queue_of(v).timers.erase(queue_of(v).timers.iterator_to(v));
    s.timer_at = kNever;
    s.home_cpu = home_for(s.params);
    if (q != Queue::none) enqueue(v);
    refresh_timer(v);
  }
  return Status::success();
}

CpuMask CoreScheduler::pcpus() const {
  LockGuard g(lock_);
  return cpus_;
}

// ---- vCPUs ------------------------------------------------------------------

Status CoreScheduler::add_vcpu(Vcpu& v, const Params& p, Time now, CpuMask* resched) {
  LockGuard g(lock_);
  if (v.state.owner != nullptr) return make_error(Errc::busy, "vCPU already in a scheduler");
  Status st = validate_params(p, cpus_);
  if (!st) return st;
  if (home_for(p) == kNoCpu)
    return make_error(Errc::invalid, "no pCPU of the pool in the cpu mask");
  v.state = VcpuState{};
  v.state.params = p;
  v.state.owner = this;
  v.state.home_cpu = home_for(p);
  v.state.rr_seq = ++rr_counter_;
  server_reset(v, now);
  all_.push_back(v);
  ++nr_vcpus_;
  if (nr_vcpus_ == kListQueueMax + 1) use_trees(true);
  enqueue(v);
  refresh_timer(v);
  if (v.state.queue == Queue::idle) {  // a periodic server: its budget burns from now
    const CpuId c = tickle_target(v, kNoCpu);
    if (c != kNoCpu) pending_.set(c);  // (not tickled_: the vCPUs woken next may still pick c)
  }
  if (resched != nullptr) *resched = *resched | pending_;
  return Status::success();
}

void CoreScheduler::release_holder(VcpuState& s, Time now) {
  charge_cpu(s.cpu, now);
  pc_[s.cpu].holder = nullptr;
  update_idle(s.cpu);
  s.holds_cpu = false;
  s.cpu = kNoCpu;
}

Status CoreScheduler::remove_vcpu(Vcpu& v, Time now, CpuMask* resched) {
  LockGuard g(lock_);
  if (!owns(v)) return make_error(Errc::not_found, "vCPU not in this scheduler");
  VcpuState& s = v.state;
  if ((s.cpu != kNoCpu && !s.holds_cpu) || s.save_pending)
    return make_error(Errc::busy, "vCPU is current on a pCPU or awaiting context_saved");
  if (s.holds_cpu) {  // the pCPU it held must decide again
    must_decide(s.cpu);
    release_holder(s, now);
  }
  if (resched != nullptr) *resched = *resched | pending_;
  for (CpuId c = cpus_.first(); c != kNoCpu; c = cpus_.next(c))
    if (pc_[c].yielder == &v) pc_[c].yielder = nullptr;
  unqueue(v);
  if (v.timer_hook.is_linked()) queue_of(v).timers.erase(queue_of(v).timers.iterator_to(v));
  s.timer_at = kNever;
  all_.erase(all_.iterator_to(v));
  --nr_vcpus_;
  if (nr_vcpus_ == kListQueueMax / 2) use_trees(false);
  s.owner = nullptr;
  s.runnable = false;
  return Status::success();
}

std::uint32_t CoreScheduler::vcpu_count() const {
  LockGuard g(lock_);
  return nr_vcpus_;
}

CpuId CoreScheduler::wake(Vcpu& v, Time now) {
  LockGuard g(lock_);
  if (!owns(v)) return kNoCpu;
  VcpuState& s = v.state;
  if (s.runnable) return kNoCpu;
  ++stats_.wakeups;
  ++s.stats.wakeups;
  process_timers(queue_of(v), now, nullptr, kNoCpu);
  s.runnable = true;
  if (s.holds_cpu) {
    // WCPS rule (3)(c) / PTPS / CRPS: C_H has work again and budget: its pCPU
    // stops C_L (or idle) and resumes C_H.
    tickled_.set(s.cpu);
    ++stats_.tickles;
    return hand_out(s.cpu);
  }
  if (s.cpu != kNoCpu || s.save_pending) return hand_out(kNoCpu);  // still current / being saved
  server_replenish(v, now);  // (the key of a queued vCPU is only read by enqueue)
  server_on_wake(v, now);
  enqueue(v);
  refresh_timer(v);
  if (s.queue != Queue::ready) return hand_out(kNoCpu);
  CpuId c = tickle_target(v, kNoCpu);
  if (c != kNoCpu) {
    tickled_.set(c);
    ++stats_.tickles;
  }
  return hand_out(c);
}

CpuId CoreScheduler::sleep(Vcpu& v, Time now) {
  LockGuard g(lock_);
  if (!owns(v)) return kNoCpu;
  VcpuState& s = v.state;
  if (!s.runnable) return kNoCpu;
  ++stats_.sleeps;
  process_timers(queue_of(v), now, nullptr, kNoCpu);
  s.runnable = false;
  if (s.cpu != kNoCpu && !s.holds_cpu) {
    charge_cpu(s.cpu, now);  // (re-arms a sporadic server's timer itself)
    server_on_idle(v);       // (polling: the replenishment time stays)
    return hand_out(s.cpu);  // WCPS rule (3)(a) when v is C_L
  }
  server_on_idle(v);
  if (!s.save_pending && s.cpu == kNoCpu) enqueue(v);
  refresh_timer(v);
  return hand_out(kNoCpu);
}

CpuId CoreScheduler::yield(Vcpu& v, Time now) {
  (void)now;
  LockGuard g(lock_);
  if (!owns(v)) return kNoCpu;
  VcpuState& s = v.state;
  if (!s.runnable || s.cpu == kNoCpu || s.holds_cpu) return kNoCpu;
  s.yielded = true;
  return s.cpu;
}

// Step 6: the exact next event on `cpu`: the earliest replenishment in its
// queue, the budget exhaustion of what runs (WCPS: C_L's too, rule (3)(b);
// the holder's, rule (3)(d)), the non-rt slice end, the fixed quantum end.
[[gnu::always_inline]] inline Time CoreScheduler::next_event(CpuId cpu, RunQueue& q,
                                                             const Vcpu* next, const Vcpu* holder,
                                                             Time now) {
  const PerCpu& p = pc_[cpu];
  Time ev = first_wanted_timer(q);
  if (holder != nullptr) ev = min_t(ev, now + holder->state.budget_left);
  if (next != nullptr) {
    const VcpuState& s = next->state;
    if (!s.params.rt)
      ev = min_t(ev, p.slice_start + options_.nonrt_quantum);
    else if (holder == nullptr || holder->state.params.server == ServerKind::wcps)
      ev = min_t(ev, now + s.budget_left);
  }
  if (options_.quantum != 0) ev = min_t(ev, now + options_.quantum);
  return ev;
}

// Whether the current vCPU simply continues: runnable, not yielding, with
// budget (rt) or slice left (non-rt), still allowed here, and not outranked
// by the best eligible vCPU of the ready and idle sets.
[[gnu::always_inline]] inline bool CoreScheduler::keeps_running(Vcpu& v, CpuId cpu, RunQueue& q,
                                                                Time now) {
  VcpuState& s = v.state;
  if (!s.runnable || s.yielded) return false;
  if (s.params.rt ? s.budget_left == 0 : now - pc_[cpu].slice_start >= options_.nonrt_quantum)
    return false;
  if (global() ? !effective_mask(v).test(cpu) : s.home_cpu != cpu) return false;
  s.key = key_of(v);  // not linked anywhere: safe to refresh (EDF deadline may have moved)
  const Vcpu* r = first_eligible(q.ready, cpu, nullptr, false);
  if (r != nullptr && higher_priority(*r, v)) return false;
  const Vcpu* i = first_eligible(q.idle, cpu, nullptr, false);
  return i == nullptr || higher_priority(v, *i);
}

Decision CoreScheduler::do_schedule(CpuId cpu, Time now) {
  LockGuard g(lock_);
  if (cpu >= kMaxCpus || !cpus_.test(cpu)) return Decision{};
  deciding_ = cpu;
  Decision d = decide(cpu, now);
  deciding_ = kNoCpu;
  pc_[cpu].armed = d.next_event;
  // Global: a vCPU this decision passed over (a tickle for it came here and
  // something else won, or a pCPU it could use is idle) gets its pCPU now.
  if (global()) tickle_waiting(rq_[0], cpu, d.tickle);
  pending_.clear(cpu);
  if (!pending_.empty()) {  // found by calls that do not decide (process_due_timers, cover_timer)
    d.tickle = d.tickle | pending_;
    pending_ = CpuMask::none();
  }
  if (!d.tickle.empty()) stats_.tickles += static_cast<std::uint64_t>(d.tickle.count());
  return d;
}

// Walks the waiting vCPUs of the shared queue best first (ready, then idle
// servers) and tickles a pCPU that would take each. It stops at the first
// that finds none and may run on every pCPU of the pool: no lower one can.
void CoreScheduler::tickle_waiting(RunQueue& q, CpuId self, CpuMask& tickle) {
  for (VcpuSet* set : {&q.ready, &q.idle})
    for (Vcpu* v = set->first(); v != nullptr; v = set->next(*v)) {
      const CpuId c = tickle_target(*v, self);
      if (c != kNoCpu) {
        tickled_.set(c);
        tickle.set(c);
        continue;
      }
      if (effective_mask(*v) == cpus_) break;
    }
}

Decision CoreScheduler::decide(CpuId cpu, Time now) {
  Decision d;
  ++stats_.decisions;
  PerCpu& p = pc_[cpu];
  tickled_.clear(cpu);
  RunQueue& q = rq_[queue_index(cpu)];

  process_timers(q, now, &d.tickle, cpu);  // step 1
  charge_cpu(cpu, now);                    // step 2
  // Charging a sporadic server can post a replenishment that is already due
  // (it has been active, but preempted, for more than a period): apply it.
  process_timers(q, now, &d.tickle, cpu);
  release_holder(cpu);  // step 3
  p.yielder = nullptr;
  Vcpu* prev = p.curr;
  if (prev != nullptr && keeps_running(*prev, cpu, q, now)) {
    // Fast path (Algorithm 2 lines 19-21): the current vCPU still outranks
    // the head of the run queue and of the idle set: no queue operations.
    d.next = prev;
    d.next_event = next_event(cpu, q, prev, nullptr, now);
    return d;
  }
  Vcpu* yielded = nullptr;
  if (prev != nullptr) {
    VcpuState& s = prev->state;
    p.curr = nullptr;
    s.cpu = kNoCpu;
    if (!s.params.rt && s.runnable) {
      // Round robin: a used-up slice sends it to the back; a preempted one
      // keeps its place and only what is left of its slice.
      Time used = now - p.slice_start;
      s.slice_used = used >= options_.nonrt_quantum ? 0 : used;
      if (used >= options_.nonrt_quantum) s.rr_seq = ++rr_counter_;
    }
    if (s.yielded && s.runnable) {
      yielded = prev;
      if (!s.params.rt) {
        s.rr_seq = ++rr_counter_;
        s.slice_used = 0;
      }
    }
    s.yielded = false;
    enqueue(*prev);  // its timer stays right: still wanted if runnable, lazily kept if not
  }

  // Step 4. A yielding vCPU lets the best other vCPU of its own class run.
  Vcpu* R = first_eligible(q.ready, cpu, yielded, yielded != nullptr && yielded->state.params.rt);
  if (R == nullptr && yielded != nullptr && yielded->state.queue == Queue::ready &&
      (global() ? effective_mask(*yielded).test(cpu) : yielded->state.home_cpu == cpu))
    R = yielded;
  Vcpu* I = first_eligible(q.idle, cpu, nullptr, false);
  Vcpu* next = R;
  Vcpu* holder = nullptr;
  p.yielder = R != yielded ? yielded : nullptr;  // passed over here until the next decision
  if (I != nullptr && (R == nullptr || higher_priority(*I, *R))) {
    holder = I;
    switch (I->state.params.server) {
      case ServerKind::wcps:
        next = R;  // WCPS rule (1): highest-priority non-idle lower-priority server
        break;
      case ServerKind::crps: {
        // CRPS residual-capacity rule: any other non-idle server, with or
        // without budget, may use C_H's budget; pick the highest priority.
        Vcpu* D = first_eligible(q.depleted, cpu, nullptr, false);
        next = (D != nullptr && (R == nullptr || higher_priority(*D, *R))) ? D : R;
        break;
      }
      default:
        next = nullptr;  // PTPS: the idle vCPU runs while C_H's budget burns
        break;
    }
  }

  if (holder != nullptr) {
    unqueue(*holder);
    holder->state.cpu = cpu;
    holder->state.holds_cpu = true;
    p.holder = holder;
    refresh_timer(*holder);
  }
  if (next != nullptr) {
    VcpuState& s = next->state;
    unqueue(*next);
    s.cpu = cpu;
    p.curr = next;
    if (next != prev) {
      ++s.stats.dispatches;
      if (s.last_cpu != kNoCpu && s.last_cpu != cpu) {
        ++s.stats.migrations;
        ++stats_.migrations;
      }
      p.slice_start = now - (s.params.rt ? 0 : s.slice_used);
    } else if (!s.params.rt && now - p.slice_start >= options_.nonrt_quantum) {
      p.slice_start = now;
    }
    s.last_cpu = cpu;  // its timer is already armed: queued runnable vCPUs want theirs
  } else {
    ++stats_.idle_decisions;
  }
  if (prev != nullptr && prev != next) {
    ++stats_.context_switches;
    VcpuState& s = prev->state;
    if (s.runnable && (!s.params.rt || s.budget_left > 0)) ++s.stats.preemptions;
    // Step 5: on a shared queue the descheduled vCPU must not be picked
    // elsewhere before its state is saved (§3.2.2): context_saved re-queues it.
    if (!s.holds_cpu && (global() || s.home_cpu != cpu)) {
      unqueue(*prev);
      s.save_pending = true;
    }
  } else if (prev == nullptr && next != nullptr) {
    ++stats_.context_switches;
  }

  update_idle(cpu);
  d.next_event = next_event(cpu, q, next, holder, now);
  d.next = next;
  d.budget_holder = holder;
  return d;
}

CpuId CoreScheduler::context_saved(Vcpu& v, CpuId cpu, Time now) {
  (void)cpu;
  LockGuard g(lock_);
  if (!owns(v) || !v.state.save_pending) return kNoCpu;
  process_timers(queue_of(v), now, nullptr, kNoCpu);
  v.state.save_pending = false;
  // Its timer was armed while it was current; only a replenishment moves it
  // (not runnable: no longer wanted, the entry is kept lazily).
  const bool replenished = v.state.runnable && server_replenish(v, now);
  enqueue(v);
  if (replenished) refresh_timer(v);
  // Ready, or a periodic server with budget that would hold a pCPU.
  if (v.state.queue != Queue::ready && v.state.queue != Queue::idle) return hand_out(kNoCpu);
  CpuId c = tickle_target(v, kNoCpu);
  if (c != kNoCpu) {
    tickled_.set(c);
    ++stats_.tickles;
  }
  return hand_out(c);
}

CpuId CoreScheduler::pick_cpu(const Vcpu& v) {
  LockGuard g(lock_);
  if (!owns(v)) return kNoCpu;
  if (!global()) return v.state.home_cpu;
  CpuId c = tickle_target(v, kNoCpu);
  if (c != kNoCpu) return c;
  const CpuMask m = effective_mask(v);
  return m.test(v.state.last_cpu) ? v.state.last_cpu : m.first();
}

Vcpu* CoreScheduler::current(CpuId cpu) const {
  LockGuard g(lock_);
  return cpu < kMaxCpus && cpus_.test(cpu) ? pc_[cpu].curr : nullptr;
}

Params CoreScheduler::get_params(const Vcpu& v) const {
  LockGuard g(lock_);
  return v.state.params;
}

Status CoreScheduler::set_params(Vcpu& v, const Params& p, Time now, CpuMask* resched) {
  LockGuard g(lock_);
  if (!owns(v)) return make_error(Errc::not_found, "vCPU not in this scheduler");
  Status st = validate_params(p, cpus_);
  if (!st) return st;
  if (home_for(p) == kNoCpu)
    return make_error(Errc::invalid, "no pCPU of the pool in the cpu mask");
  VcpuState& s = v.state;
  process_timers(queue_of(v), now, nullptr, kNoCpu);
  if (s.cpu != kNoCpu) {
    charge_cpu(s.cpu, now);
    must_decide(s.cpu);                       // its pCPU decides again
    if (s.holds_cpu) release_holder(s, now);  // its server changes
  }
  unqueue(v);
  if (v.timer_hook.is_linked()) queue_of(v).timers.erase(queue_of(v).timers.iterator_to(v));
  s.timer_at = kNever;
  s.params = p;
  s.home_cpu = home_for(p);
  server_reset(v, now);
  if (s.cpu == kNoCpu && !s.save_pending) enqueue(v);
  refresh_timer(v);
  if (s.queue == Queue::ready || s.queue == Queue::idle) {
    CpuId c = tickle_target(v, kNoCpu);
    if (c != kNoCpu) {
      must_decide(c);
    }
  }
  if (resched != nullptr) *resched = *resched | pending_;
  return Status::success();
}

SchedulerStats CoreScheduler::stats() const {
  LockGuard g(lock_);
  return stats_;
}

VcpuStats CoreScheduler::vcpu_stats(const Vcpu& v) const {
  LockGuard g(lock_);
  return v.state.stats;
}

}  // namespace sched::detail
