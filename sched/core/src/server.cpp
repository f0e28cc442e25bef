// Budget rules per server kind. See server.h. Called under the instance lock.
//
// Deferrable, PTPS, polling, WCPS, CRPS share the periodic replenishment
// rule: at every period boundary the budget is set back to full (thesis
// §2.4.1; §2.6 "replenished to full capacity every period"). They differ in
// what happens while idle (polling: discard, §2.4.1; PTPS/WCPS/CRPS: burn,
// handled by the scheduler through the idle set) — not here.
//
// Sporadic (Stanovich, Baker, Wang, González Harbour, RTAS 2010, corrected
// rules): capacity is a list of chunks {at, amount} sorted by `at`; chunks
// with at <= now are available (budget_left is their sum). Consumption
// drains the oldest available chunk first, and each drained piece is
// replenished one period after the later of (a) the server's activation
// time (when it last became runnable with capacity) and (b) the time that
// chunk became available. (b) is the correction of the POSIX "premature
// replenishment" defect: POSIX uses only (a), so capacity that arrived while
// the server was already active comes back too early. Replenishments are
// therefore split per chunk. The list is bounded (kMaxReplenishments); when
// full, a new replenishment is merged into the latest one, at the later of
// the two times, which only ever delays capacity (safe).
#include "server.h"

namespace sched::detail {

namespace {

Time min_t(Time a, Time b) { return a < b ? a : b; }
Time max_t(Time a, Time b) { return a > b ? a : b; }

// Inserts a pending chunk. The available prefix (entries already counted in
// budget_left) is never touched: a replenishment posted for a time that has
// already passed (the server was active, but preempted, for more than a
// period) goes first among the pending entries and is applied at the next
// timer check. Equal times merge.
void sporadic_post(VcpuState& s, Time at, Time amount) {
  int i = s.repl_count;
  while (i > s.avail_count && s.repl[i - 1].at > at) --i;
  if (i > s.avail_count && s.repl[i - 1].at == at) {
    s.repl[i - 1].amount += amount;
    return;
  }
  if (s.repl_count == kMaxReplenishments) {
    // Full: merge into the latest chunk, at the later time (delays only).
    Replenishment& last = s.repl[s.repl_count - 1];
    if (s.repl_count - 1 < s.avail_count) {  // it was available: no longer
      s.budget_left -= last.amount;
      --s.avail_count;
    }
    last.amount += amount;
    last.at = max_t(last.at, at);
    return;
  }
  for (int k = s.repl_count; k > i; --k) s.repl[k] = s.repl[k - 1];
  s.repl[i] = Replenishment{at, amount};
  ++s.repl_count;
}

void sporadic_consume(VcpuState& s, Time amount) {
  Time left = min_t(amount, s.budget_left);
  Replenishment posts[kMaxReplenishments];
  int nposts = 0;
  const Time period = s.params.period;
  while (left > 0 && s.avail_count > 0) {
    Replenishment& head = s.repl[0];
    Time take = min_t(left, head.amount);
    Time at = max_t(s.activation, head.at) + period;
    if (nposts > 0 && posts[nposts - 1].at == at)
      posts[nposts - 1].amount += take;
    else if (nposts < kMaxReplenishments)
      posts[nposts++] = Replenishment{at, take};
    else
      posts[nposts - 1] =
          Replenishment{max_t(posts[nposts - 1].at, at), posts[nposts - 1].amount + take};
    head.amount -= take;
    s.budget_left -= take;
    left -= take;
    if (head.amount == 0) {
      for (int k = 1; k < s.repl_count; ++k) s.repl[k - 1] = s.repl[k];
      --s.repl_count;
      --s.avail_count;
    }
  }
  for (int k = 0; k < nposts; ++k) sporadic_post(s, posts[k].at, posts[k].amount);
}

}  // namespace

void server_reset(Vcpu& v, Time now) {
  VcpuState& s = v.state;
  const Params& p = s.params;
  s.period_start = now;
  s.activation = now;
  s.deadline = now + p.deadline();
  if (p.server == ServerKind::sporadic) {
    s.repl[0] = Replenishment{now, p.budget};
    s.repl_count = 1;
    s.avail_count = 1;
    s.budget_left = p.budget;
    s.next_replenish = kNever;
    return;
  }
  s.repl_count = 0;
  s.avail_count = 0;
  s.budget_left = (p.server == ServerKind::polling && !s.runnable) ? 0 : p.budget;
  s.next_replenish = now + p.period;
}

bool server_replenish_due(Vcpu& v, Time t) {
  VcpuState& s = v.state;
  const Params& p = s.params;
  if (p.server == ServerKind::sporadic) {
    if (s.avail_count >= s.repl_count || s.repl[s.avail_count].at > t) return false;
    bool was_empty = s.budget_left == 0;
    Time became_available = s.repl[s.avail_count].at;
    while (s.avail_count < s.repl_count && s.repl[s.avail_count].at <= t) {
      s.budget_left += s.repl[s.avail_count].amount;
      ++s.avail_count;
      ++s.stats.replenishments;
    }
    // A runnable server that was out of capacity becomes active again when
    // the first chunk arrives.
    if (was_empty && s.runnable) {
      s.activation = became_available;
      s.deadline = s.activation + p.deadline();
    }
    s.next_replenish = s.avail_count < s.repl_count ? s.repl[s.avail_count].at : kNever;
    return true;
  }
  if (t < s.period_start + p.period) return false;
  Time periods = (t - s.period_start) / p.period;
  s.period_start += periods * p.period;
  // Polling rule (§2.4.1): an idle polling server discards its budget at once.
  s.budget_left = (p.server == ServerKind::polling && !s.runnable) ? 0 : p.budget;
  s.deadline = s.period_start + p.deadline();
  s.next_replenish = s.period_start + p.period;
  ++s.stats.replenishments;
  return true;
}

void server_consume_sporadic(Vcpu& v, Time amount) {
  VcpuState& s = v.state;
  const Time before = s.budget_left;
  sporadic_consume(s, amount);
  s.stats.burned += before - s.budget_left;
  if (s.budget_left == 0) ++s.stats.exhaustions;
}

}  // namespace sched::detail
