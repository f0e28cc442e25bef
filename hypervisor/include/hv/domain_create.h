// Creating a running domain from a parsed xl.cfg configuration: the kernel
// is a boot module named by `kernel`, the pool is looked up by name, each
// vCPU's real-time parameters become its scheduler parameters. Used for the
// boot-time domains of configuration modules and by domctl_create.
// Boot modules are recorded once by the BSP at boot, read-only afterwards.
#pragma once

#include <string_view>

#include "bootinfo/multiboot2.h"
#include "domcfg/domain_config.h"
#include "hv/domain.h"
#include "support/error.h"

namespace hv::domain_create {

// BSP, at boot: remembers the modules (names are their command lines' first word).
void set_boot_modules(const bootinfo::BootInfo& info);
// The module named `name`, or an error.
support::Result<support::Bytes> find_module(std::string_view name);

// Builds, places and starts the domain. On error nothing is left behind.
support::Result<Domain*> create(const domcfg::DomainConfig& cfg);
// create() in parts, for domctl_create's continued calls (hv/hypercall.h):
// begin() checks the configuration and reserves a partial domain
// (domains::begin_build); the caller populates it with
// domains::populate_step(); finish() builds, places and starts it from
// `cfg` as it reads then (an error abandons it: nothing is left behind).
support::Result<Domain*> begin(const domcfg::DomainConfig& cfg);
support::Result<Domain*> finish(Domain& partial, const domcfg::DomainConfig& cfg);

// BSP, at boot: the module named `dom0` becomes domain 0 (privileged, in
// Pool-0, owner of the console) with every *.cfg and *.sh module handed to
// it. Returns false when there is no such module; logs why it failed.
bool create_dom0(std::uint64_t memory_mib);

// BSP, at boot: every module whose name ends in ".cfg" is a configuration
// module; each domain in it is created, a bad one is reported with its line
// number and skipped. Returns how many domains were created.
std::uint32_t create_boot_domains();

}  // namespace hv::domain_create
