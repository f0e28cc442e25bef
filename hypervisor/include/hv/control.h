// Domain control and system control hypercalls for privileged domains:
// create/destroy/pause/unpause/info/list, vCPU scheduling parameters and
// affinity, physical information, the hypervisor log, and CPU pools through
// the sched/ PoolManager. Requests arrive decoded and validated
// (hcall/decode.h); what needs live state (does the domain exist, does the
// pool accept the CPU) is checked here, and a refusal changes nothing.
// Pool changes run under schedule::config_lock().
#pragma once

#include "hcall/guest_memory.h"
#include "hcall/reply.h"
#include "hcall/request.h"
#include "hv/domain.h"

namespace hv::control {

// domctl_create builds the domain over many rounds, one per VM exit
// (hv/hypercall.h continues the call): the first checks the configuration
// and reserves a partial domain in `caller.continuation.building`, each
// next one zeroes and maps at most kCreateStepBytes of its memory, and the
// last loads and starts it. `more` is true while rounds are due. The
// partial domain is no one else's to see; hypercall::abandon() tears it
// down when the caller leaves the call or ends.
constexpr std::uint64_t kCreateStepBytes = 64 * 1024;
hcall::Reply<std::uint64_t> create_round(Vcpu& caller, const hcall::DomainCreateArgs& a,
                                         bool& more);
hcall::Reply<std::uint64_t> domctl(const hcall::Request& q, hcall::GuestMemory& memory);
hcall::Reply<std::uint64_t> sysctl(Domain& caller, const hcall::Request& q,
                                   hcall::GuestMemory& memory);

}  // namespace hv::control
