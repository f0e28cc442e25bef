// libFuzzer target for the scheduler core (also replayed over corpus/ by
// ctest). Drives a PoolManager with two pools over pCPUs 0-3 and 9 vCPUs in
// 3 domains like the hypervisor loop would (context_saved after a switch,
// possibly delayed until before the pCPU's next decision) and aborts when an
// invariant breaks:
//   * each vCPU is in at most one queue, and the queue it says it is in;
//     current / saving vCPUs are in none;
//   * real-time budgets stay within [0, budget] (sporadic: chunks sum to it);
//   * no non-rt vCPU is chosen while a runnable rt vCPU with budget that may
//     run on that pCPU waits in its queue;
//   * no vCPU is current on two pCPUs; the scheduler's view of each pCPU's
//     current vCPU matches the driver's;
//   * the chosen vCPU's cpu mask allows the pCPU; next_event is in the future;
//   * a refused set_params leaves the parameters unchanged.
// With the header's top bit set the driver is exact, like the hypervisor
// loop: every pCPU a call names (wake/sleep/yield/context_saved returns,
// tickle and resched masks) decides at once, every event at its time, every
// switch is saved before the instant ends; after each step the instance is
// settled and Scheduler::audit must hold (work conservation, replenishments
// and budget exhaustions armed at their times). Without it the driver may
// decide late, early or never (robustness).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core_scheduler.h"
#include "sched/pool.h"
#include "server.h"

namespace {

using namespace sched;

constexpr CpuId kCpus = 4;
constexpr int kDomains = 3;
constexpr int kPerDomain = 3;
constexpr int kVcpus = kDomains * kPerDomain;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_sched: invariant broken: %s\n", what);
  std::abort();
}
void check(bool ok, const char* what) {
  if (!ok) fail(what);
}

class Reader {
 public:
  Reader(const std::uint8_t* d, std::size_t n) : d_(d), n_(n) {}
  bool done() const { return i_ >= n_; }
  std::uint8_t byte() { return i_ < n_ ? d_[i_++] : 0; }

 private:
  const std::uint8_t* d_;
  std::size_t n_;
  std::size_t i_ = 0;
};

const char* const kPolicies[] = {"edf:global", "edf:partitioned", "dm:global", "dm:partitioned",
                                 "rm:global",  "rm:partitioned",  "fp:global", "fp:partitioned"};

struct World {
  StaticLockProvider<support::NoLock> locks;
  Domain domains[kDomains] = {Domain(1), Domain(2), Domain(3)};
  PoolManager pm;  // after the domains: destroyed first
  Vcpu* vcpus[kVcpus] = {};
  alignas(Vcpu) unsigned char vstore[kVcpus][sizeof(Vcpu)];
  Vcpu* cur[kCpus] = {};   // driver's view: current vCPU per pCPU
  Vcpu* save[kCpus] = {};  // descheduled, context_saved not yet called
  Scheduler* save_s[kCpus] = {};
  Time now = 0;
  Time next_event[kCpus] = {};
  bool exact = false;  // exact protocol driver (see the top)
  CpuMask kick;        // pCPUs named by the scheduler that have not decided since

  World() {
    for (int i = 0; i < kVcpus; ++i)
      vcpus[i] = new (vstore[i]) Vcpu(static_cast<std::uint32_t>(i / kPerDomain + 1),
                                      static_cast<std::uint32_t>(i % kPerDomain));
    for (Time& t : next_event) t = 0;  // every pCPU decides at start
  }
  void note(CpuId c) {
    if (c < kCpus) kick.set(c);
  }
  void note(CpuMask m) { kick = kick | (m & CpuMask::range(0, kCpus - 1)); }
  Domain& domain_of(int i) { return domains[i / kPerDomain]; }
};

