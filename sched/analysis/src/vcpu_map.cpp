// MPR interface to vCPU servers. No locking: pure functions.
#include "analysis/vcpu_map.h"

namespace analysis {

using support::Errc;
using support::make_error;

support::Result<std::size_t> map_equal_split(const MprInterface& r, std::span<VcpuParams> out) {
  if (auto s = validate_mpr(r); !s) return s.error();
  const Time m = r.parallelism;
  const Time base = r.budget / m, extra = r.budget % m;
  const std::size_t count = static_cast<std::size_t>(base == 0 ? extra : m);
  if (out.size() < count) return make_error(Errc::no_space, "vCPU output span too small");
  for (std::size_t i = 0; i < count; ++i)
    out[i] = VcpuParams{base + (static_cast<Time>(i) < extra ? 1 : 0), r.period};
  return count;
}

support::Result<std::size_t> map_all_but_one(const MprInterface& r, std::span<VcpuParams> out) {
  if (auto s = validate_mpr(r); !s) return s.error();
  const Time full = r.budget / r.period, rest = r.budget % r.period;
  const std::size_t count = static_cast<std::size_t>(full + (rest != 0 ? 1 : 0));
  if (out.size() < count) return make_error(Errc::no_space, "vCPU output span too small");
  for (std::size_t i = 0; i < static_cast<std::size_t>(full); ++i) out[i] = VcpuParams{r.period, r.period};
  if (rest != 0) out[count - 1] = VcpuParams{rest, r.period};
  return count;
}

}  // namespace analysis
