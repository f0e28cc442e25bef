// Hostile id sweeps over the grant hypercalls: every domain id the routers
// and the domain table can hold (0..127), the ids around kMaxDomainId and
// kDomainSelf, and ids with single high bits, for grant_access and
// grant_map; every grant ref 0..127 and refs with high bits for
// grant_revoke and grant_map; every window gfn and its neighbours for
// grant_unmap. Each sweep prints one line, naming the first id whose
// answer differs from docs/hypercalls.md. Successful answers must be
// exactly the documented value (a ref, 0), nothing in the upper bits.
// Runs when this domain holds no grant and no mapping, in a system where
// no domain but the caller, `peer` and `helper` exists. Single vCPU.
#include <initializer_list>
#include <span>

#include "check.h"
#include "sweep.h"
#include "tactus/grant.h"

namespace hostile {
namespace {

constexpr abi::GrantRef kSweepRef = abi::kMaxGrants - 1;  // nobody in the tests grants it

alignas(4096) std::uint8_t g_page[4096];

}  // namespace

void grant_sweeps(const World& w) {
  const std::uint64_t gfn = reinterpret_cast<std::uint64_t>(g_page) >> abi::kPageShift;
  const DomainIds ids;

  // grant_access to every id: a live grantee gets exactly ref 0 (nothing
  // else is outstanding), which revokes at once with exactly 0.
  sweep(
      "sweep/grant_access_every_domain_id", ids,
      [&](std::uint64_t id) {
        std::int64_t r = call(H::grant_access, id, gfn, 0);
        if (r >= 0 && call(H::grant_revoke, static_cast<std::uint64_t>(r)) != 0) return r + 1000;
        return r;
      },
      [&](std::uint64_t id) { return id_rule(w, id, 0); });
  // grant_map of an unused ref from every id: ENOENT where the granter
  // exists, the id rules elsewhere.
  for (std::uint64_t flags : {std::uint64_t{0}, std::uint64_t{abi::kGrantMapReadOnly}})
    sweep(
        flags ? "sweep/grant_map_every_domain_id_ro" : "sweep/grant_map_every_domain_id", ids,
        [&](std::uint64_t id) { return call(H::grant_map, id, kSweepRef, flags); },
        [&](std::uint64_t id) { return id_rule(w, id, abi::to_result(Errno::noent)); });

  // Every ref: 0..63 are free here (ENOENT), 64.. and high bits EINVAL.
  std::uint64_t refs[128 + 4];
  std::size_t nrefs = 0;
  for (std::uint64_t r = 0; r < 128; ++r) refs[nrefs++] = r;
  for (std::uint64_t r :
       std::initializer_list<std::uint64_t>{1ull << 32, (1ull << 32) + 1, 1ull << 63, ~0ull})
    refs[nrefs++] = r;
  auto ref_rule = [](std::uint64_t r) {
    return abi::to_result(r < abi::kMaxGrants ? Errno::noent : Errno::inval);
  };
  sweep(
      "sweep/grant_revoke_every_ref", std::span(refs, nrefs),
      [](std::uint64_t r) { return call(H::grant_revoke, r); }, ref_rule);
  sweep(
      "sweep/grant_map_every_ref_from_peer", std::span(refs, nrefs),
      [&](std::uint64_t r) { return call(H::grant_map, w.peer, r, abi::kGrantMapReadOnly); },
      ref_rule);

  // Every window gfn (nothing mapped: ENOENT) and around it (EINVAL).
  std::uint64_t gfns[abi::kGrantMapSlots + 6];
  std::size_t ngfns = 0;
  for (std::uint64_t s = 0; s < abi::kGrantMapSlots; ++s)
    gfns[ngfns++] = abi::kGrantMapWindowGfn + s;
  const std::uint64_t w0 = abi::kGrantMapWindowGfn;
  for (std::uint64_t g : {w0 - 1, w0 + abi::kGrantMapSlots, w0 | std::uint64_t{1} << 40, w0 << 12,
                          gfn, ~std::uint64_t{0}})
    gfns[ngfns++] = g;
  sweep(
      "sweep/grant_unmap_every_gfn", std::span(gfns, ngfns),
      [](std::uint64_t g) { return call(H::grant_unmap, g); },
      [](std::uint64_t g) {
        return abi::to_result(abi::in_grant_map_window(g) ? Errno::noent : Errno::inval);
      });
}

}  // namespace hostile