Params make_params(Reader& r) {
  Params p;
  p.server = static_cast<ServerKind>(r.byte() % 7);        // 6 = invalid kind
  p.budget = (static_cast<Time>(r.byte() % 60)) * us(50);  // may be 0
  p.period = p.budget + static_cast<Time>(r.byte() % 80) * us(100);
  if (r.byte() % 8 == 0) p.period = sec(11);  // out of bounds
  p.priority = r.byte() % 10;
  p.rt = r.byte() % 4 != 0;
  const std::uint8_t m = r.byte();
  p.cpu_mask = (m & 0x80) ? CpuMask::all() : CpuMask(m & 0x1f);  // may be empty or foreign
  p.relative_deadline = (m & 0x20) ? p.budget + (p.period - p.budget) / 2 : 0;
  return p;
}

void flush_save(World& w, CpuId c) {
  if (w.save[c] != nullptr) {
    w.note(w.save_s[c]->context_saved(*w.save[c], c, w.now));
    w.save[c] = nullptr;
    w.save_s[c] = nullptr;
  }
}

void check_invariants(World& w) {
  // No vCPU current on two pCPUs; driver and scheduler agree.
  for (CpuId c = 0; c < kCpus; ++c) {
    Scheduler* s = w.pm.scheduler_for_cpu(c);
    check(s != nullptr, "pCPU in no pool");
    check(s->current(c) == w.cur[c], "scheduler and driver disagree on current");
    for (CpuId k = c + 1; k < kCpus; ++k)
      check(w.cur[c] == nullptr || w.cur[c] != w.cur[k], "vCPU current on two pCPUs");
    if (w.cur[c] != nullptr) check(w.cur[c]->state.cpu == c, "current vCPU does not know its pCPU");
  }
  // Queue membership: count every vCPU over every queue of every pool.
  int seen[kVcpus] = {};
  auto index_of = [&](const Vcpu& v) {
    for (int i = 0; i < kVcpus; ++i)
      if (w.vcpus[i] == &v) return i;
    fail("unknown vCPU in a queue");
  };
  for (PoolId id = 0; id < kMaxPools; ++id) {
    Scheduler* s = w.pm.scheduler(id);
    if (s == nullptr) continue;
    auto* core = static_cast<detail::CoreScheduler*>(s);
    const bool global = s->placement() == Placement::global;
    for (CpuId c = 0; c < (global ? 1u : kMaxCpus); ++c) {
      const detail::RunQueue& q = core->queue_for_cpu(c);
      auto count = [&](const detail::VcpuSet& set, detail::Queue which) {
        for (const Vcpu& v : set) {
          ++seen[index_of(v)];
          check(v.state.queue == which, "vCPU in a queue other than it records");
          check(v.state.owner == s, "vCPU queued in a scheduler that does not own it");
          check(v.state.cpu == kNoCpu && !v.state.save_pending, "current or saving vCPU queued");
          if (!global) check(v.state.home_cpu == c, "partitioned vCPU in a foreign queue");
        }
      };
      count(q.ready, detail::Queue::ready);
      count(q.depleted, detail::Queue::depleted);
      count(q.idle, detail::Queue::idle);
      Time last = 0;
      for (const Vcpu& v : q.timers) {
        check(v.state.owner == s, "foreign vCPU in timer queue");
        check(global || v.state.home_cpu == c, "timer in a foreign pCPU's queue");
        // Entries of sleeping servers are kept lazily (dropped at the head).
        check(!detail::CoreScheduler::wants_timer(v) ||
                  v.state.timer_at == detail::server_next_replenish(v),
              "stale timer");
        check(v.state.timer_at >= last, "timer queue out of order");
        last = v.state.timer_at;
      }
    }
  }
  for (int i = 0; i < kVcpus; ++i) {
    check(seen[i] <= 1, "vCPU in more than one queue");
    const Vcpu& v = *w.vcpus[i];
    if (!v.in_scheduler()) continue;
    const Params& p = v.state.params;
    check(v.state.budget_left <= p.budget, "budget above its maximum");
    if (p.server == ServerKind::sporadic) {
      Time sum = 0;
      for (int k = 0; k < v.state.repl_count; ++k) sum += v.state.repl[k].amount;
      check(sum == p.budget, "sporadic capacity not conserved");
    }
    if (seen[i] == 0 && v.state.queue != detail::Queue::none)
      fail("vCPU records a queue it is not in");
    // A vCPU whose replenishment matters (runnable, current, being saved,
    // or a periodic-kind server) has its timer at that replenishment.
    if (detail::CoreScheduler::wants_timer(v) && detail::server_next_replenish(v) != kNever)
      check(v.timer_hook.is_linked() && v.state.timer_at == detail::server_next_replenish(v),
            "wanted timer missing or stale");
  }
}

