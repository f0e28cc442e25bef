// Test-only oracle: a unit-step simulation of a task set released
// synchronously at 0 on the worst-case supply pattern of an integer
// periodic resource (nothing for 2(Pi - Theta), then Theta units at the
// start of every following period window). For integer budgets this is
// exactly the situation the sbf describes, so it decides schedulability
// independently of the library's test-point logic.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "analysis/demand.h"
#include "analysis/types.h"

namespace oracle {

using analysis::Task;
using analysis::Time;

enum class Policy { edf, rm, dm };

inline bool supplied(Time pi, Time theta, Time slot) {
  Time off = slot - 2 * (pi - theta);
  return off >= 0 && off % pi < theta;
}

// True when no job misses its deadline before `horizon`.
inline bool simulate(const std::vector<Task>& ts, Time pi, Time theta, Policy pol, Time horizon) {
  struct Job { std::size_t task; Time deadline; Time left; };
  std::vector<Job> jobs;
  for (Time slot = 0; slot < horizon; ++slot) {
    for (std::size_t i = 0; i < ts.size(); ++i)
      if (slot % ts[i].period == 0) jobs.push_back({i, slot + ts[i].deadline, ts[i].wcet});
    for (const Job& j : jobs)
      if (j.left > 0 && j.deadline <= slot) return false;
    if (!supplied(pi, theta, slot)) continue;
    Job* pick = nullptr;
    for (Job& j : jobs) {
      if (j.left == 0) continue;
      if (pick == nullptr) { pick = &j; continue; }
      bool better = false;
      if (pol == Policy::edf) {
        better = j.deadline < pick->deadline || (j.deadline == pick->deadline && j.task < pick->task);
      } else {
        auto key = [&](std::size_t i) { return pol == Policy::rm ? ts[i].period : ts[i].deadline; };
        better = key(j.task) < key(pick->task) || (key(j.task) == key(pick->task) && j.task < pick->task);
      }
      if (better) pick = &j;
    }
    if (pick != nullptr) --pick->left;
    std::erase_if(jobs, [](const Job& j) { return j.left == 0; });
  }
  return true;
}

inline Time lcm_of(const std::vector<Task>& ts) {
  Time l = 1;
  for (const Task& t : ts) l = std::lcm(l, t.period);
  return l;
}

// Horizon long enough for small examples: several hyperperiods after the
// blackout.
inline Time horizon_for(const std::vector<Task>& ts, Time pi) { return 2 * pi + 8 * lcm_of(ts) + 64; }

// Smallest integer budget the simulation accepts, or -1.
inline Time min_budget(const std::vector<Task>& ts, Time pi, Policy pol) {
  for (Time th = 1; th <= pi; ++th)
    if (simulate(ts, pi, th, pol, horizon_for(ts, pi))) return th;
  return -1;
}

inline std::vector<Task> random_tasks(std::mt19937& rng, int max_n, Time max_p, bool constrained) {
  std::uniform_int_distribution<int> n_dist(1, max_n);
  std::vector<Task> ts;
  int n = n_dist(rng);
  for (int i = 0; i < n; ++i) {
    Time p = std::uniform_int_distribution<Time>(2, max_p)(rng);
    Time d = constrained ? std::uniform_int_distribution<Time>(1, p)(rng) : p;
    Time e = std::uniform_int_distribution<Time>(1, std::max<Time>(1, d / 2))(rng);
    ts.push_back(Task{p, e, d});
  }
  return ts;
}

}  // namespace oracle
