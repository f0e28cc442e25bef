// Domains: an isolated guest with its own memory (host frames mapped by its
// own EPT), its vCPUs, its shared-info page and its console. build() makes
// one from a kernel image (its vCPUs asleep, in no pool yet); the scheduling
// layer (hv/schedule.h) adds it to a pool, ends it and reaps it, which
// returns every frame through destroy().
//
// Locking: the domain table is changed under a table lock (build, destroy,
// find, get). A domain's fields are written while it is built (by the
// builder alone), and afterwards only `state`, `end_reason` (first writer
// wins, via `ending`) and the console line (by the pCPU running its vCPU; a
// domain's console is fed by one vCPU at a time in this version).
//
// Lifetime: a Domain (its memory, EPT and shared-info page) stays valid
// while any of these holds, and code that keeps a Domain* must be in one:
//  - it holds a domains::Ref (domains::get), which try_destroy() waits for;
//  - it runs on the pCPU where one of the domain's vCPUs is loaded (the
//    reaper waits until none is);
//  - it holds a router lock (hv/links.h) and the domain is attached to that
//    router (the reaper detaches under the lock before it destroys);
//  - it is the builder, before the domain is published, or the reaper.
// find() returns a bare pointer for callers in one of the last three; any
// other caller (domain 0's domctl handlers among them) uses get(). A Ref is
// held for a bounded time (one hypercall
// or one notification), never across a block, so a reap that finds
// references left simply retries from the scheduling loop. Lock order:
// domain table lock -> a domain's EPT lock -> frame allocator.
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
#include "mm/populator.h"
#include "sched/pool.h"
#include "support/bytes.h"
#include "support/error.h"
#include "support/format.h"
#include "support/token_bucket.h"
#include "tactus/shared_info.h"

namespace hv {

constexpr std::uint32_t kMaxDomains = 32;
constexpr std::uint32_t kMaxMemoryRuns = 128;
constexpr std::size_t kMaxNameLength = 31;
// Console output of a domain other than the console owner: a burst of
// 32 KiB, then 4 KiB a second (a third of the 115200-baud console); the
// rest is dropped and counted, never waited for.
constexpr std::uint64_t kConsoleBurstBytes = 32 * 1024;
constexpr std::uint64_t kConsoleBytesPerSecond = 4 * 1024;

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
  // Under the console lock (hv/console.h): the rate limit of its console
  // output and the bytes it dropped (reported when output resumes).
  support::TokenBucket console_quota{kConsoleBurstBytes, kConsoleBytesPerSecond};
  std::uint64_t console_dropped = 0;
  std::uint64_t console_dropped_unreported = 0;
  std::atomic<bool> ending{false};     // set once by whoever ends the domain
  std::atomic<std::uint32_t> refs{0};  // domains::Ref holders (see Lifetime above)
  const char* end_reason = "";
  std::uint64_t end_rip = 0;
  std::uint64_t started_ns = 0;
  // Its memory's population while it is built (domains::populate_step).
  mm::Populator populator;

  // Guest-physical to host-physical for [gpa, gpa+len) when it lies in one
  // page of this domain's memory (which the identity map makes readable).
  support::Result<std::uint8_t*> guest_bytes(std::uint64_t gpa, std::uint64_t len);
  // The shared-info page, found (and checked) once when the domain is built.
  tactus::abi::SharedInfo& shared_info() { return *shared_info_page; }
  tactus::abi::SharedInfo* shared_info_page = nullptr;
};

namespace domains {

// Builds a domain; its vCPUs are asleep and in no pool. Must run on a CPU
// in VMX operation; the VMCS current on this CPU stays current.
support::Result<Domain*> build(const DomainSpec& spec);
// build() in three parts, for a builder that spreads the memory work over
// many short steps (domctl_create, hv/hypercall.h). begin_build() checks
// the spec, reserves a slot, the name and an id, and checks that free
// memory suffices; populate_step() zeroes and maps at most `max_bytes`
// more of its memory (true once all of it is there); finish_build() loads
// the kernel, modules and start_info and creates the vCPUs from `spec`
// (its name and memory size are those given to begin_build) and publishes
// the domain. Until then nobody can find or reach it. An error from
// populate_step() or finish_build() has already abandoned it;
// abandon_build() tears down a partial domain and returns its memory.
support::Result<Domain*> begin_build(const DomainSpec& spec);
support::Result<bool> populate_step(Domain& d, std::uint64_t max_bytes);
support::Result<Domain*> finish_build(Domain& d, const DomainSpec& spec);
void abandon_build(Domain& d);
// A counted reference to a live domain (see Lifetime above); empty when no
// domain has the id. Move-only; the count drops when it goes.
class Ref {
 public:
  Ref() = default;
  explicit Ref(Domain* d) : d_(d) {}
  Ref(Ref&& o) : d_(o.d_) { o.d_ = nullptr; }
  Ref& operator=(Ref&&) = delete;
  Ref(const Ref&) = delete;
  Ref& operator=(const Ref&) = delete;
  ~Ref() {
    if (d_ != nullptr) d_->refs.fetch_sub(1, std::memory_order_release);
  }
  explicit operator bool() const { return d_ != nullptr; }
  Domain* operator->() const { return d_; }
  Domain& operator*() const { return *d_; }

 private:
  Domain* d_ = nullptr;
};

// Returns every frame and frees the slot, unless a Ref is still held (then
// nothing changes and it returns false: try again later). Its vCPUs must be
// out of every scheduler and loaded nowhere.
bool try_destroy(Domain& d);
// try_destroy until it succeeds (for builders undoing a domain that never
// ran; References are short, so the wait is too).
void destroy(Domain& d);
Ref get(std::uint32_t id);
Domain* find(std::uint32_t id);  // only under the Lifetime rule's other cases
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
