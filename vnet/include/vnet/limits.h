// Every bound of the netback stages, defined once (thesis §5.1.2 for `rr`,
// §5.4 for `rtca`). No locking: constants only.
#pragma once

#include <cstdint>

namespace vnet {

// IDC priority levels: 0 is the highest (as vCPU priorities in sched/).
inline constexpr std::uint32_t kIdcPriorityLevels = 8;
inline constexpr std::uint8_t kIdcLowestPriority = kIdcPriorityLevels - 1;

// TX stage: packets per net_tx_action round (both policies; rtca stops
// earlier at its batch), and packets an interface sends per turn (both
// policies serve one packet at a time: rr's quantum, Algorithm 3's rule).
inline constexpr std::uint32_t kTxRoundLimit = 238;
inline constexpr std::uint32_t kTxQuantum = 1;

// softnet stage, rr: one backlog device with weight 64, 300 packets per
// NET_RX_SOFTIRQ round, at most 1000 packets queued.
inline constexpr std::uint32_t kSoftnetDeviceWeight = 64;
inline constexpr std::uint32_t kSoftnetRoundBudget = 300;
inline constexpr std::uint32_t kBacklogLimit = 1000;

// RX stage: packets per net_rx_action round (both policies).
inline constexpr std::uint32_t kRxRoundLimit = 238;

// rtca defaults and the range the shell may set.
inline constexpr std::uint32_t kRtcaDefaultBatch = 1;
inline constexpr std::uint32_t kRtcaMaxBatch = kTxRoundLimit;
inline constexpr std::uint32_t kRtcaDefaultQueueLimit = 600;
inline constexpr std::uint32_t kRtcaMaxQueueLimit = 4096;

}  // namespace vnet
