// Typed hypercall wrappers (see guest/hypercalls.h) and the boot-module
// list (guest/modules.h). Single-vCPU guests: no locking.
#include "guest/hypercalls.h"

#include <atomic>

#include "arch/hypercall.h"
#include "guest/modules.h"
#include "guest/runtime.h"
#include "support/text.h"
#include "tactus/shared_info.h"

namespace guest::hc {
namespace {

using H = abi::Hypercall;

std::uint64_t gpa(const void* p) { return reinterpret_cast<std::uint64_t>(p); }
std::uint64_t u(abi::Virq v) { return static_cast<std::uint64_t>(v); }

}  // namespace

Reply call(abi::Hypercall nr, std::uint64_t a0, std::uint64_t a1, std::uint64_t a2) {
  return Reply(arch::hypercall(static_cast<std::uint64_t>(nr), a0, a1, a2));
}

Reply console_write(std::string_view text) {
  return call(H::console_write, gpa(text.data()), text.size());
}
Reply console_read(std::span<char> buffer) {
  return call(H::console_read, gpa(buffer.data()), buffer.size());
}

Reply sched_yield() { return call(H::sched_yield); }
Reply sched_block() { return call(H::sched_block); }
Reply sched_set_timer(std::uint64_t deadline_ns) { return call(H::sched_set_timer, deadline_ns); }
void sched_shutdown(abi::ShutdownReason reason) { guest::shutdown(reason); }

Reply evtchn_alloc_unbound(abi::DomainId remote) { return call(H::evtchn_alloc_unbound, remote); }
Reply evtchn_bind_interdomain(abi::DomainId remote, abi::EventPort remote_port) {
  return call(H::evtchn_bind_interdomain, remote, remote_port);
}
Reply evtchn_bind_virq(abi::Virq virq) { return call(H::evtchn_bind_virq, u(virq)); }
Reply evtchn_send(abi::EventPort port) { return call(H::evtchn_send, port); }
Reply evtchn_close(abi::EventPort port) { return call(H::evtchn_close, port); }
Reply evtchn_mask(abi::EventPort port) { return call(H::evtchn_mask, port); }
Reply evtchn_unmask(abi::EventPort port) { return call(H::evtchn_unmask, port); }
Reply evtchn_set_upcall_vector(std::uint64_t vector) {
  return call(H::evtchn_set_upcall_vector, vector);
}

Reply grant_access(abi::DomainId grantee, std::uint64_t gfn, bool readonly) {
  return call(H::grant_access, grantee, gfn, readonly ? abi::kGrantReadOnly : 0);
}
Reply grant_revoke(abi::GrantRef ref) { return call(H::grant_revoke, ref); }
Reply grant_map(abi::DomainId granter, abi::GrantRef ref, bool readonly) {
  return call(H::grant_map, granter, ref, readonly ? abi::kGrantMapReadOnly : 0);
}
Reply grant_unmap(std::uint64_t gfn) { return call(H::grant_unmap, gfn); }

Reply domctl_create(std::string_view config) {
  abi::DomctlCreate args{};
  args.config_gpa = gpa(config.data());
  args.config_len = static_cast<std::uint32_t>(config.size());
  if (config.size() > abi::kConfigTextMax) return Reply(abi::to_result(abi::Errno::inval));
  return call(H::domctl_create, gpa(&args));
}
Reply domctl_destroy(abi::DomainId domain) { return call(H::domctl_destroy, domain); }
Reply domctl_pause(abi::DomainId domain) { return call(H::domctl_pause, domain); }
Reply domctl_unpause(abi::DomainId domain) { return call(H::domctl_unpause, domain); }
Reply domctl_get_info(abi::DomainId domain, abi::DomainInfo& out) {
  return call(H::domctl_get_info, domain, gpa(&out));
}
Reply domctl_list(std::span<abi::DomainId> ids) {
  return call(H::domctl_list, gpa(ids.data()), ids.size());
}
Reply domctl_get_vcpu_sched(abi::DomainId domain, std::uint32_t vcpu, abi::VcpuSchedParams& out) {
  return call(H::domctl_get_vcpu_sched, domain, vcpu, gpa(&out));
}
Reply domctl_set_vcpu_sched(abi::DomainId domain, std::uint32_t vcpu,
                            const abi::VcpuSchedParams& params) {
  return call(H::domctl_set_vcpu_sched, domain, vcpu, gpa(&params));
}
Reply domctl_set_affinity(abi::DomainId domain, std::uint32_t vcpu, const abi::CpuMask& cpus) {
  return call(H::domctl_set_affinity, domain, vcpu, gpa(&cpus));
}

Reply sysctl_physinfo(abi::PhysInfo& out) { return call(H::sysctl_physinfo, gpa(&out)); }
Reply sysctl_read_log(abi::LogRead& cursor) { return call(H::sysctl_read_log, gpa(&cursor)); }
Reply sysctl_cpupool_create(const abi::CpupoolCreate& params) {
  return call(H::sysctl_cpupool_create, gpa(&params));
}
Reply sysctl_cpupool_destroy(abi::PoolId pool) { return call(H::sysctl_cpupool_destroy, pool); }
Reply sysctl_cpupool_rename(abi::PoolId pool, std::string_view name) {
  return call(H::sysctl_cpupool_rename, pool, gpa(name.data()), name.size());
}
Reply sysctl_cpupool_cpu_add(abi::PoolId pool, std::uint32_t cpu) {
  return call(H::sysctl_cpupool_cpu_add, pool, cpu);
}
Reply sysctl_cpupool_cpu_remove(abi::PoolId pool, std::uint32_t cpu) {
  return call(H::sysctl_cpupool_cpu_remove, pool, cpu);
}
Reply sysctl_cpupool_migrate(abi::PoolId pool, abi::DomainId domain) {
  return call(H::sysctl_cpupool_migrate, pool, domain);
}
Reply sysctl_cpupool_list(std::span<abi::PoolId> ids) {
  return call(H::sysctl_cpupool_list, gpa(ids.data()), ids.size());
}
Reply sysctl_cpupool_info(abi::PoolId pool, abi::CpupoolInfo& out) {
  return call(H::sysctl_cpupool_info, pool, gpa(&out));
}
Reply sysctl_cpupool_numa_split() { return call(H::sysctl_cpupool_numa_split); }

bool take_pending(abi::EventPort port) {
  abi::SharedInfo& s = guest::shared_info();
  std::atomic_ref<std::uint8_t>(s.vcpu[0].upcall_pending).store(0);
  std::atomic_ref<std::uint64_t>(s.vcpu[0].pending_sel)
      .fetch_and(~(std::uint64_t{1} << abi::event_word(port)));
  std::uint64_t old = std::atomic_ref<std::uint64_t>(s.evtchn_pending[abi::event_word(port)])
                          .fetch_and(~abi::event_bit(port));
  return (old & abi::event_bit(port)) != 0;
}

}  // namespace guest::hc

namespace guest {

std::size_t module_count() { return start_info().nr_modules; }

Module module(std::size_t index) {
  const auto* list = reinterpret_cast<const tactus::abi::ModuleEntry*>(start_info().modlist_paddr);
  const tactus::abi::ModuleEntry& e = list[index];
  Module m;
  if (e.cmdline_paddr != 0) {
    const char* s = reinterpret_cast<const char*>(e.cmdline_paddr);
    m.name = {s, support::cstr_len(s)};
  }
  m.bytes = {reinterpret_cast<const std::uint8_t*>(e.paddr), static_cast<std::size_t>(e.size)};
  return m;
}

bool find_module(std::string_view name, Module& out) {
  for (std::size_t i = 0; i < module_count(); ++i) {
    Module m = module(i);
    if (m.name == name) {
      out = m;
      return true;
    }
  }
  return false;
}

}  // namespace guest
