// toolstack::Control over hypercalls (see hypervisor_control.h).
#include "hypervisor_control.h"

#include "guest/hypercalls.h"
#include "guest/modules.h"
#include "guest/runtime.h"

namespace dom0 {

namespace hc = guest::hc;

std::int64_t HypervisorControl::domain_list(std::span<abi::DomainId> ids) {
  return hc::domctl_list(ids).raw();
}
std::int64_t HypervisorControl::domain_info(abi::DomainId id, abi::DomainInfo& out) {
  return hc::domctl_get_info(id, out).raw();
}
std::int64_t HypervisorControl::domain_create(std::string_view config) {
  return hc::domctl_create(config).raw();
}
std::int64_t HypervisorControl::domain_destroy(abi::DomainId id) {
  return hc::domctl_destroy(id).raw();
}
std::int64_t HypervisorControl::domain_pause(abi::DomainId id) {
  return hc::domctl_pause(id).raw();
}
std::int64_t HypervisorControl::domain_unpause(abi::DomainId id) {
  return hc::domctl_unpause(id).raw();
}
std::int64_t HypervisorControl::vcpu_sched_get(abi::DomainId id, std::uint32_t vcpu,
                                               abi::VcpuSchedParams& out) {
  return hc::domctl_get_vcpu_sched(id, vcpu, out).raw();
}
std::int64_t HypervisorControl::vcpu_sched_set(abi::DomainId id, std::uint32_t vcpu,
                                               const abi::VcpuSchedParams& p) {
  return hc::domctl_set_vcpu_sched(id, vcpu, p).raw();
}
std::int64_t HypervisorControl::vcpu_affinity(abi::DomainId id, std::uint32_t vcpu,
                                              const abi::CpuMask& cpus) {
  return hc::domctl_set_affinity(id, vcpu, cpus).raw();
}
std::int64_t HypervisorControl::physinfo(abi::PhysInfo& out) {
  return hc::sysctl_physinfo(out).raw();
}

std::int64_t HypervisorControl::read_log(std::uint64_t& offset, std::span<char> buffer,
                                         std::uint64_t& lost) {
  abi::LogRead cursor{};
  cursor.offset = offset;
  cursor.buffer_gpa = reinterpret_cast<std::uint64_t>(buffer.data());
  cursor.buffer_len = static_cast<std::uint32_t>(buffer.size());
  hc::Reply r = hc::sysctl_read_log(cursor);
  if (r.ok()) {
    offset = cursor.offset;
    lost = cursor.lost;
  }
  return r.raw();
}

std::int64_t HypervisorControl::pool_create(const abi::CpupoolCreate& params) {
  return hc::sysctl_cpupool_create(params).raw();
}
std::int64_t HypervisorControl::pool_destroy(abi::PoolId pool) {
  return hc::sysctl_cpupool_destroy(pool).raw();
}
std::int64_t HypervisorControl::pool_rename(abi::PoolId pool, std::string_view name) {
  return hc::sysctl_cpupool_rename(pool, name).raw();
}
std::int64_t HypervisorControl::pool_cpu_add(abi::PoolId pool, std::uint32_t cpu) {
  return hc::sysctl_cpupool_cpu_add(pool, cpu).raw();
}
std::int64_t HypervisorControl::pool_cpu_remove(abi::PoolId pool, std::uint32_t cpu) {
  return hc::sysctl_cpupool_cpu_remove(pool, cpu).raw();
}
std::int64_t HypervisorControl::pool_migrate(abi::PoolId pool, abi::DomainId id) {
  return hc::sysctl_cpupool_migrate(pool, id).raw();
}
std::int64_t HypervisorControl::pool_list(std::span<abi::PoolId> ids) {
  return hc::sysctl_cpupool_list(ids).raw();
}
std::int64_t HypervisorControl::pool_info(abi::PoolId pool, abi::CpupoolInfo& out) {
  return hc::sysctl_cpupool_info(pool, out).raw();
}
std::int64_t HypervisorControl::numa_split() { return hc::sysctl_cpupool_numa_split().raw(); }

bool HypervisorControl::find_module(std::string_view name, std::string_view& text) {
  guest::Module m;
  if (!guest::find_module(name, m)) return false;
  text = m.text();
  return true;
}

abi::DomainId HypervisorControl::self() { return guest::domain_id(); }

void HypervisorControl::sleep_ms(std::uint32_t ms) {
  const std::uint64_t until = guest::now_ns() + std::uint64_t{ms} * 1'000'000;
  if (console_port_ != 0) hc::evtchn_mask(console_port_);
  while (guest::now_ns() < until) {
    guest::set_timer(until);
    guest::block();
  }
  if (console_port_ != 0) hc::evtchn_unmask(console_port_);
}

bool HypervisorControl::interrupt_requested() {
  constexpr char kCtrlC = 0x03;
  char in[64];
  for (;;) {
    hc::Reply n = hc::console_read({in, sizeof in});
    if (!n.ok() || n.value() == 0) return false;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n.value()); ++i) {
      if (in[i] == kCtrlC) return true;
      if (typeahead_len_ < kTypeahead) typeahead_[typeahead_len_++] = in[i];
    }
  }
}

std::size_t HypervisorControl::take_typeahead(std::span<char> out) {
  std::size_t n = typeahead_len_ < out.size() ? typeahead_len_ : out.size();
  for (std::size_t i = 0; i < n; ++i) out[i] = typeahead_[i];
  for (std::size_t i = n; i < typeahead_len_; ++i) typeahead_[i - n] = typeahead_[i];
  typeahead_len_ -= n;
  return n;
}

}  // namespace dom0
