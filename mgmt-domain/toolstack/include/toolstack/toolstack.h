// The management domain's shell executor (docs/management-domain.md):
// carries out every parsed shell command through the Control interface
// with xl-style output. Live-state checks happen here, before anything
// changes: unknown domain or pool, a vCPU or CPU that does not exist or is
// not in the pool, a budget above the period, destroying Pool-0 or domain
// 0, removing the last CPU of a busy pool. Multi-step commands undo their
// earlier steps when a later hypercall is refused, so a refused command
// changes nothing. Every refusal is one `error:` line (shell::ErrorLine).
// Not thread-safe: one shell, one owner. Large (holds scratch buffers):
// make it static.
#pragma once

#include <cstdint>
#include <string_view>

#include "analysis/packing.h"
#include "domcfg/parser.h"
#include "shell/shell.h"
#include "toolstack/control.h"

namespace toolstack {

inline constexpr std::size_t kMaxDomains = 64;

class Toolstack final : public shell::Executor {
 public:
  explicit Toolstack(Control& control) : hv_(control) {}
  bool execute(const shell::Command& command, support::Sink& out, shell::ErrorLine& error) override;

 private:
  // domains.cpp
  bool list(const shell::Command& c, support::Sink& out, shell::ErrorLine& error);
  bool info(support::Sink& out, shell::ErrorLine& error);
  bool dmesg(const shell::Command& c, support::Sink& out, shell::ErrorLine& error);
  bool create(const shell::Command& c, support::Sink& out, shell::ErrorLine& error);
  bool destroy(const shell::Command& c, support::Sink& out, shell::ErrorLine& error);
  bool pause(const shell::Command& c, bool pause, shell::ErrorLine& error);
  bool vcpu_list(const shell::Command& c, support::Sink& out, shell::ErrorLine& error);
  bool vcpu_pin(const shell::Command& c, shell::ErrorLine& error);
  // sched_rt.cpp
  bool sched_rt(const shell::Command& c, support::Sink& out, shell::ErrorLine& error);
  // pools.cpp
  bool pool_list(const shell::Command& c, support::Sink& out, shell::ErrorLine& error);
  bool pool_create(const shell::Command& c, shell::ErrorLine& error);
  bool pool_destroy(const shell::Command& c, shell::ErrorLine& error);
  bool pool_rename(const shell::Command& c, shell::ErrorLine& error);
  bool pool_cpus(const shell::Command& c, bool add, shell::ErrorLine& error);
  bool pool_migrate(const shell::Command& c, shell::ErrorLine& error);
  bool numa_split(support::Sink& out, shell::ErrorLine& error);
  // The CPUs can join a pool: they exist, are in Pool-0 (not already in
  // `target`, not in another pool) and leave Pool-0 at least one CPU.
  bool cpus_free_in_pool0(const domcfg::CpuSet& cpus, const abi::PhysInfo& phys,
                          const abi::CpupoolInfo* target, shell::ErrorLine& error);
  // admit.cpp
  bool admit(const shell::Command& c, support::Sink& out, shell::ErrorLine& error);

 public:
  // Helpers shared by the command files (toolstack.cpp).
  bool find_domain(const shell::DomainRef& ref, abi::DomainInfo& out, shell::ErrorLine& error);
  bool find_domain_by_name(std::string_view name, abi::DomainInfo& out);
  bool find_pool(std::string_view name, abi::CpupoolInfo& out, shell::ErrorLine& error);
  bool find_pool_quiet(std::string_view name, abi::CpupoolInfo& out);
  std::size_t domain_ids(abi::DomainId* ids, std::size_t capacity);
  std::size_t pool_ids(abi::PoolId* ids, std::size_t capacity);
  // The pool holding `cpu`, or false.
  bool pool_of_cpu(std::uint32_t cpu, abi::CpupoolInfo& out);
  // error: "<what>: <errno text> (<ERRNAME>)".
  static bool refused(shell::ErrorLine& error, std::string_view what, std::int64_t result);
  // The configurations named by a create/admit command: an inline one or
  // every block of a module. Parses all; on the first bad block fills
  // `error` and returns false. `configs` holds up to kMaxModuleDomains.
  static constexpr std::size_t kMaxModuleDomains = 8;
  bool load_configs(const shell::Command& c, domcfg::DomainConfig* configs, std::size_t& count,
                    shell::ErrorLine& error);

 private:
  Control& hv_;
  std::uint64_t dmesg_from_ = 0;               // dmesg -c moves it
  bool pool_server_set_[abi::kMaxPools] = {};  // cpupool-create server=
  domcfg::ServerKind pool_server_[abi::kMaxPools] = {};
  domcfg::DomainOutcome outcome_;  // scratch for parsing (large)
  domcfg::DomainConfig configs_[kMaxModuleDomains];
  char text_[abi::kConfigTextMax + 1];
  char log_[4096];
  static constexpr std::size_t kMaxAdmitVcpus = 256;
  analysis::HostVcpu admit_vcpus_[kMaxAdmitVcpus];
  std::uint32_t admit_assignment_[kMaxAdmitVcpus];
};

}  // namespace toolstack
