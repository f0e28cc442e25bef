// vnet::Platform: the few services netfront and netback need from the
// hypervisor, so the state machines and stages run unchanged on the host
// over fakes. A guest or domain 0 implements it with hypercalls
// (grant_access/map/unmap, a grant copy, event channels, the console log).
//
// LOCKING: called from the one thread that drives the netfront or the
// netback stages; implementations need no locking of their own for vnet.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "support/error.h"
#include "tactus/abi.h"
#include "tactus/event.h"
#include "tactus/grant.h"

namespace vnet {

using tactus::abi::DomainId;
using tactus::abi::EventPort;
using tactus::abi::GrantRef;

// One guest page, as the frontend grants it.
struct alignas(4096) Page {
  std::uint8_t bytes[tactus::abi::kPageSize];
};

class Platform {
 public:
  // Frontend: grant one of our pages to `grantee` (read-only or writable).
  virtual support::Result<GrantRef> grant_access(DomainId grantee, Page& page, bool readonly) = 0;
  virtual support::Status grant_revoke(GrantRef ref) = 0;
  // Backend: map a page `granter` granted us (the ring pages) and unmap it.
  virtual support::Result<void*> map_grant(DomainId granter, GrantRef ref) = 0;
  virtual support::Status unmap_grant(void* mapped) = 0;
  // Backend: copy between our memory and a page `granter` granted us. Fails
  // (and copies nothing) for a reference that is not granted to us or a
  // range outside the page.
  virtual support::Status copy_from_grant(DomainId granter, GrantRef ref, std::uint32_t offset,
                                          std::span<std::uint8_t> dst) = 0;
  virtual support::Status copy_to_grant(DomainId granter, GrantRef ref, std::uint32_t offset,
                                        std::span<const std::uint8_t> src) = 0;
  // Event channels.
  virtual support::Result<EventPort> alloc_unbound(DomainId remote) = 0;
  virtual support::Result<EventPort> bind_interdomain(DomainId remote, EventPort remote_port) = 0;
  virtual support::Status close_port(EventPort port) = 0;
  virtual void notify(EventPort port) = 0;
  // One line for the log (no newline).
  virtual void log(std::string_view line) = 0;

 protected:
  ~Platform() = default;
};

}  // namespace vnet
