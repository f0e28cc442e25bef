// What connects domains: the event-channel router (Xen-style ports over
// each domain's shared-info page) and the grant router (pages one domain
// grants another, mapped into the grantee's EPT). The routers and their
// semantics are the portable hcall library; this file supplies the
// hypervisor's side: waking a domain when it is notified, EPT changes for
// grant maps, and attaching/detaching domains.
//
// Locking: each router has its own lock (taken inside its methods). The
// event sink runs after the event lock is released and takes a domain
// reference, then vCPU and scheduler locks; the grant sink runs with the
// grant lock held and takes the domain table lock (for references), then
// the grantee's EPT lock (ept/ept.h) and the frame allocator's. Order:
// grant lock -> domain table lock -> EPT lock -> frame allocator.
#pragma once

#include "hcall/event_router.h"
#include "hcall/grant_router.h"
#include "hv/domain.h"

namespace hv::links {

hcall::EventRouter& events();
hcall::GrantRouter& grants();

// A built domain joins both routers (before its vCPUs first run).
support::Status attach(Domain& d);
// Every port closed and every grant mapping dropped, before its memory goes.
// Returns the EPT generation to wait for before its frames may be reused.
std::uint64_t detach(Domain& d);
// Timer virq (when the domain bound one), from the pCPU that fired the timer.
void raise_timer_virq(Domain& d);
// Console virq (console input for the owner), and a wake-up of its vCPU 0.
void raise_console_virq(Domain& d);

// EPT entries of some domain changed in a way other CPUs may have cached:
// every CPU flushes EPT translations before its next VM entry. Returns the
// new generation.
std::uint64_t ept_changed();
// Called before each VM entry: flushes this CPU's EPT translations when
// ept_changed() happened since its last flush; marks the CPU in a guest.
void sync_ept_on_this_cpu();
// After each VM exit: the CPU no longer uses guest translations.
void left_guest_on_this_cpu();
// Every CPU has either flushed since generation `gen` or is not in a guest.
bool ept_flushed_everywhere(std::uint64_t gen);

}  // namespace hv::links
