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

hcall::Reply<std::uint64_t> domctl(Domain& caller, const hcall::Request& q,
                                   hcall::GuestMemory& memory);
hcall::Reply<std::uint64_t> sysctl(Domain& caller, const hcall::Request& q,
                                   hcall::GuestMemory& memory);

}  // namespace hv::control
