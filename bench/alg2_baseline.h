// The baseline the scheduler core is measured against: the thesis' rt-global
// do_schedule (Algorithm 2, gEDF) and its rt-partition variant, written
// literally: one run queue per placement as a sorted doubly linked list,
// a full pass over the run queue to replenish on every decision, a linear
// scan for the first vCPU whose cpu_mask allows this pCPU, sorted insertion
// by linear scan on wake and context_saved, and a scan of all pCPUs to
// tickle on wake. Deferrable servers, EDF. Benchmark-only code; single
// threaded (the framework's lock is not modelled, as in the thesis).
#pragma once

#include <cstdint>
#include <vector>

namespace alg2 {

using Time = std::uint64_t;
inline constexpr int kNoCpu = -1;

struct Vcpu {
  Time budget = 0, period = 0;
  Time cur_budget = 0, cur_deadline = 0;
  std::uint64_t cpu_mask = ~0ull;
  bool runnable = false;
  bool on_runq = false;
  bool delayed_runq_add = false;  // descheduled: context_saved inserts it
  int processor = kNoCpu;         // pCPU it is current on
  Vcpu* prev = nullptr;
  Vcpu* next = nullptr;
};

// A sorted (earliest deadline first) intrusive doubly linked list.
struct RunQ {
  Vcpu* head = nullptr;
  void remove(Vcpu* v) {
    if (v->prev)
      v->prev->next = v->next;
    else
      head = v->next;
    if (v->next) v->next->prev = v->prev;
    v->prev = v->next = nullptr;
    v->on_runq = false;
  }
  // Section 1 (budget > 0) before section 2 (budget 0), each by deadline.
  static bool before(const Vcpu* a, const Vcpu* b) {
    if ((a->cur_budget > 0) != (b->cur_budget > 0)) return a->cur_budget > 0;
    return a->cur_deadline < b->cur_deadline;
  }
  void insert(Vcpu* v) {
    Vcpu* prev = nullptr;
    Vcpu* it = head;
    while (it != nullptr && !before(v, it)) {
      prev = it;
      it = it->next;
    }
    v->prev = prev;
    v->next = it;
    if (prev)
      prev->next = v;
    else
      head = v;
    if (it) it->prev = v;
    v->on_runq = true;
  }
};

class Scheduler {
 public:
  Scheduler(int cpus, bool global)
      : global_(global), queues_(global ? 1 : cpus), curr_(cpus), last_(cpus) {}

  void add(Vcpu* v, Time now) {
    v->cur_deadline = now + v->period;
    v->cur_budget = v->budget;
  }

  int wake(Vcpu* v, Time now) {
    if (v->runnable) return kNoCpu;
    v->runnable = true;
    if (v->processor != kNoCpu || v->delayed_runq_add) return kNoCpu;
    if (now >= v->cur_deadline) update_deadline(v, now);
    q(v).insert(v);
    return tickle(v);
  }

  int sleep(Vcpu* v, Time) {
    v->runnable = false;
    if (v->on_runq) q(v).remove(v);
    return v->processor;
  }

  // Algorithm 2.
  Vcpu* do_schedule(int cpu, Time now) {
    RunQ& rq = queues_[global_ ? 0 : cpu];
    Vcpu* scurr = curr_[cpu];
    Vcpu* snext = nullptr;  // idle
    burn_budget(scurr, cpu, now);
    for (Vcpu* v = rq.head; v != nullptr;) {  // lines 5-10
      Vcpu* nxt = v->next;
      if (now >= v->cur_deadline) {
        update_deadline(v, now);
        rq.remove(v);
        rq.insert(v);
      }
      v = nxt;
    }
    for (Vcpu* v = rq.head; v != nullptr; v = v->next) {  // lines 11-18
      if (v->cpu_mask & (1ull << cpu)) {
        if (v->cur_budget > 0) {
          snext = v;
          break;
        }
      }
    }
    if (scurr != nullptr && now >= scurr->cur_deadline) update_deadline(scurr, now);
    if ((snext == nullptr || snext->cur_deadline > scurr_deadline(scurr)) && scurr != nullptr &&
        scurr->cur_budget > 0 && scurr->runnable)
      snext = scurr;       // lines 19-21
    if (snext != scurr) {  // lines 22-24
      if (snext != nullptr) rq.remove(snext);
      if (scurr != nullptr) {
        scurr->processor = kNoCpu;
        if (global_)
          scurr->delayed_runq_add = true;
        else if (scurr->runnable)
          rq.insert(scurr);
      }
    }
    if (snext != nullptr) snext->processor = cpu;
    curr_[cpu] = snext;
    last_[cpu] = now;
    return snext;
  }

  int context_saved(Vcpu* v, int, Time) {
    if (!v->delayed_runq_add) return kNoCpu;
    v->delayed_runq_add = false;
    if (!v->runnable) return kNoCpu;
    q(v).insert(v);
    return tickle(v);
  }

 private:
  static Time scurr_deadline(const Vcpu* v) { return v ? v->cur_deadline : ~Time{0}; }
  RunQ& q(const Vcpu* v) { return queues_[global_ ? 0 : __builtin_ctzll(v->cpu_mask)]; }
  static void update_deadline(Vcpu* v, Time now) {
    while (v->cur_deadline <= now) v->cur_deadline += v->period;
    v->cur_budget = v->budget;
  }
  void burn_budget(Vcpu* v, int cpu, Time now) {
    if (v == nullptr) return;
    Time used = now - last_[cpu];
    v->cur_budget = used >= v->cur_budget ? 0 : v->cur_budget - used;
  }
  // Interrupt a pCPU only if it runs something of lower priority (the lowest).
  int tickle(const Vcpu* v) {
    int best = kNoCpu;
    Time latest = 0;
    for (int c = 0; c < static_cast<int>(curr_.size()); ++c) {
      if (!(v->cpu_mask & (1ull << c))) continue;
      const Vcpu* r = curr_[c];
      if (r == nullptr) return c;
      if (r->cur_deadline > v->cur_deadline && r->cur_deadline > latest) {
        latest = r->cur_deadline;
        best = c;
      }
    }
    return best;
  }

  bool global_;
  std::vector<RunQ> queues_;
  std::vector<Vcpu*> curr_;
  std::vector<Time> last_;
};

}  // namespace alg2