// Diagnostics printed before an abort.
void dump(Scheduler* s, CpuId c, const Decision& d, Time now) {
  std::fprintf(stderr, "pCPU %u at %llu (%s): next %p holder %p next_event %llu\n", c,
               static_cast<unsigned long long>(now), s->name(), static_cast<void*>(d.next),
               static_cast<void*>(d.budget_holder), static_cast<unsigned long long>(d.next_event));
  auto* core = static_cast<detail::CoreScheduler*>(s);
  for (const Vcpu& v : core->all_vcpus())
    std::fprintf(stderr,
                 "  vCPU %u.%u kind %d rt %d run %d q %d cpu %u home %u save %d budget %llu "
                 "timer %llu period_start %llu period %llu mask %llx key %llu dl %llu\n",
                 v.domain_id(), v.index(), static_cast<int>(v.state.params.server),
                 v.state.params.rt, v.state.runnable, static_cast<int>(v.state.queue), v.state.cpu,
                 v.state.home_cpu, v.state.save_pending,
                 static_cast<unsigned long long>(v.state.budget_left),
                 static_cast<unsigned long long>(v.state.timer_at),
                 static_cast<unsigned long long>(v.state.period_start),
                 static_cast<unsigned long long>(v.state.params.period),
                 static_cast<unsigned long long>(v.state.params.cpu_mask.bits()),
                 static_cast<unsigned long long>(v.state.key),
                 static_cast<unsigned long long>(v.state.deadline));
}

// One decision on pCPU c: flush a pending save first (protocol), decide,
// then either save at once or leave it pending.
void decide(World& w, CpuId c, bool delay_save) {
  flush_save(w, c);
  Scheduler* s = w.pm.scheduler_for_cpu(c);
  Decision d = s->do_schedule(c, w.now);
  if (d.next_event <= w.now) dump(s, c, d, w.now);
  check(d.next_event > w.now, "next event not in the future");
  if (std::getenv("FUZZ_SCHED_TRACE") != nullptr)
    std::fprintf(stderr, "  decide %u: next %d.%d holder %d.%d event %llu tickle %llx\n", c,
                 d.next ? static_cast<int>(d.next->domain_id()) : -1,
                 d.next ? static_cast<int>(d.next->index()) : -1,
                 d.budget_holder ? static_cast<int>(d.budget_holder->domain_id()) : -1,
                 d.budget_holder ? static_cast<int>(d.budget_holder->index()) : -1,
                 static_cast<unsigned long long>(d.next_event),
                 static_cast<unsigned long long>(d.tickle.bits()));
  w.next_event[c] = d.next_event;
  w.kick.clear(c);
  w.note(d.tickle);
  if (d.next != nullptr) {
    auto* core = static_cast<detail::CoreScheduler*>(s);
    if (!core->effective_mask(*d.next).test(c)) dump(s, c, d, w.now);
    check(core->effective_mask(*d.next).test(c), "cpu mask not respected");
    if (!d.next->state.params.rt) {
      // No waiting rt vCPU with budget that may run here.
      const detail::RunQueue& q = core->queue_for_cpu(c);
      for (const Vcpu& v : q.ready)
        if (v.state.params.rt && v.state.budget_left > 0 && core->effective_mask(v).test(c))
          fail("non-rt vCPU chosen while an rt vCPU with budget waits");
    }
  }
  Vcpu* prev = w.cur[c];
  w.cur[c] = d.next;
  if (prev != nullptr && prev != d.next) {
    if (delay_save) {
      w.save[c] = prev;
      w.save_s[c] = s;
    } else {
      w.note(s->context_saved(*prev, c, w.now));
    }
  }
}

