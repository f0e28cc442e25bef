// The helper protocol between two instances of the hostile guest: the
// helper (role=helper) sets up grants and ports that the hostile instance
// must NOT be able to use (a grant to a third domain, a port unbound for a
// third domain) and one read-only grant it may map, then answers the
// hostile instance's events. Constants shared by both sides; single vCPU,
// no locking.
#pragma once

#include <cstdint>

#include "check.h"
#include "tactus/grant.h"

namespace hostile::helper {

constexpr abi::GrantRef kRefToThird = 0;       // the helper's page granted to the third domain
constexpr abi::GrantRef kRefReadOnly = 1;      // a read-only grant to the hostile instance
constexpr abi::GrantRef kRefUnused = 2;        // never granted
constexpr abi::EventPort kPortForThird = 1;    // unbound, waiting for the third domain
constexpr abi::EventPort kPortForPartner = 2;  // unbound for the hostile instance: the channel
constexpr std::uint64_t kMagic = 0x6865'6c70'6572'2121;  // "helper!!", first word of the page

constexpr std::uint64_t kWaitNs = 2'000'000'000;  // 2 s of hypervisor time, per step

// The helper's side: World::peer is the hostile instance (partner=),
// World::ghost the third domain (third=).
void run(const World& w);

}  // namespace hostile::helper
