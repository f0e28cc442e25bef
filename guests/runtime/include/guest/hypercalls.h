// Typed wrappers for every hypercall of the guest ABI (tactus/abi.h,
// docs/hypercalls.md), shared by every guest and the management domain.
// Each wrapper takes typed arguments, builds any argument struct on the
// caller's stack (guests run identity-mapped, so an address is its gpa)
// and returns a Reply: the non-negative result or the ABI errno. The
// helpers at the end poll event-channel bits in the shared-info page for
// guests that block instead of taking upcalls. Single-vCPU guests: no
// locking (event bits are changed with atomic operations).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "tactus/abi.h"
#include "tactus/domctl.h"
#include "tactus/event.h"
#include "tactus/grant.h"
#include "tactus/sysctl.h"

namespace guest::hc {

namespace abi = tactus::abi;

// What a hypercall returned: a value >= 0 or a negative errno.
class Reply {
 public:
  constexpr explicit Reply(std::int64_t raw) : raw_(raw) {}
  constexpr bool ok() const { return raw_ >= 0; }
  constexpr std::uint64_t value() const { return ok() ? static_cast<std::uint64_t>(raw_) : 0; }
  constexpr abi::Errno error() const {
    return ok() ? abi::Errno::ok : static_cast<abi::Errno>(raw_);
  }
  constexpr std::int64_t raw() const { return raw_; }

 private:
  std::int64_t raw_;
};

// The raw call (up to three arguments: every call of ABI version 1 fits).
Reply call(abi::Hypercall nr, std::uint64_t a0 = 0, std::uint64_t a1 = 0, std::uint64_t a2 = 0);

// 0x00 console
Reply console_write(std::string_view text);  // at most kConsoleWriteMax bytes per call
Reply console_read(std::span<char> buffer);  // privileged; -> bytes copied (0: none)

// 0x10 scheduling
Reply sched_yield();
Reply sched_block();
Reply sched_set_timer(std::uint64_t deadline_ns);
[[noreturn]] void sched_shutdown(abi::ShutdownReason reason);

// 0x20 event channels
Reply evtchn_alloc_unbound(abi::DomainId remote);
Reply evtchn_bind_interdomain(abi::DomainId remote, abi::EventPort remote_port);
Reply evtchn_bind_virq(abi::Virq virq);
Reply evtchn_send(abi::EventPort port);
Reply evtchn_close(abi::EventPort port);
Reply evtchn_mask(abi::EventPort port);
Reply evtchn_unmask(abi::EventPort port);
Reply evtchn_set_upcall_vector(std::uint64_t vector);

// 0x30 grant tables
Reply grant_access(abi::DomainId grantee, std::uint64_t gfn, bool readonly);
Reply grant_revoke(abi::GrantRef ref);
Reply grant_map(abi::DomainId granter, abi::GrantRef ref, bool readonly);  // -> gfn
Reply grant_unmap(std::uint64_t gfn);

// 0x40 domain control (privileged)
Reply domctl_create(std::string_view config);  // xl.cfg text -> new domain id
Reply domctl_destroy(abi::DomainId domain);
Reply domctl_pause(abi::DomainId domain);
Reply domctl_unpause(abi::DomainId domain);
Reply domctl_get_info(abi::DomainId domain, abi::DomainInfo& out);
Reply domctl_list(std::span<abi::DomainId> ids);  // -> count (may exceed ids.size())
Reply domctl_get_vcpu_sched(abi::DomainId domain, std::uint32_t vcpu, abi::VcpuSchedParams& out);
Reply domctl_set_vcpu_sched(abi::DomainId domain, std::uint32_t vcpu,
                            const abi::VcpuSchedParams& params);
Reply domctl_set_affinity(abi::DomainId domain, std::uint32_t vcpu, const abi::CpuMask& cpus);

// 0x50 system control (privileged)
Reply sysctl_physinfo(abi::PhysInfo& out);
Reply sysctl_read_log(abi::LogRead& cursor);  // cursor.buffer_gpa/len set by the caller
Reply sysctl_cpupool_create(const abi::CpupoolCreate& params);  // -> pool id
Reply sysctl_cpupool_destroy(abi::PoolId pool);
Reply sysctl_cpupool_rename(abi::PoolId pool, std::string_view name);
Reply sysctl_cpupool_cpu_add(abi::PoolId pool, std::uint32_t cpu);
Reply sysctl_cpupool_cpu_remove(abi::PoolId pool, std::uint32_t cpu);
Reply sysctl_cpupool_migrate(abi::PoolId pool, abi::DomainId domain);
Reply sysctl_cpupool_list(std::span<abi::PoolId> ids);  // -> count
Reply sysctl_cpupool_info(abi::PoolId pool, abi::CpupoolInfo& out);
Reply sysctl_cpupool_numa_split();  // -> number of pools afterwards

// Event bits in this domain's shared-info page, for guests that poll
// instead of taking upcalls: take_pending clears the port's pending bit
// (and vCPU 0's upcall_pending / pending_sel) and says whether it was set.
bool take_pending(abi::EventPort port);

}  // namespace guest::hc
