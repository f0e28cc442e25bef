// GrantRouter: grant-table semantics across domains. A domain grants one of
// its pages to exactly one other domain (grant_access -> ref); only that
// grantee may map it (grant_map -> the gfn in the grantee's grant-map
// window); revoke is refused with EBUSY while any mapping exists; a domain's
// teardown drops every mapping it holds, force-unmaps every mapping of its
// own pages held by others (through GrantSink) and forgets every grant
// issued to it.
//
// What the hypervisor does around it: after map() succeeds it installs the
// EPT entry caller:gfn -> granter's frame at granter_gfn (read-only if
// asked) and calls unmap() to roll back when that fails; for unmap it first
// calls lookup() to learn the gfn is mapped, removes the EPT entry and
// flushes, then calls unmap(), so the granter never sees its map count drop
// while the grantee can still reach the page.
//
// Locking: one SpinLock guards every attached table. GrantSink::unmapped()
// is called with that lock held (teardown only), so it must not call back
// into the router; lock order: grant lock -> EPT/domain locks.
#pragma once

#include <cstdint>

#include "hcall/grant_table.h"
#include "hcall/reply.h"
#include "hcall/request.h"
#include "support/spinlock.h"

namespace hcall {

class GrantSink {
 public:
  // Remove the grant mapping at `gfn` from `mapper`'s EPT (and flush).
  virtual void unmapped(abi::DomainId mapper, std::uint64_t gfn) = 0;

 protected:
  GrantSink() = default;
  GrantSink(const GrantSink&) = default;
  GrantSink& operator=(const GrantSink&) = default;
  ~GrantSink() = default;
};

// What the caller's new mapping points at.
struct GrantMapping {
  std::uint64_t gfn = 0;  // in the caller's grant-map window
  abi::DomainId granter = abi::kDomainInvalid;
  std::uint64_t granter_gfn = 0;
  bool readonly = false;
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

  // Runs grant_access / grant_revoke (the value is the ref, or 0). grant_map
  // and grant_unmap need the hypervisor's EPT steps around map()/unmap(), so
  // they are refused here with ENOSYS, like requests of other groups.
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

  GrantSink& sink_;
  mutable support::SpinLock lock_;
  Tables tables_[kMaxDomains] = {};
};

}  // namespace hcall