// Exact driver: serve every named pCPU and every due event, saving each
// switch at once, until nothing is outstanding at `now`.
void settle(World& w) {
  for (int rounds = 0;; ++rounds) {
    check(rounds < 10000, "the scheduler keeps naming pCPUs within one instant");
    for (CpuId c = 0; c < kCpus; ++c) flush_save(w, c);
    CpuId c = 0;
    while (c < kCpus && !w.kick.test(c) && w.next_event[c] > w.now) ++c;
    if (c == kCpus) return;
    decide(w, c, false);
  }
}

// Exact driver: time moves to `to`, every event on the way served at its time.
void advance(World& w, Time to) {
  for (;;) {
    settle(w);
    Time t = kNever;
    for (Time e : w.next_event) t = e < t ? e : t;
    if (t > to) break;
    w.now = t;
  }
  w.now = to;
  settle(w);
}

void audit(World& w) {
  Time armed[kMaxCpus];
  for (CpuId c = 0; c < kMaxCpus; ++c) armed[c] = c < kCpus ? w.next_event[c] : kNever;
  for (PoolId id = 0; id < kMaxPools; ++id)
    if (Scheduler* s = w.pm.scheduler(id))
      if (const char* broken = s->audit(w.now, armed)) {
        for (CpuId c = 0; c < kCpus; ++c)
          if (w.pm.scheduler_for_cpu(c) == s) {
            Decision armed_at;
            armed_at.next = w.cur[c];
            armed_at.next_event = w.next_event[c];
            dump(s, c, armed_at, w.now);
          }
        fail(broken);
      }
}

