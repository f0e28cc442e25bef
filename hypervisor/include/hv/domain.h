// Domains: an isolated guest with its own memory (host frames mapped by its
// own EPT), its vCPUs' hardware contexts and its console. build() makes one
// from a kernel image; destroy() returns every frame. The domain table is
// changed only by the BSP during boot in this version; a domain's state is
// changed only by the CPU running its vCPU.
#pragma once

#include <cstdint>
#include <string_view>

#include "arch/vmcs.h"
#include "ept/ept.h"
#include "support/bytes.h"
#include "support/error.h"
#include "support/format.h"

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

struct DomainSpec {
  std::string_view name;
  support::Bytes kernel;
  std::string_view cmdline;
  std::uint64_t memory_bytes = 0;
};

struct Domain {
  std::uint32_t id = 0;
  char name[kMaxNameLength + 1] = {};
  DomainState state = DomainState::building;
  std::uint64_t memory_bytes = 0;
  MemoryRun runs[kMaxMemoryRuns];
  std::uint32_t run_count = 0;
  ept::Ept ept;
  arch::vmx::VcpuContext vcpu;
  std::uint64_t vmcs_frame = 0;
  support::FixedString<160> console_line;
  std::uint64_t exits = 0;
  const char* end_reason = "";

  // Guest-physical to host-physical for [gpa, gpa+len) when it lies in one
  // page of this domain's memory (which the identity map makes readable).
  support::Result<std::uint8_t*> guest_bytes(std::uint64_t gpa, std::uint64_t len);
};

namespace domains {

support::Result<Domain*> build(const DomainSpec& spec);
void destroy(Domain& d);
// Ends a domain because of a guest fault: one log line, every other domain runs on.
void crash(Domain& d, const char* reason);
Domain* find(std::uint32_t id);

}  // namespace domains
}  // namespace hv
