// Budget rules of the servers (thesis §2.4, §2.6; Stanovich et al. 2010 for
// the sporadic server): how a vCPU's budget is reset, consumed and
// replenished. Pure functions on one Vcpu's state; the caller (CoreScheduler)
// holds the instance lock. Placement and priority live elsewhere. The
// small per-call rules are inline here (they run on every wake/sleep).
#pragma once

#include "sched/vcpu.h"

namespace sched::detail {

// PTPS, WCPS and CRPS keep burning budget while their vCPU is idle, so they
// stay in the scheduler's idle set (the RdyQ of §2.4.2) while asleep.
constexpr bool periodic_kind(ServerKind k) {
  return k == ServerKind::periodic || k == ServerKind::wcps || k == ServerKind::crps;
}

// A fresh server at `now` (add_vcpu, set_params): full budget, a new period
// (polling: budget 0 while not runnable — it is idle).
void server_reset(Vcpu& v, Time now);

// server_replenish once something is due (out of line).
bool server_replenish_due(Vcpu& v, Time t);

// Sporadic part of server_consume (split replenishments); out of line.
void server_consume_sporadic(Vcpu& v, Time amount);

// Charges `amount` ns of budget. The sporadic server posts split
// replenishments for it. Budget never goes below 0.
inline void server_consume(Vcpu& v, Time amount) {
  VcpuState& s = v.state;
  if (amount == 0 || s.budget_left == 0) return;
  if (s.params.server == ServerKind::sporadic) {
    server_consume_sporadic(v, amount);
    return;
  }
  const Time take = amount < s.budget_left ? amount : s.budget_left;
  s.budget_left -= take;
  s.stats.burned += take;
  if (s.budget_left == 0) ++s.stats.exhaustions;
}

// The vCPU became runnable at `now` (after server_replenish(now)). A
// sporadic server with capacity becomes active: its deadline restarts.
inline void server_on_wake(Vcpu& v, Time now) {
  VcpuState& s = v.state;
  if (s.params.server == ServerKind::sporadic && s.budget_left > 0) {
    s.activation = now;
    s.deadline = now + s.params.deadline();
  }
}

// The vCPU became idle (blocked): the polling rule, "discards its remaining
// budget immediately when it has no tasks to run" (§2.4.1, Algorithm 1
// line 5 variant).
inline void server_on_idle(Vcpu& v) {
  if (v.state.params.server == ServerKind::polling) v.state.budget_left = 0;
}

// Earliest time server_replenish would change something, or kNever.
inline Time server_next_replenish(const Vcpu& v) {
  const VcpuState& s = v.state;
  if (s.params.server == ServerKind::sporadic)
    return s.avail_count < s.repl_count ? s.repl[s.avail_count].at : kNever;
  return s.period_start + s.params.period;
}

// Applies every replenishment due at or before `t` (period boundaries, or
// sporadic chunks). Returns true when anything changed.
inline bool server_replenish(Vcpu& v, Time t) {
  return t >= server_next_replenish(v) && server_replenish_due(v, t);
}

}  // namespace sched::detail
