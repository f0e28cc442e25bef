// TSC scale computation (integer only: no floating point in the hypervisor)
// and the seqlock writer for shared-info time records. No locking beyond the
// record's own version counter; one writer per record.
#include "hcall/time_info.h"

#include <atomic>

namespace hcall {

TscScale scale_from_tsc_khz(std::uint64_t tsc_khz) {
  if (tsc_khz == 0) return {};
  // Find num/den in [0.5, 1) with ns = (tick << shift) * num / den.
  std::uint64_t num = 1'000'000, den = tsc_khz;
  std::int8_t shift = 0;
  while (num >= den) {  // slower than 1 GHz: pre-shift the delta left
    den <<= 1;
    ++shift;
  }
  while (num * 2 < den) {  // much faster: shift the delta right instead
    num <<= 1;
    --shift;
  }
  // mul = floor(num / den * 2^32) by long division (num < den, no overflow).
  std::uint64_t rem = num;
  std::uint32_t mul = 0;
  for (int bit = 0; bit < 32; ++bit) {
    rem <<= 1;
    mul <<= 1;
    if (rem >= den) {
      rem -= den;
      mul |= 1;
    }
  }
  return {mul, shift};
}

void publish_time(abi::VcpuTimeInfo& record, std::uint64_t tsc, std::uint64_t system_time_ns,
                  TscScale scale) {
  volatile abi::VcpuTimeInfo& r = record;
  std::uint32_t version = r.version;
  r.version = version | 1u;  // odd: readers retry
  std::atomic_thread_fence(std::memory_order_release);
  r.tsc_timestamp = tsc;
  r.system_time_ns = system_time_ns;
  r.tsc_to_ns_mul = scale.mul;
  r.tsc_shift = scale.shift;
  std::atomic_thread_fence(std::memory_order_release);
  r.version = (version | 1u) + 1;  // even again, and changed
}

}  // namespace hcall
