// Budget rules of the servers (thesis §2.4, §2.6; Stanovich et al. 2010 for
// the sporadic server): how a vCPU's budget is reset, consumed and
// replenished. Pure functions on one Vcpu's state; the caller (CoreScheduler)
// holds the instance lock. Placement and priority live elsewhere.
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

// Applies every replenishment due at or before `t` (period boundaries, or
// sporadic chunks). Returns true when anything changed.
bool server_replenish(Vcpu& v, Time t);

// Charges `amount` ns of budget for a run that ended at `t_end`. The sporadic
// server posts split replenishments for it. Budget never goes below 0.
void server_consume(Vcpu& v, Time amount, Time t_end);

// The vCPU became runnable at `now` (after server_replenish(now)).
void server_on_wake(Vcpu& v, Time now);

// The vCPU became idle (blocked) at `now`: the polling rule.
void server_on_idle(Vcpu& v, Time now);

// Earliest time server_replenish would change something, or kNever.
Time server_next_replenish(const Vcpu& v);

}  // namespace sched::detail
