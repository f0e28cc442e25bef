// GrantRouter: grant-table semantics across domains. A domain grants one of
// its pages to exactly one other domain (grant_access -> ref); only that
// grantee may map it (grant_map -> the gfn in the grantee's grant-map
// window); revoke is refused with EBUSY while any mapping exists; a domain's
// teardown drops every mapping it holds, force-unmaps every mapping of its
// own pages held by others (through GrantSink) and forgets every grant
// issued to it.
//
// The hypervisor's part is GrantSink: install() puts a new mapping into the
// grantee's EPT (caller:gfn -> the granter's frame at granter_gfn, read-only
// if asked) and unmapped() takes one out and flushes. execute() runs all four
// grant hypercalls; for map it claims the slot, then install()s (rolled back
// when install fails); for unmap it finds the slot, unmapped()s, then drops
// the count, so the granter never sees its count drop while the grantee can
// still reach the page.
//
// Locking: one SpinLock guards every attached table, and a grant's
// bookkeeping and its EPT entry change together under it: execute() holds
// it across map + install and lookup + unmapped + unmap, teardown() across
// all its unmapped() calls. So no grant operation of any vCPU, and no
// teardown of either domain, sees a slot without its EPT entry or an EPT
// entry without its slot. Sinks run with the lock held and must never call
// back into the router. Lock order: grant lock -> domain table lock -> a
// domain's EPT lock -> frame allocator (docs/architecture.md). Lifetime: a
// domain is attached before its vCPUs first run and torn down (under this
// lock) before its memory is freed, so a sink may use any attached domain
// for as long as it runs.
#pragma once

#include <cstdint>

#include "hcall/grant_table.h"
#include "hcall/reply.h"
#include "hcall/request.h"
#include "support/spinlock.h"

namespace hcall {

// What the caller's new mapping points at.
struct GrantMapping {
  std::uint64_t gfn = 0;  // in the caller's grant-map window
  abi::DomainId granter = abi::kDomainInvalid;
  std::uint64_t granter_gfn = 0;
  bool readonly = false;
};

class GrantSink {
 public:
  // Map the page of `m` into `mapper` at m.gfn (read-only if m.readonly).
  virtual Outcome install(abi::DomainId mapper, const GrantMapping& m) = 0;
  // Remove the grant mapping at `gfn` from `mapper`'s EPT (and flush).
  virtual void unmapped(abi::DomainId mapper, std::uint64_t gfn) = 0;

 protected:
  GrantSink() = default;
  GrantSink(const GrantSink&) = default;
  GrantSink& operator=(const GrantSink&) = default;
  ~GrantSink() = default;
};

class GrantRouter {
 public:
  static constexpr std::uint32_t kMaxDomains = 64;

  explicit GrantRouter(GrantSink& sink) : sink_(sink) {}
  GrantRouter(const GrantRouter&) = delete;
  GrantRouter& operator=(const GrantRouter&) = delete;

  Outcome attach(abi::DomainId domain, GrantTable& grants, MapTable& maps);
  void teardown(abi::DomainId domain);
  bool attached(abi::DomainId domain) const;

  Reply<abi::GrantRef> grant(abi::DomainId caller, abi::DomainId grantee, std::uint64_t gfn,
                             bool readonly);
  Outcome revoke(abi::DomainId caller, abi::GrantRef ref);
  Reply<GrantMapping> map(abi::DomainId caller, abi::DomainId granter, abi::GrantRef ref,
                          bool readonly);
  Reply<GrantMapping> lookup(abi::DomainId caller, std::uint64_t gfn) const;
  Outcome unmap(abi::DomainId caller, std::uint64_t gfn);

  // Runs one decoded grant hypercall with the sink's EPT steps; the value is
  // what goes to rax on success (a ref, a gfn, or 0). ENOSYS for requests of
  // other groups.
  Reply<std::uint64_t> execute(const Request& request);

  // Read access for tests and invariant checks (no lock).
  const GrantTable* grants(abi::DomainId domain) const;
  const MapTable* maps(abi::DomainId domain) const;

 private:
  struct Tables {
    GrantTable* grants = nullptr;
    MapTable* maps = nullptr;
  };
  const Tables* find(abi::DomainId domain) const;
  Reply<GrantMapping> map_locked(abi::DomainId caller, abi::DomainId granter, abi::GrantRef ref,
                                 bool readonly);
  Reply<GrantMapping> lookup_locked(abi::DomainId caller, std::uint64_t gfn) const;
  Outcome unmap_locked(abi::DomainId caller, std::uint64_t gfn);

  GrantSink& sink_;
  mutable support::SpinLock lock_;
  Tables tables_[kMaxDomains] = {};
};

}  // namespace hcall
