// Grant tables in the guest ABI, version 1: a domain grants one page of its
// own memory (by gfn) to exactly one other domain and gets a grant reference;
// the grantee maps it by (granting domain, ref) and the hypervisor places the
// page in the grantee's grant-map window, returning the gfn it appears at.
// Plain constants; no locking.
#pragma once

#include <cstdint>

namespace tactus::abi {

using GrantRef = std::uint32_t;

constexpr std::uint64_t kPageSize = 4096;
constexpr std::uint32_t kPageShift = 12;

constexpr GrantRef kMaxGrants = 64;  // grant references per domain: 0 .. kMaxGrants-1

// grant_access arg2.
constexpr std::uint64_t kGrantReadOnly = 1u << 0;  // the grantee may only read
constexpr std::uint64_t kGrantFlagsValid = kGrantReadOnly;

// grant_map arg2.
constexpr std::uint64_t kGrantMapReadOnly = 1u
                                            << 0;  // map read-only (required for read-only grants)
constexpr std::uint64_t kGrantMapFlagsValid = kGrantMapReadOnly;

// Where mapped grants appear in the grantee: kGrantMapSlots pages from this
// guest-physical address, outside any domain's RAM.
constexpr std::uint64_t kGrantMapWindowGpa = 0xe000'0000;
constexpr std::uint32_t kGrantMapSlots = 64;
constexpr std::uint64_t kGrantMapWindowGfn = kGrantMapWindowGpa >> kPageShift;

constexpr bool in_grant_map_window(std::uint64_t gfn) {
  return gfn >= kGrantMapWindowGfn && gfn < kGrantMapWindowGfn + kGrantMapSlots;
}

}  // namespace tactus::abi
