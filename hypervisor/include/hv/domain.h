// Domains: an isolated guest with its own memory (host frames mapped by its
// own EPT), its vCPUs, its shared-info page and its console. build() makes
// one from a kernel image (its vCPUs asleep, in no pool yet); the scheduling
// layer (hv/schedule.h) adds it to a pool, ends it and reaps it, which
// returns every frame through destroy().
//
// Locking: the domain table is changed under a table lock (build, destroy,
// find). A domain's fields are written while it is built (by the builder
// alone), and afterwards only `state`, `end_reason` (first writer wins, via
// `ending`) and the console line (by the pCPU running its vCPU; a domain's
// console is fed by one vCPU at a time in this version).
#pragma once

#include <cstdint>
#include <string_view>

#include <atomic>
#include <span>

#include "arch/vmcs.h"
#include "ept/ept.h"
#include "hcall/event_table.h"
#include "hcall/grant_table.h"
#include "hv/vcpu.h"
#include "sched/pool.h"
#include "support/bytes.h"
#include "support/error.h"
#include "support/format.h"
#include "tactus/shared_info.h"

namespace hv {

constexpr std::uint32_t kMaxDomains = 32;
constexpr std::uint32_t kMaxMemoryRuns = 128;
constexpr std::size_t kMaxNameLength = 31;

enum class DomainState : std::uint8_t { building, running, shut_down, crashed };

struct MemoryRun {
  std::uint64_t guest_physical;
  std::uint64_t host_physical;
  std::uint64_t bytes;
};

// A boot module handed to a domain (PVH start_info module list).
struct SpecModule {
  std::string_view name;
  support::Bytes bytes;
};
constexpr std::uint32_t kMaxSpecModules = 16;

struct DomainSpec {
  std::string_view name;
  support::Bytes kernel;
  std::string_view cmdline;
  std::uint64_t memory_bytes = 0;
  std::uint32_t vcpus = 1;
  bool privileged = false;
  std::span<const SpecModule> modules;  // copied to the top of its memory
};

// Guest-physical layout below the kernel (which guest.ld places at 1 MiB).
constexpr std::uint64_t kStartInfoGpa = 0x1000;   // start_info + memory map
constexpr std::uint64_t kModlistGpa = 0x1400;     // module list (up to 16 entries)
constexpr std::uint64_t kModNamesGpa = 0x1600;    // module names, NUL-terminated
constexpr std::uint64_t kCmdlineGpa = 0x1800;     // command line, NUL-terminated
constexpr std::uint64_t kSharedInfoGpa = 0x2000;  // tactus::abi::SharedInfo
constexpr std::uint64_t kFirstKernelGpa = 0x3000;

struct Domain {
  std::uint32_t id = 0;
  char name[kMaxNameLength + 1] = {};
  DomainState state = DomainState::building;
  std::uint64_t memory_bytes = 0;
  MemoryRun runs[kMaxMemoryRuns];
  std::uint32_t run_count = 0;
  ept::Ept ept;
  bool privileged = false;
  Vcpu vcpus[kMaxVcpus];
  std::uint32_t vcpu_count = 0;
  sched::Domain sched{0};
  // Event channels over the shared-info page, and the grants this domain
  // issued and mapped (owned by hv/links.h's routers while attached).
  alignas(hcall::EventTable) unsigned char event_storage[sizeof(hcall::EventTable)];
  hcall::EventTable* events = nullptr;
  hcall::GrantTable grants;
  hcall::MapTable maps;
  bool paused = false;            // under the pool configuration lock (hv/schedule.h)
  std::uint64_t detached_at = 0;  // EPT generation of its detach from the routers (reaping)
  support::FixedString<300> console_line;
  std::atomic<bool> ending{false};  // set once by whoever ends the domain
  const char* end_reason = "";
  std::uint64_t end_rip = 0;
  std::uint64_t started_ns = 0;

  // Guest-physical to host-physical for [gpa, gpa+len) when it lies in one
  // page of this domain's memory (which the identity map makes readable).
  support::Result<std::uint8_t*> guest_bytes(std::uint64_t gpa, std::uint64_t len);
  tactus::abi::SharedInfo& shared_info();
};

namespace domains {

// Builds a domain; its vCPUs are asleep and in no pool. Must run on a CPU
// in VMX operation; the VMCS current on this CPU stays current.
support::Result<Domain*> build(const DomainSpec& spec);
// Returns every frame and frees the slot. Its vCPUs must be out of every
// scheduler and loaded nowhere.
void destroy(Domain& d);
Domain* find(std::uint32_t id);
// Calls f(Domain&) for every live domain (slots are static, so a domain
// being reaped concurrently is seen either whole or not at all).
template <typename F>
void for_each(F&& f);
std::uint32_t count();

namespace detail {
Domain* slot(std::uint32_t i);
}  // namespace detail

template <typename F>
void for_each(F&& f) {
  for (std::uint32_t i = 0; i < kMaxDomains; ++i)
    if (Domain* d = detail::slot(i)) f(*d);
}

}  // namespace domains
}  // namespace hv
