// The toolstack's view of the hypervisor: one virtual call per hypercall
// it needs (docs/hypercalls.md), returning the raw result (>= 0, or a
// negative abi::Errno). dom0.elf implements it with VMCALLs; the unit
// tests implement it with an in-memory model. Buffers are the caller's.
// Not thread-safe: the management domain has one shell.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "tactus/abi.h"
#include "tactus/domctl.h"
#include "tactus/sysctl.h"

namespace toolstack {

namespace abi = tactus::abi;

class Control {
 public:
  virtual std::int64_t domain_list(std::span<abi::DomainId> ids) = 0;
  virtual std::int64_t domain_info(abi::DomainId id, abi::DomainInfo& out) = 0;
  virtual std::int64_t domain_create(std::string_view config) = 0;
  virtual std::int64_t domain_destroy(abi::DomainId id) = 0;
  virtual std::int64_t domain_pause(abi::DomainId id) = 0;
  virtual std::int64_t domain_unpause(abi::DomainId id) = 0;
  virtual std::int64_t vcpu_sched_get(abi::DomainId id, std::uint32_t vcpu,
                                      abi::VcpuSchedParams& out) = 0;
  virtual std::int64_t vcpu_sched_set(abi::DomainId id, std::uint32_t vcpu,
                                      const abi::VcpuSchedParams& p) = 0;
  virtual std::int64_t vcpu_affinity(abi::DomainId id, std::uint32_t vcpu,
                                     const abi::CpuMask& cpus) = 0;

  virtual std::int64_t physinfo(abi::PhysInfo& out) = 0;
  // Reads log bytes from `offset` into `buffer`; updates offset and lost.
  virtual std::int64_t read_log(std::uint64_t& offset, std::span<char> buffer,
                                std::uint64_t& lost) = 0;
  virtual std::int64_t pool_create(const abi::CpupoolCreate& params) = 0;
  virtual std::int64_t pool_destroy(abi::PoolId pool) = 0;
  virtual std::int64_t pool_rename(abi::PoolId pool, std::string_view name) = 0;
  virtual std::int64_t pool_cpu_add(abi::PoolId pool, std::uint32_t cpu) = 0;
  virtual std::int64_t pool_cpu_remove(abi::PoolId pool, std::uint32_t cpu) = 0;
  virtual std::int64_t pool_migrate(abi::PoolId pool, abi::DomainId id) = 0;
  virtual std::int64_t pool_list(std::span<abi::PoolId> ids) = 0;
  virtual std::int64_t pool_info(abi::PoolId pool, abi::CpupoolInfo& out) = 0;
  virtual std::int64_t numa_split() = 0;

  // The text of a boot module handed to this domain, by name.
  virtual bool find_module(std::string_view name, std::string_view& text) = 0;
  // This domain's id (domain 0 normally) and a short wait (lets the
  // hypervisor reap a destroyed domain).
  virtual abi::DomainId self() = 0;
  virtual void sleep_ms(std::uint32_t ms) = 0;
  // True when the user typed Ctrl-C since the last call: a command with
  // long output (dmesg) asks between pieces of it and stops. Other input
  // read meanwhile is kept for the shell, after the command.
  virtual bool interrupt_requested() = 0;

 protected:
  ~Control() = default;
};

}  // namespace toolstack
