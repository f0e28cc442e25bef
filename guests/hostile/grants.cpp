// Hostile cases on grant tables: granting pages this domain does not own
// (EFAULT), granting to itself (EINVAL) or to a domain that does not exist
// (ESRCH), revoking unknown refs, mapping refs never granted to it,
// unmapping gfns never mapped. After the refusals the grant table is
// checked: the next grant gets ref 0, and it revokes once. Single vCPU, no
// locking.
#include "check.h"
#include "tactus/grant.h"

namespace hostile {
namespace {

alignas(4096) std::uint8_t g_page[4096];

std::uint64_t own_gfn() { return reinterpret_cast<std::uint64_t>(g_page) >> abi::kPageShift; }

}  // namespace

void grant_misuse(const World& w) {
  const std::uint64_t ram_end_gfn = w.memory >> abi::kPageShift;
  const std::uint64_t not_owned[] = {ram_end_gfn,
                                     ram_end_gfn + 1,
                                     abi::kGrantMapWindowGfn,
                                     abi::kGrantMapWindowGfn + abi::kGrantMapSlots - 1,
                                     1ull << 40,
                                     ~0ull >> abi::kPageShift,
                                     ~0ull};
  for (std::uint64_t gfn : not_owned)
    expect(name("grant/access_not_owned/gfn_{:#x}", gfn).view(),
           call(H::grant_access, w.peer, gfn, 0), Errno::fault);
  expect("grant/access_to_self_by_id", call(H::grant_access, w.self, own_gfn(), 0), Errno::inval);
  expect("grant/access_to_self_by_alias", call(H::grant_access, abi::kDomainSelf, own_gfn(), 0),
         Errno::inval);
  expect("grant/access_to_missing_domain", call(H::grant_access, w.ghost, own_gfn(), 0),
         Errno::srch);

  for (std::uint64_t ref : {std::uint64_t{0}, std::uint64_t{5}, std::uint64_t{abi::kMaxGrants - 1}})
    expect(name("grant/revoke_unused_ref_{}", ref).view(), call(H::grant_revoke, ref),
           Errno::noent);
  for (std::uint64_t ref : {std::uint64_t{abi::kMaxGrants}, ~std::uint64_t{0}})
    expect(name("grant/revoke_ref_{:#x}", ref).view(), call(H::grant_revoke, ref), Errno::inval);

  // The peer granted nothing: no ref of it is in use for anyone.
  for (std::uint64_t ref : {std::uint64_t{0}, std::uint64_t{abi::kMaxGrants - 1}}) {
    expect(name("grant/map_ref_not_granted_{}", ref).view(), call(H::grant_map, w.peer, ref, 0),
           Errno::noent);
    expect(name("grant/map_ref_not_granted_ro_{}", ref).view(),
           call(H::grant_map, w.peer, ref, abi::kGrantMapReadOnly), Errno::noent);
  }
  expect("grant/map_ref_out_of_range", call(H::grant_map, w.peer, abi::kMaxGrants, 0),
         Errno::inval);
  expect("grant/map_own_grant_by_id", call(H::grant_map, w.self, 0, 0), Errno::inval);
  expect("grant/map_own_grant_by_alias", call(H::grant_map, abi::kDomainSelf, 0, 0), Errno::inval);
  expect("grant/map_from_missing_domain", call(H::grant_map, w.ghost, 0, 0), Errno::srch);

  // Unmapping: inside the window but never mapped ENOENT; outside EINVAL.
  for (std::uint64_t gfn : {abi::kGrantMapWindowGfn, abi::kGrantMapWindowGfn + 17,
                            abi::kGrantMapWindowGfn + abi::kGrantMapSlots - 1})
    expect(name("grant/unmap_never_mapped/gfn_{:#x}", gfn).view(), call(H::grant_unmap, gfn),
           Errno::noent);
  for (std::uint64_t gfn :
       {abi::kGrantMapWindowGfn - 1, abi::kGrantMapWindowGfn + abi::kGrantMapSlots, own_gfn(),
        std::uint64_t{0}, ~std::uint64_t{0}})
    expect(name("grant/unmap_outside_window/gfn_{:#x}", gfn).view(), call(H::grant_unmap, gfn),
           Errno::inval);

  // State afterwards: no ref was consumed, and a real grant revokes once.
  auto ref = call(H::grant_access, w.peer, own_gfn(), 0);
  expect("grant/first_ref_after_refusals", ref, 0);
  auto second = call(H::grant_access, w.peer, own_gfn(), abi::kGrantReadOnly);
  expect("grant/second_ref", second, 1);
  if (ref >= 0) {
    expect("grant/revoke", call(H::grant_revoke, ref), 0);
    expect("grant/revoke_again", call(H::grant_revoke, ref), Errno::noent);
  }
  if (second >= 0) expect("grant/revoke_second", call(H::grant_revoke, second), 0);
  // The peer still cannot be asked for our refs through us.
  expect("grant/map_after_revoke", call(H::grant_map, w.peer, 0, 0), Errno::noent);
}

}  // namespace hostile
