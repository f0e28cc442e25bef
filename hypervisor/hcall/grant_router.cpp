// GrantRouter: grant/revoke/map/unmap and teardown (see the header). Every
// state change, and every GrantSink call, happens under lock_; refusals
// change nothing. The *_locked members expect lock_ held.
#include "hcall/grant_router.h"

namespace hcall {
namespace {

using E = abi::Errno;
using H = abi::Hypercall;
using Lock = support::Guard<support::SpinLock>;

constexpr Refusal kNoCaller = {E::srch, "calling domain has no grant table"};
constexpr Refusal kNoDomain = {E::srch, "no such domain"};

}  // namespace

const GrantRouter::Tables* GrantRouter::find(abi::DomainId domain) const {
  if (domain >= kMaxDomains || tables_[domain].grants == nullptr) return nullptr;
  return &tables_[domain];
}

const GrantTable* GrantRouter::grants(abi::DomainId domain) const {
  auto* t = find(domain);
  return t ? t->grants : nullptr;
}

const MapTable* GrantRouter::maps(abi::DomainId domain) const {
  auto* t = find(domain);
  return t ? t->maps : nullptr;
}

bool GrantRouter::attached(abi::DomainId domain) const {
  Lock g(lock_);
  return find(domain) != nullptr;
}

Outcome GrantRouter::attach(abi::DomainId domain, GrantTable& grants, MapTable& maps) {
  Lock g(lock_);
  if (domain >= kMaxDomains) return refuse(E::srch, "domain id too large for the grant router");
  if (tables_[domain].grants != nullptr)
    return refuse(E::exist, "domain already has a grant table");
  grants = GrantTable{};
  maps = MapTable{};
  tables_[domain] = Tables{&grants, &maps};
  return done();
}

void GrantRouter::teardown(abi::DomainId domain) {
  Lock g(lock_);
  const Tables* dying = find(domain);
  if (dying == nullptr) return;
  // 1. Mappings the dying domain holds: give the granters their counts back.
  for (std::uint32_t s = 0; s < abi::kGrantMapSlots; ++s) {
    MapSlot& slot = dying->maps->slots[s];
    if (!slot.in_use) continue;
    if (const Tables* granter = find(slot.granter)) {
      GrantEntry& e = granter->grants->entries[slot.ref];
      if (e.map_count > 0) --e.map_count;
    }
    sink_.unmapped(domain, MapTable::gfn_of(s));
    slot = MapSlot{};
  }
  for (abi::DomainId d = 0; d < kMaxDomains; ++d) {
    const Tables* other = find(d);
    if (other == nullptr || d == domain) continue;
    // 2. Others' mappings of the dying domain's pages: forced out.
    for (std::uint32_t s = 0; s < abi::kGrantMapSlots; ++s) {
      MapSlot& slot = other->maps->slots[s];
      if (!slot.in_use || slot.granter != domain) continue;
      sink_.unmapped(d, MapTable::gfn_of(s));
      slot = MapSlot{};
    }
    // 3. Grants issued to the dying domain: forgotten, so a later domain
    //    with the same id cannot map them.
    for (GrantEntry& e : other->grants->entries)
      if (e.in_use && e.grantee == domain) e = GrantEntry{};
  }
  tables_[domain] = Tables{};
}

Reply<abi::GrantRef> GrantRouter::grant(abi::DomainId caller, abi::DomainId grantee,
                                        std::uint64_t gfn, bool readonly) {
  Lock g(lock_);
  const Tables* t = find(caller);
  if (t == nullptr) return kNoCaller;
  if (find(grantee) == nullptr) return kNoDomain;
  if (grantee == caller) return refuse(E::inval, "a domain cannot grant to itself");
  for (abi::GrantRef ref = 0; ref < abi::kMaxGrants; ++ref) {
    GrantEntry& e = t->grants->entries[ref];
    if (e.in_use) continue;
    e = GrantEntry{true, readonly, grantee, gfn, 0};
    return ref;
  }
  return refuse(E::nospc, "grant table full");
}

Outcome GrantRouter::revoke(abi::DomainId caller, abi::GrantRef ref) {
  Lock g(lock_);
  const Tables* t = find(caller);
  if (t == nullptr) return kNoCaller;
  if (ref >= abi::kMaxGrants) return refuse(E::inval, "grant reference out of range");
  GrantEntry& e = t->grants->entries[ref];
  if (!e.in_use) return refuse(E::noent, "grant reference not in use");
  if (e.map_count != 0) return refuse(E::busy, "grant is still mapped");
  e = GrantEntry{};
  return done();
}

Reply<GrantMapping> GrantRouter::map(abi::DomainId caller, abi::DomainId granter, abi::GrantRef ref,
                                     bool readonly) {
  Lock g(lock_);
  return map_locked(caller, granter, ref, readonly);
}

Reply<GrantMapping> GrantRouter::map_locked(abi::DomainId caller, abi::DomainId granter,
                                            abi::GrantRef ref, bool readonly) {
  const Tables* mine = find(caller);
  if (mine == nullptr) return kNoCaller;
  const Tables* theirs = find(granter);
  if (theirs == nullptr) return kNoDomain;
  if (ref >= abi::kMaxGrants) return refuse(E::inval, "grant reference out of range");
  GrantEntry& e = theirs->grants->entries[ref];
  if (!e.in_use) return refuse(E::noent, "grant reference not in use");
  if (e.grantee != caller) return refuse(E::perm, "page not granted to the caller");
  if (e.readonly && !readonly) return refuse(E::perm, "read-only grant mapped writable");
  if (e.map_count == UINT32_MAX) return refuse(E::nospc, "grant map count saturated");
  for (std::uint32_t s = 0; s < abi::kGrantMapSlots; ++s) {
    MapSlot& slot = mine->maps->slots[s];
    if (slot.in_use) continue;
    slot = MapSlot{true, readonly, granter, ref};
    ++e.map_count;
    return GrantMapping{MapTable::gfn_of(s), granter, e.gfn, readonly};
  }
  return refuse(E::nospc, "grant-map window full");
}

Reply<GrantMapping> GrantRouter::lookup(abi::DomainId caller, std::uint64_t gfn) const {
  Lock g(lock_);
  return lookup_locked(caller, gfn);
}

Reply<GrantMapping> GrantRouter::lookup_locked(abi::DomainId caller, std::uint64_t gfn) const {
  const Tables* mine = find(caller);
  if (mine == nullptr) return kNoCaller;
  if (!abi::in_grant_map_window(gfn)) return refuse(E::inval, "gfn is not in the grant-map window");
  const MapSlot& slot = mine->maps->slots[MapTable::slot_of(gfn)];
  if (!slot.in_use) return refuse(E::noent, "nothing mapped at this gfn");
  const Tables* theirs = find(slot.granter);
  std::uint64_t granter_gfn = theirs ? theirs->grants->entries[slot.ref].gfn : 0;
  return GrantMapping{gfn, slot.granter, granter_gfn, slot.readonly};
}

Outcome GrantRouter::unmap(abi::DomainId caller, std::uint64_t gfn) {
  Lock g(lock_);
  return unmap_locked(caller, gfn);
}

Outcome GrantRouter::unmap_locked(abi::DomainId caller, std::uint64_t gfn) {
  const Tables* mine = find(caller);
  if (mine == nullptr) return kNoCaller;
  if (!abi::in_grant_map_window(gfn)) return refuse(E::inval, "gfn is not in the grant-map window");
  MapSlot& slot = mine->maps->slots[MapTable::slot_of(gfn)];
  if (!slot.in_use) return refuse(E::noent, "nothing mapped at this gfn");
  if (const Tables* theirs = find(slot.granter)) {
    GrantEntry& e = theirs->grants->entries[slot.ref];
    if (e.map_count > 0) --e.map_count;
  }
  slot = MapSlot{};
  return done();
}

Reply<std::uint64_t> GrantRouter::execute(const Request& q) {
  switch (q.call) {
    case H::grant_access: {
      auto r = grant(q.caller, q.grant_access.grantee, q.grant_access.gfn, q.grant_access.readonly);
      if (!r.ok()) return r.refusal;
      return std::uint64_t{r.value};
    }
    case H::grant_revoke: {
      auto r = revoke(q.caller, q.grant_revoke.ref);
      if (!r.ok()) return r.refusal;
      return std::uint64_t{0};
    }
    case H::grant_map: {
      // The slot, the count and the EPT entry change under one hold of the
      // lock: no unmap, revoke or teardown can run between them.
      const auto& a = q.grant_map;
      Lock g(lock_);
      auto m = map_locked(q.caller, a.granter, a.ref, a.readonly);
      if (!m.ok()) return m.refusal;
      auto installed = sink_.install(q.caller, m.value);
      if (!installed.ok()) {
        auto undone = unmap_locked(q.caller, m.value.gfn);
        (void)undone;  // cannot fail: the slot is ours and still in use
        return installed.refusal;
      }
      return m.value.gfn;
    }
    case H::grant_unmap: {
      // Likewise: the EPT entry goes before the count drops, under the lock.
      Lock g(lock_);
      auto found = lookup_locked(q.caller, q.grant_unmap.gfn);
      if (!found.ok()) return found.refusal;
      sink_.unmapped(q.caller, q.grant_unmap.gfn);
      auto r = unmap_locked(q.caller, q.grant_unmap.gfn);
      (void)r;  // cannot fail: lookup_locked found the slot in use
      return std::uint64_t{0};
    }
    default:
      return refuse(E::nosys, "not a grant hypercall");
  }
}

}  // namespace hcall
