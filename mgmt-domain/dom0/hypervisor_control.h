// toolstack::Control over real hypercalls (guest/hypercalls.h): what the
// management domain's toolstack calls to act on the hypervisor. Boot
// modules come from this domain's PVH module list. One shell, one owner:
// no locking.
#pragma once

#include "tactus/event.h"
#include "toolstack/control.h"

namespace dom0 {

namespace abi = tactus::abi;

class HypervisorControl final : public toolstack::Control {
 public:
  // While sleeping, `console_port` (if not 0) is masked so console input
  // does not cut the sleep short.
  void set_console_port(tactus::abi::EventPort port) { console_port_ = port; }

  std::int64_t domain_list(std::span<abi::DomainId> ids) override;
  std::int64_t domain_info(abi::DomainId id, abi::DomainInfo& out) override;
  std::int64_t domain_create(std::string_view config) override;
  std::int64_t domain_destroy(abi::DomainId id) override;
  std::int64_t domain_pause(abi::DomainId id) override;
  std::int64_t domain_unpause(abi::DomainId id) override;
  std::int64_t vcpu_sched_get(abi::DomainId id, std::uint32_t vcpu,
                              abi::VcpuSchedParams& out) override;
  std::int64_t vcpu_sched_set(abi::DomainId id, std::uint32_t vcpu,
                              const abi::VcpuSchedParams& p) override;
  std::int64_t vcpu_affinity(abi::DomainId id, std::uint32_t vcpu,
                             const abi::CpuMask& cpus) override;
  std::int64_t physinfo(abi::PhysInfo& out) override;
  std::int64_t read_log(std::uint64_t& offset, std::span<char> buffer,
                        std::uint64_t& lost) override;
  std::int64_t pool_create(const abi::CpupoolCreate& params) override;
  std::int64_t pool_destroy(abi::PoolId pool) override;
  std::int64_t pool_rename(abi::PoolId pool, std::string_view name) override;
  std::int64_t pool_cpu_add(abi::PoolId pool, std::uint32_t cpu) override;
  std::int64_t pool_cpu_remove(abi::PoolId pool, std::uint32_t cpu) override;
  std::int64_t pool_migrate(abi::PoolId pool, abi::DomainId id) override;
  std::int64_t pool_list(std::span<abi::PoolId> ids) override;
  std::int64_t pool_info(abi::PoolId pool, abi::CpupoolInfo& out) override;
  std::int64_t numa_split() override;
  bool find_module(std::string_view name, std::string_view& text) override;
  abi::DomainId self() override;
  void sleep_ms(std::uint32_t ms) override;
  // Reads the console input there is (without waiting): true on a Ctrl-C
  // (it and what follows it in that read are dropped); other bytes are
  // kept, up to kTypeahead, for take_typeahead().
  bool interrupt_requested() override;
  // Moves the kept input into `out`; returns how many bytes.
  std::size_t take_typeahead(std::span<char> out);

 private:
  tactus::abi::EventPort console_port_ = 0;
  static constexpr std::size_t kTypeahead = 256;
  char typeahead_[kTypeahead];
  std::size_t typeahead_len_ = 0;
};

}  // namespace dom0