void run(const std::uint8_t* data, std::size_t size) {
  Reader r(data, size);
  auto w = std::make_unique<World>();
  const std::uint8_t h = r.byte();
  w->exact = (h & 0x80) != 0;
  SchedulerOptions opt;
  if (h & 0x40) opt.quantum = us(500);
  if (!w->pm.init(CpuMask::range(0, kCpus - 1), w->locks, kPolicies[h & 7], opt).ok()) fail("init");
  auto p1 = w->pm.create_pool("p1", kPolicies[(h >> 3) & 7], 0);
  if (!p1.ok()) fail("create_pool");
  (void)w->pm.add_pcpu(*p1, 2, 0);
  (void)w->pm.add_pcpu(*p1, 3, 0);
  for (int d = 0; d < kDomains; ++d) (void)w->pm.add_domain(w->domains[d], d == 2 ? *p1 : 0, 0);

  int steps = 0;
  while (!r.done() && steps++ < 4000) {
    const std::uint8_t op = r.byte();
    const int k = r.byte() % kVcpus;
    Vcpu& v = *w->vcpus[k];
    Domain& dom = w->domain_of(k);
    Scheduler* s = v.scheduler();
    if (std::getenv("FUZZ_SCHED_TRACE") != nullptr)
      std::fprintf(stderr, "step %d op %d vCPU %u.%u at %llu\n", steps, op % 12, v.domain_id(),
                   v.index(), static_cast<unsigned long long>(w->now));
    switch (op % 12) {
      case 0: {  // add a vCPU to its domain
        Params p = make_params(r);
        CpuMask resched;
        (void)w->pm.add_vcpu(dom, v, p, w->now, &resched);
        w->note(resched);
        break;
      }
      case 1: {  // remove: refused while current or saving
        const bool busy = (v.state.cpu != kNoCpu && !v.state.holds_cpu) || v.state.save_pending;
        CpuMask resched;
        support::Status st = w->pm.remove_vcpu(dom, v, w->now, &resched);
        w->note(resched);
        if (busy && st.ok()) fail("removed a current vCPU");
        break;
      }
      case 2:
        if (s) w->note(s->wake(v, w->now));
        break;
      case 3:
        if (s) w->note(s->sleep(v, w->now));
        break;
      case 4:
        if (s) w->note(s->yield(v, w->now));
        break;
      case 5: {  // (bytes read in sequence: argument order is unspecified)
        const CpuId c = r.byte() % kCpus;
        const bool delay = (r.byte() & 1) != 0;
        decide(*w, c, delay);
        break;
      }
      case 6: {
        const Time to = w->now + static_cast<Time>(r.byte() + 1) * us(37);
        if (w->exact)
          advance(*w, to);
        else
          w->now = to;
        break;
      }
      case 7: {  // jump to the earliest announced event and serve it
        Time t = kNever;
        for (Time e : w->next_event) t = e < t ? e : t;
        if (t == kNever) break;
        if (t > w->now) w->now = t;
        for (CpuId c = 0; c < kCpus; ++c)
          if (w->next_event[c] <= w->now) decide(*w, c, false);
        break;
      }
      case 8: {  // set_params: refusals change nothing
        if (!s) break;
        Params p = make_params(r);
        const Params before = v.state.params;
        const Time budget_before = v.state.budget_left;
        CpuMask resched;
        const bool ok = s->set_params(v, p, w->now, &resched).ok();
        w->note(resched);
        if (!ok) {
          check(v.state.params.budget == before.budget && v.state.params.period == before.period &&
                    v.state.params.cpu_mask == before.cpu_mask &&
                    v.state.params.server == before.server,
                "refused set_params changed the parameters");
          check(v.state.budget_left == budget_before, "refused set_params changed the budget");
        }
        break;
      }
      case 9:
        flush_save(*w, r.byte() % kCpus);
        break;
      case 10: {  // move a domain to the other pool
        const PoolId to = dom.pool() == 0 ? *p1 : 0;
        CpuMask resched;
        (void)w->pm.move_domain(dom, to, w->now, &resched);
        w->note(resched);
        break;
      }
      case 11: {  // move a pCPU to the other pool (deschedules its vCPU)
        const CpuId c = r.byte() % kCpus;
        flush_save(*w, c);
        Scheduler* old = w->pm.scheduler_for_cpu(c);
        const PoolId to = w->pm.pool_of_cpu(c) == 0 ? *p1 : 0;
        support::Status st =
            to == 0 ? w->pm.remove_pcpu(*p1, c, w->now) : w->pm.add_pcpu(to, c, w->now);
        if (st.ok()) {
          if (w->cur[c] != nullptr) w->note(old->context_saved(*w->cur[c], c, w->now));
          w->cur[c] = nullptr;
          w->next_event[c] = w->now;  // the pCPU must decide in its new pool
          // and, as the hypervisor does, every pCPU of both pools
          // (sched/scheduler.h, remove_pcpu).
          w->kick = CpuMask::range(0, kCpus - 1);
        }
        break;
      }
    }
    if (w->exact) {
      settle(*w);
      audit(*w);
    }
    check_invariants(*w);
  }
  // Tear down: flush saves, deschedule everything, remove all domains.
  for (CpuId c = 0; c < kCpus; ++c) flush_save(*w, c);
  for (int i = 0; i < kVcpus; ++i)
    if (Scheduler* s = w->vcpus[i]->scheduler()) (void)s->sleep(*w->vcpus[i], w->now);
  for (CpuId c = 0; c < kCpus; ++c) decide(*w, c, false);
  check_invariants(*w);
  for (int d = 0; d < kDomains; ++d)
    if (w->domains[d].pool() != kNoPool && !w->pm.remove_domain(w->domains[d], w->now).ok())
      fail("domain could not be removed after every vCPU was descheduled");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  run(data, size);
  return 0;
}
