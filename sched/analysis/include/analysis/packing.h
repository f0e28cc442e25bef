// Host level: partitioned EDF / DM per pCPU with best-fit or worst-fit bin
// packing of vCPUs (thesis §3.3.1), the minimum number of pCPUs for a set of
// vCPUs (RT-OpenStack's RT-Filter, §4.2.2) and the remaining capacity
// (RT-Weigher). No heap: assignments go to a caller-provided span.
// No locking: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "analysis/types.h"
#include "support/error.h"

namespace analysis {

inline constexpr std::uint32_t kMaxPcpus = 256;
inline constexpr std::size_t kMaxVcpus = 512;

// A real-time vCPU server as the host sees it; `group` is its domain, used
// to spread a domain's vCPUs over different pCPUs when possible.
struct HostVcpu {
  Time budget = 0;
  Time period = 0;
  std::uint32_t group = 0;
  // A deferrable server may keep its budget until late in its period and
  // then run it back to back with the next period's: towards the others it
  // behaves like a periodic task with release jitter period - budget
  // (Ghazalie and Baker), which the per-pCPU tests below charge.
  bool deferrable = false;
  Time jitter() const { return deferrable ? period - budget : 0; }
};

// Per-pCPU test. edf: sum of budget/period <= 1 (exact); with deferrable
// servers, also the processor-demand test with their release jitter. dm:
// the same bound when all periods on the pCPU are harmonic and none is
// deferrable (bound 1, thesis §3.3.5), otherwise response-time analysis
// (deadline = period) with the deferrable servers' jitter.
enum class HostPolicy { edf, dm };

// best: the feasible pCPU with the largest current bandwidth; worst: the
// smallest. Ties go to the lower pCPU index.
enum class Fit { best, worst };

struct PackResult {
  bool schedulable = false;      // every vCPU placed on a pCPU where it fits
  std::uint32_t pcpus_used = 0;  // pCPUs holding at least one vCPU
  std::uint32_t overloaded = 0;  // vCPUs placed without fitting
};

// Places vCPUs in the given order (sort by decreasing bandwidth first for
// the classic "decreasing" heuristics). A vCPU that fits nowhere goes to
// the pCPU of smallest bandwidth and the result is not schedulable.
// assignment[i] receives the pCPU of vcpus[i]; it must be at least as long
// as vcpus. Cost O(n^2 * pcpus) test evaluations.
support::Result<PackResult> pack_vcpus(std::span<const HostVcpu> vcpus, std::uint32_t pcpus,
                                       HostPolicy policy, Fit fit,
                                       std::span<std::uint32_t> assignment);

// True when the vCPUs marked with assignment[j] == pcpu (j < vcpus.size())
// pass the per-pCPU test of `policy`.
bool pcpu_schedulable(std::span<const HostVcpu> vcpus, std::span<const std::uint32_t> assignment,
                      std::uint32_t pcpu, HostPolicy policy);

struct PcpuNeed {
  bool fits = false;        // false: not even max_pcpus suffice
  std::uint32_t pcpus = 0;  // smallest number that packs (when fits)
};

// RT-Filter: the smallest m in [max(1, ceil(U)), max_pcpus] for which
// pack_vcpus succeeds; `assignment` holds that packing.
support::Result<PcpuNeed> min_pcpus(std::span<const HostVcpu> vcpus, HostPolicy policy, Fit fit,
                                    std::uint32_t max_pcpus, std::span<std::uint32_t> assignment);

struct Capacity {
  bool admitted = false;                 // min_pcpus <= available
  std::uint32_t needed_pcpus = 0;        // when admitted
  std::int64_t spare_pcpus = 0;          // available - needed (when admitted)
  std::int64_t spare_bandwidth_ppm = 0;  // (available - U) in millionths, rounded down
};

// RT-Filter + RT-Weigher for one host: all real-time vCPUs (already
// accepted plus the request) against `available` pCPUs.
support::Result<Capacity> host_capacity(std::span<const HostVcpu> vcpus, std::uint32_t available,
                                        HostPolicy policy, Fit fit,
                                        std::span<std::uint32_t> assignment);

}  // namespace analysis
