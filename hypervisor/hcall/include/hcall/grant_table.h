// Grant bookkeeping of one domain, both directions: GrantTable holds the
// grants it issued (ref -> grantee, its own gfn, read-only, map count) and
// MapTable the grants of others it has mapped (one slot per page of its
// grant-map window, abi::kGrantMapWindowGpa). Semantics across domains live
// in GrantRouter, which owns the lock: members that change state are called
// with the router's lock held.
#pragma once

#include <cstdint>

#include "tactus/abi.h"
#include "tactus/grant.h"

namespace hcall {

namespace abi = tactus::abi;

struct GrantEntry {
  bool in_use = false;
  bool readonly = false;
  abi::DomainId grantee = abi::kDomainInvalid;
  std::uint64_t gfn = 0;  // the granter's page
  std::uint32_t map_count = 0;
};

struct GrantTable {
  GrantEntry entries[abi::kMaxGrants];
};

struct MapSlot {
  bool in_use = false;
  bool readonly = false;
  abi::DomainId granter = abi::kDomainInvalid;
  abi::GrantRef ref = 0;
};

struct MapTable {
  MapSlot slots[abi::kGrantMapSlots];

  static constexpr std::uint64_t gfn_of(std::uint32_t slot) {
    return abi::kGrantMapWindowGfn + slot;
  }
  static constexpr std::uint32_t slot_of(std::uint64_t gfn) {
    return static_cast<std::uint32_t>(gfn - abi::kGrantMapWindowGfn);
  }
};

}  // namespace hcall
