// Partitioned host-level tests, bin packing, RT-Filter and RT-Weigher.
// No locking: pure functions.
#include "analysis/packing.h"

#include "analysis/utilization.h"

namespace analysis {

using support::Errc;
using support::make_error;

namespace {

constexpr std::uint32_t kUnassigned = 0xffffffffu;
constexpr int kRtaIterations = 1 << 16;
constexpr std::size_t kDemandPoints = 1 << 16;  // beyond: conservatively not schedulable

support::Status validate_vcpus(std::span<const HostVcpu> vcpus) {
  if (vcpus.empty()) return make_error(Errc::invalid, "empty vCPU set");
  if (vcpus.size() > kMaxVcpus) return make_error(Errc::range, "too many vCPUs (limit 512)");
  for (const HostVcpu& v : vcpus) {
    if (v.period <= 0) return make_error(Errc::invalid, "vCPU period must be positive");
    if (v.period > kMaxTime) return make_error(Errc::range, "vCPU period above 2^40 units");
    if (v.budget <= 0) return make_error(Errc::invalid, "vCPU budget must be positive");
    if (v.budget > v.period) return make_error(Errc::invalid, "vCPU budget exceeds its period");
  }
  return support::Status::success();
}

// Members of a pCPU: assignment[j] == pcpu, plus optionally `extra`.
struct Members {
  std::span<const HostVcpu> vcpus;
  std::span<const std::uint32_t> assignment;
  std::uint32_t pcpu;
  std::size_t extra;  // index also counted as a member, or SIZE_MAX
  bool has(std::size_t j) const {
    return j == extra || (j < assignment.size() && assignment[j] == pcpu);
  }
};

auto getter(const Members& m) {
  return [&m](std::size_t j, Time& c, Time& p) {
    if (!m.has(j)) return false;
    c = m.vcpus[j].budget;
    p = m.vcpus[j].period;
    return true;
  };
}

bool utilization_at_most_one(const Members& m) {
  Cmp c = detail::compare_utilization(m.vcpus.size(), getter(m), 1, 1);
  return c == Cmp::less || c == Cmp::equal;  // unknown: conservatively no
}

bool harmonic(const Members& m) {
  for (std::size_t i = 0; i < m.vcpus.size(); ++i) {
    if (!m.has(i)) continue;
    for (std::size_t j = 0; j < m.vcpus.size(); ++j) {
      if (!m.has(j)) continue;
      Time a = m.vcpus[i].period, b = m.vcpus[j].period;
      if (a <= b && b % a != 0) return false;
    }
  }
  return true;
}

bool any_deferrable(const Members& m) {
  for (std::size_t j = 0; j < m.vcpus.size(); ++j)
    if (m.has(j) && m.vcpus[j].deferrable) return true;
  return false;
}

// EDF with deferrable servers (deadline = period T, budget C, release
// jitter J = T - C towards the others). A server k loses nothing its guest
// was promised when it misses only in a period in which it deferred (the
// PRM supply bound its guest was analysed with allows no supply then), so k
// is checked without its own jitter against the others with theirs: for
// every window length L, dbf_k(L) + sum over i != k of dbf_i^J(L) <= L,
// with dbf^J(L) = (floor((L + J - T) / T) + 1) * C for L >= T - J. That is
// sum_i dbf_i^J(L) - min_k (dbf_k^J(L) - dbf_k(L)) <= L. Both terms are
// periodic in the hyperperiod H past max T, so the step points up to
// H + max T decide it (utilisation <= 1 is checked first).
bool demand_with_jitter_ok(const Members& m) {
  __int128 h = 1;
  Time longest = 0;
  for (std::size_t j = 0; j < m.vcpus.size(); ++j) {
    if (!m.has(j)) continue;
    const __int128 p = m.vcpus[j].period;
    __int128 a = h, b = p;
    while (b != 0) {
      const __int128 r = a % b;
      a = b;
      b = r;
    }
    h = h / a * p;
    if (h > static_cast<__int128>(kMaxTime) * kMaxTime) return false;  // too long: conservative
    if (m.vcpus[j].period > longest) longest = m.vcpus[j].period;
  }
  const __int128 horizon = h + longest;
  auto dbf = [](const HostVcpu& v, __int128 from, __int128 t) -> __int128 {
    return t < from ? 0 : ((t - from) / v.period + 1) * v.budget;
  };
  auto step_after = [](const HostVcpu& v, __int128 from, __int128 t) -> __int128 {
    return t < from ? from : from + ((t - from) / v.period + 1) * v.period;
  };
  __int128 t = 0;  // the last step point checked
  for (std::size_t points = 0;; ++points) {
    if (points >= kDemandPoints) return false;
    __int128 next = -1;
    for (std::size_t j = 0; j < m.vcpus.size(); ++j) {
      if (!m.has(j)) continue;
      const HostVcpu& v = m.vcpus[j];
      for (__int128 from :
           {static_cast<__int128>(v.period - v.jitter()), static_cast<__int128>(v.period)}) {
        const __int128 step = step_after(v, from, t);
        if (next < 0 || step < next) next = step;
      }
    }
    if (next < 0 || next > horizon) return true;
    t = next;
    __int128 total = 0, least_own_jitter = -1;
    for (std::size_t j = 0; j < m.vcpus.size(); ++j) {
      if (!m.has(j)) continue;
      const HostVcpu& v = m.vcpus[j];
      const __int128 with = dbf(v, v.period - v.jitter(), t);
      const __int128 own = with - dbf(v, v.period, t);
      total += with;
      if (least_own_jitter < 0 || own < least_own_jitter) least_own_jitter = own;
    }
    if (total - least_own_jitter > t) return false;
  }
}

bool dm_higher(const Members& m, std::size_t j, std::size_t i) {
  Time pj = m.vcpus[j].period, pi = m.vcpus[i].period;
  return pj < pi || (pj == pi && j < i);
}

bool response_times_ok(const Members& m) {
  for (std::size_t i = 0; i < m.vcpus.size(); ++i) {
    if (!m.has(i)) continue;
    __int128 r = m.vcpus[i].budget;
    for (int iter = 0;; ++iter) {
      if (iter >= kRtaIterations) return false;  // conservative
      __int128 next = m.vcpus[i].budget;
      for (std::size_t j = 0; j < m.vcpus.size(); ++j)
        if (m.has(j) && dm_higher(m, j, i))
          next += ceil_div(r + m.vcpus[j].jitter(), m.vcpus[j].period) * m.vcpus[j].budget;
      if (next > m.vcpus[i].period) return false;
      if (next == r) break;
      r = next;
    }
  }
  return true;
}

bool members_fit(const Members& m, HostPolicy policy) {
  if (!utilization_at_most_one(m)) return false;
  const bool deferrable = any_deferrable(m);
  if (policy == HostPolicy::edf) return !deferrable || demand_with_jitter_ok(m);
  if (harmonic(m) && !deferrable) return true;
  return response_times_ok(m);
}

u128 bandwidth(const Members& m) {
  return detail::scaled_utilization_ceil(m.vcpus.size(), getter(m), 1, 32);
}

}  // namespace

bool pcpu_schedulable(std::span<const HostVcpu> vcpus, std::span<const std::uint32_t> assignment,
                      std::uint32_t pcpu, HostPolicy policy) {
  Members m{vcpus, assignment, pcpu, static_cast<std::size_t>(-1)};
  return members_fit(m, policy);
}

support::Result<PackResult> pack_vcpus(std::span<const HostVcpu> vcpus, std::uint32_t pcpus,
                                       HostPolicy policy, Fit fit,
                                       std::span<std::uint32_t> assignment) {
  if (auto s = validate_vcpus(vcpus); !s) return s.error();
  if (pcpus == 0) return make_error(Errc::invalid, "no pCPUs to pack onto");
  if (pcpus > kMaxPcpus) return make_error(Errc::range, "too many pCPUs (limit 256)");
  if (assignment.size() < vcpus.size())
    return make_error(Errc::no_space, "assignment span too small");
  for (std::size_t i = 0; i < vcpus.size(); ++i) assignment[i] = kUnassigned;
  PackResult res{true, 0, 0};
  for (std::size_t i = 0; i < vcpus.size(); ++i) {
    std::uint32_t chosen = kUnassigned, fallback = kUnassigned;
    bool chosen_shares = true;
    u128 chosen_bw = 0, fallback_bw = 0;
    for (std::uint32_t c = 0; c < pcpus; ++c) {
      Members cur{vcpus, assignment, c, static_cast<std::size_t>(-1)};
      u128 bw = bandwidth(cur);
      if (fallback == kUnassigned || bw < fallback_bw) {
        fallback = c;
        fallback_bw = bw;
      }
      Members with{vcpus, assignment, c, i};
      if (!members_fit(with, policy)) continue;
      bool shares = false;
      for (std::size_t j = 0; j < i; ++j)
        if (assignment[j] == c && vcpus[j].group == vcpus[i].group) shares = true;
      bool better = false;
      if (chosen == kUnassigned) {
        better = true;
      } else if (shares != chosen_shares) {
        better = !shares;  // prefer pCPUs without a sibling vCPU
      } else {
        better = fit == Fit::best ? bw > chosen_bw : bw < chosen_bw;
      }
      if (better) {
        chosen = c;
        chosen_bw = bw;
        chosen_shares = shares;
      }
    }
    if (chosen == kUnassigned) {
      chosen = fallback;
      res.schedulable = false;
      ++res.overloaded;
    }
    assignment[i] = chosen;
  }
  for (std::uint32_t c = 0; c < pcpus; ++c) {
    for (std::size_t j = 0; j < vcpus.size(); ++j)
      if (assignment[j] == c) {
        ++res.pcpus_used;
        break;
      }
  }
  return res;
}

support::Result<PcpuNeed> min_pcpus(std::span<const HostVcpu> vcpus, HostPolicy policy, Fit fit,
                                    std::uint32_t max_pcpus, std::span<std::uint32_t> assignment) {
  if (auto s = validate_vcpus(vcpus); !s) return s.error();
  if (max_pcpus == 0 || max_pcpus > kMaxPcpus)
    return make_error(Errc::range, "pCPU count must be 1..256");
  Members all{vcpus, {}, 0, static_cast<std::size_t>(-1)};
  auto every = [&](std::size_t j, Time& c, Time& p) {
    c = all.vcpus[j].budget;
    p = all.vcpus[j].period;
    return true;
  };
  std::uint32_t m = 1;
  while (m < max_pcpus && detail::compare_utilization(vcpus.size(), every, m, 1) == Cmp::greater)
    ++m;
  for (; m <= max_pcpus; ++m) {
    auto r = pack_vcpus(vcpus, m, policy, fit, assignment);
    if (!r) return r.error();
    if (r->schedulable) return PcpuNeed{true, m};
  }
  return PcpuNeed{false, 0};
}

support::Result<Capacity> host_capacity(std::span<const HostVcpu> vcpus, std::uint32_t available,
                                        HostPolicy policy, Fit fit,
                                        std::span<std::uint32_t> assignment) {
  auto need = min_pcpus(vcpus, policy, fit, available, assignment);
  if (!need) return need.error();
  Capacity cap{};
  cap.admitted = need->fits;
  if (need->fits) {
    cap.needed_pcpus = need->pcpus;
    cap.spare_pcpus = static_cast<std::int64_t>(available) - need->pcpus;
  }
  __int128 used_ppm = 0;
  for (const HostVcpu& v : vcpus)
    used_ppm += ceil_div(static_cast<__int128>(v.budget) * 1000000, v.period);
  cap.spare_bandwidth_ppm =
      static_cast<std::int64_t>(static_cast<__int128>(available) * 1000000 - used_ppm);
  return cap;
}

}  // namespace analysis
