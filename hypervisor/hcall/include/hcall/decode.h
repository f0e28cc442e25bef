// decode(): from the raw VMCALL registers and the caller's identity to a
// typed, validated Request or a refusal (negative errno + reason). Order of
// checks: a caller at CPL > 0 (a guest's user mode) -> EPERM for every
// number (Xen's HVM rule); unknown number -> ENOSYS; privileged call from an
// unprivileged caller -> EPERM (before any argument is looked at); then
// every argument.
// Input buffers are copied into Scratch exactly once; output buffers are
// checked to be the caller's memory so the call can fail before it changes
// anything. The copy_out helpers below write results back after the call.
// Stateless; no locking (Scratch belongs to the calling CPU).
#pragma once

#include <cstdint>
#include <span>
#include <type_traits>

#include "hcall/guest_memory.h"
#include "hcall/reply.h"
#include "hcall/request.h"

namespace hcall {

Reply<Request> decode(const Registers& regs, const Caller& caller, const GuestMemory& memory,
                      Scratch& scratch);

// Writes one ABI struct to a guest address decode() already checked.
template <typename T>
Outcome copy_out_object(GuestMemory& memory, std::uint64_t gpa, const T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  return memory.copy_out(
      gpa, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(&value), sizeof(T)));
}

// domctl_list / sysctl_cpupool_list: writes min(count, capacity) ids and
// returns the full count (the value for rax), so a caller can size its buffer.
Reply<std::uint64_t> copy_out_ids(GuestMemory& memory, const ListArgs& args,
                                  std::span<const std::uint32_t> ids);

// sysctl_read_log: copies `data` (at most buffer_len bytes, starting at the
// stream offset `first`) to the buffer, then the updated cursor (offset =
// first + data.size(), lost = first - wanted offset). Returns data.size().
Reply<std::uint64_t> complete_read_log(GuestMemory& memory, const ReadLogArgs& args,
                                       std::uint64_t first, std::span<const std::uint8_t> data);

}  // namespace hcall
