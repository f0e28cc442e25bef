// The netback stage policy and its run-time settings (idc-queue -m/-b/-l):
// `rr`, the original Xen/Linux order (§5.1.2), or `rtca` (§5.4) with its
// batch size (TX and softnet packets per round) and per-priority softnet
// queue limit. Plain values; validate() refuses anything out of range.
#pragma once

#include <cstdint>
#include <string_view>

#include "support/error.h"
#include "vnet/limits.h"

namespace vnet {

enum class Policy : std::uint8_t { rr, rtca };
const char* policy_name(Policy p);
// Parses "rr" or "rtca".
support::Result<Policy> parse_policy(std::string_view text);

struct Settings {
  Policy policy = Policy::rr;
  std::uint32_t batch = kRtcaDefaultBatch;             // rtca: 1 .. kRtcaMaxBatch
  std::uint32_t queue_limit = kRtcaDefaultQueueLimit;  // rtca: 1 .. kRtcaMaxQueueLimit
};
support::Status validate(const Settings& s);

}  // namespace vnet
