// The hypervisor's side of the shared-info time records: the TSC -> ns
// scale for a TSC frequency, and publishing a record with the seqlock
// protocol that abi::read_time() follows (version odd while writing). One
// writer per record (the CPU running that vCPU); readers never block it.
#pragma once

#include <cstdint>

#include "tactus/shared_info.h"

namespace hcall {

namespace abi = tactus::abi;

struct TscScale {
  std::uint32_t mul = 0;  // 32.32 fixed point, normalised to [0.5, 1)
  std::int8_t shift = 0;
};

// ns per TSC tick = 1e6 / tsc_khz, as abi::tsc_delta_to_ns expects it.
// tsc_khz must be non-zero (a zero frequency gives the zero scale).
TscScale scale_from_tsc_khz(std::uint64_t tsc_khz);

// Writes one record: version made odd, fields stored, version made even.
void publish_time(abi::VcpuTimeInfo& record, std::uint64_t tsc, std::uint64_t system_time_ns,
                  TscScale scale);

}  // namespace hcall
