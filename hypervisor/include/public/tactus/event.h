// Event channels in the guest ABI, version 1: port numbering, virtual IRQs
// and the upcall vector range. A domain owns kMaxPorts ports; port 0 is
// never allocated (so 0 can mean "none"). Pending/mask bits live in the
// shared-info page (shared_info.h). Plain constants; no locking.
#pragma once

#include <cstdint>

namespace tactus::abi {

using EventPort = std::uint32_t;

constexpr EventPort kMaxPorts = 64;
constexpr EventPort kInvalidPort = 0;

// Virtual IRQs a domain can bind one port each to.
enum class Virq : std::uint64_t {
  timer = 0,    // the one-shot timer (sched_set_timer) fired
  console = 1,  // console input or output space is available
};
constexpr std::uint64_t kVirqCount = 2;

// The upcall vector a guest registers: an IDT vector outside the
// architectural exception range.
constexpr std::uint64_t kUpcallVectorMin = 0x20;
constexpr std::uint64_t kUpcallVectorMax = 0xff;

}  // namespace tactus::abi
