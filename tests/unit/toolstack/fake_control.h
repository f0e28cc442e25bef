// An in-memory model of the hypervisor's domain and pool control for the
// toolstack tests: two CPUs on one node, Pool-0 with both, domain 0. It
// follows the refusal rules of docs/hypercalls.md (EBUSY for a CPU in
// another pool, ENOENT for a CPU not in the pool, EBUSY for destroying
// Pool-0 or a pool with domains, ESRCH for unknown domains, ...).
#pragma once

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "domcfg/parser.h"
#include "toolstack/control.h"

namespace toolstack::test {

struct FakeDomain {
  abi::DomainInfo info{};
  abi::VcpuSchedParams vcpu[abi::kMaxVcpusPerDomain]{};
};

class FakeControl final : public Control {
 public:
  static constexpr std::uint64_t kMiB = 1024 * 1024;
  std::uint32_t nr_cpus = 2;
  std::uint64_t free_bytes = 100 * kMiB;
  std::map<abi::DomainId, FakeDomain> domains;
  std::map<abi::PoolId, abi::CpupoolInfo> pools;
  std::map<std::string, std::string> modules;
  std::string log = "Tactus 0.1.0\nboot: 2 of 2 CPUs online\n";
  bool log_echoes_reads = false;
  int calls_that_change = 0;  // successful state-changing calls
  int sched_set_ok_before_fail =
      -1;  // >= 0: that many vcpu_sched_set calls succeed, the next fails

  // `cpus` pCPUs, all in Pool-0 at boot (2 unless a test needs more).
  explicit FakeControl(std::uint32_t cpus = 2) : nr_cpus(cpus) {
    abi::CpupoolInfo p0{};
    p0.id = 0;
    p0.priority = static_cast<std::uint32_t>(abi::PriorityScheme::edf);
    p0.placement = static_cast<std::uint32_t>(abi::Placement::global);
    for (std::uint32_t c = 0; c < cpus; ++c) abi::cpu_mask_set(p0.cpus, c);
    std::strcpy(p0.name, "Pool-0");
    pools[0] = p0;
    FakeDomain d0;
    d0.info.id = 0;
    d0.info.flags = abi::kDomainInfoPrivileged;
    d0.info.state = static_cast<std::uint32_t>(abi::DomainRunState::running);
    d0.info.vcpus = 1;
    d0.info.memory_bytes = 32 * kMiB;
    d0.info.cpu_time_ns = 1'250'000'000;
    std::strcpy(d0.info.name, "Domain-0");
    d0.vcpu[0] = params(10'000'000, 10'000'000, false);
    d0.vcpu[0].cpus = p0.cpus;
    domains[0] = d0;
    pools[0].domains = 1;
  }

  static abi::VcpuSchedParams params(std::uint64_t budget, std::uint64_t period, bool rt) {
    abi::VcpuSchedParams p{};
    p.budget_ns = budget;
    p.period_ns = period;
    p.flags = rt ? abi::kVcpuSchedRealTime : 0;
    return p;
  }

  abi::DomainId next_id = 1;

  std::int64_t e(abi::Errno x) { return abi::to_result(x); }

  std::int64_t domain_list(std::span<abi::DomainId> ids) override {
    std::size_t i = 0;
    for (auto& [id, d] : domains)
      if (i < ids.size()) ids[i++] = id;
    return static_cast<std::int64_t>(domains.size());
  }
  std::int64_t domain_info(abi::DomainId id, abi::DomainInfo& out) override {
    auto it = domains.find(id);
    if (it == domains.end()) return e(abi::Errno::srch);
    out = it->second.info;
    return 0;
  }
  std::int64_t domain_create(std::string_view config) override {
    last_config = std::string(config);
    domcfg::DomainOutcome o = domcfg::parse_domain(config);
    if (!o.ok) return e(abi::Errno::inval);
    if (o.config.kernel.view() != "busy" && o.config.kernel.view() != "rt-tasks")
      return e(abi::Errno::noent);
    abi::PoolId pool = 0;
    bool found = false;
    for (auto& [pid, p] : pools)
      if (std::string_view(p.name) == o.config.pool.view()) pool = pid, found = true;
    if (!found) return e(abi::Errno::noent);
    std::uint64_t bytes = o.config.memory_mib * kMiB;
    if (bytes > free_bytes) return e(abi::Errno::nomem);
    FakeDomain d;
    d.info.id = next_id++;
    d.info.state = static_cast<std::uint32_t>(abi::DomainRunState::running);
    d.info.vcpus = o.config.vcpus;
    d.info.pool = pool;
    d.info.memory_bytes = bytes;
    std::memcpy(d.info.name, o.config.name.c_str(), o.config.name.size());
    for (std::uint32_t v = 0; v < o.config.vcpus; ++v) {
      d.vcpu[v] =
          params(o.config.vcpu[v].budget_ns, o.config.vcpu[v].period_ns, o.config.vcpu[v].rt);
      d.vcpu[v].server = static_cast<std::uint32_t>(o.config.vcpu[v].server);
      d.vcpu[v].priority = o.config.vcpu[v].priority;
      d.vcpu[v].cpus = pools[pool].cpus;
    }
    free_bytes -= bytes;
    pools[pool].domains++;
    domains[d.info.id] = d;
    ++calls_that_change;
    return d.info.id;
  }
  std::int64_t domain_destroy(abi::DomainId id) override {
    auto it = domains.find(id);
    if (it == domains.end()) return e(abi::Errno::srch);
    if (it->second.info.flags & abi::kDomainInfoPrivileged) return e(abi::Errno::perm);
    free_bytes += it->second.info.memory_bytes;
    pools[it->second.info.pool].domains--;
    domains.erase(it);
    ++calls_that_change;
    return 0;
  }
  std::int64_t set_state(abi::DomainId id, abi::DomainRunState s) {
    auto it = domains.find(id);
    if (it == domains.end()) return e(abi::Errno::srch);
    it->second.info.state = static_cast<std::uint32_t>(s);
    ++calls_that_change;
    return 0;
  }
  std::int64_t domain_pause(abi::DomainId id) override {
    return set_state(id, abi::DomainRunState::paused);
  }
  std::int64_t domain_unpause(abi::DomainId id) override {
    return set_state(id, abi::DomainRunState::running);
  }
  std::int64_t vcpu_sched_get(abi::DomainId id, std::uint32_t vcpu,
                              abi::VcpuSchedParams& out) override {
    auto it = domains.find(id);
    if (it == domains.end()) return e(abi::Errno::srch);
    if (vcpu >= it->second.info.vcpus) return e(abi::Errno::noent);
    out = it->second.vcpu[vcpu];
    return 0;
  }
  std::int64_t vcpu_sched_set(abi::DomainId id, std::uint32_t vcpu,
                              const abi::VcpuSchedParams& p) override {
    if (sched_set_ok_before_fail == 0) {
      sched_set_ok_before_fail = -1;
      return e(abi::Errno::busy);
    }
    if (sched_set_ok_before_fail > 0) --sched_set_ok_before_fail;
    auto it = domains.find(id);
    if (it == domains.end()) return e(abi::Errno::srch);
    if (vcpu >= it->second.info.vcpus) return e(abi::Errno::noent);
    if (p.budget_ns == 0 || p.budget_ns > p.period_ns) return e(abi::Errno::inval);
    it->second.vcpu[vcpu] = p;
    ++calls_that_change;
    return 0;
  }
  std::int64_t vcpu_affinity(abi::DomainId id, std::uint32_t vcpu,
                             const abi::CpuMask& cpus) override {
    auto it = domains.find(id);
    if (it == domains.end()) return e(abi::Errno::srch);
    if (vcpu >= it->second.info.vcpus) return e(abi::Errno::noent);
    it->second.vcpu[vcpu].cpus = cpus;
    ++calls_that_change;
    return 0;
  }
  std::int64_t physinfo(abi::PhysInfo& out) override {
    out = {};
    out.nr_cpus = nr_cpus;
    out.nr_nodes = 1;
    out.memory_total_bytes = 128 * kMiB;
    out.memory_free_bytes = free_bytes;
    out.tsc_khz = 2'000'000;
    return 0;
  }
  std::int64_t read_log(std::uint64_t& offset, std::span<char> buffer,
                        std::uint64_t& lost) override {
    ++log_reads;
    lost = 0;
    if (offset >= log.size()) {  // as the hypervisor: a cursor past the head learns the head
      offset = log.size();
      return 0;
    }
    std::size_t n = std::min(buffer.size(), log.size() - offset);
    std::memcpy(buffer.data(), log.data() + offset, n);
    offset += n;
    // Domain 0's own output goes into the log it reads (the console owner
    // writes through the hypervisor log): each read feeds it again.
    if (log_echoes_reads) log += std::string(log.data() + offset - n, n);
    return static_cast<std::int64_t>(n);
  }
  std::int64_t pool_create(const abi::CpupoolCreate& params) override {
    for (auto& [id, p] : pools)
      if (std::strcmp(p.name, params.name) == 0) return e(abi::Errno::exist);
    abi::PoolId id = 1;
    while (pools.count(id)) ++id;
    abi::CpupoolInfo p{};
    p.id = id;
    p.priority = params.priority;
    p.placement = params.placement;
    std::memcpy(p.name, params.name, sizeof p.name);
    pools[id] = p;
    ++calls_that_change;
    return id;
  }
  std::int64_t pool_destroy(abi::PoolId pool) override {
    auto it = pools.find(pool);
    if (it == pools.end()) return e(abi::Errno::noent);
    if (pool == 0 || it->second.domains != 0) return e(abi::Errno::busy);
    for (std::size_t w = 0; w < abi::kMaxCpus / 64; ++w)
      pools[0].cpus.words[w] |= it->second.cpus.words[w];
    pools.erase(it);
    ++calls_that_change;
    return 0;
  }
  std::int64_t pool_rename(abi::PoolId pool, std::string_view name) override {
    auto it = pools.find(pool);
    if (it == pools.end()) return e(abi::Errno::noent);
    std::memset(it->second.name, 0, sizeof it->second.name);
    std::memcpy(it->second.name, name.data(), name.size());
    ++calls_that_change;
    return 0;
  }
  // Like the hypervisor's PoolManager: every CPU is in some pool; adding
  // moves it from its pool, removing moves it back to Pool-0.
  std::int64_t move_cpu(abi::PoolId from, abi::PoolId to, std::uint32_t cpu) {
    abi::CpupoolInfo& src = pools[from];
    if (src.domains != 0 && mask_bits(src.cpus) == 1) return e(abi::Errno::busy);
    src.cpus.words[cpu / 64] &= ~(std::uint64_t{1} << (cpu % 64));
    abi::cpu_mask_set(pools[to].cpus, cpu);
    ++calls_that_change;
    return 0;
  }
  static int mask_bits(const abi::CpuMask& m) {
    int n = 0;
    for (auto w : m.words) n += __builtin_popcountll(w);
    return n;
  }
  abi::PoolId owner(std::uint32_t cpu) {
    for (auto& [id, p] : pools)
      if (abi::cpu_mask_test(p.cpus, cpu)) return id;
    return 0;
  }
  std::int64_t pool_cpu_add(abi::PoolId pool, std::uint32_t cpu) override {
    if (!pools.count(pool)) return e(abi::Errno::noent);
    if (cpu >= nr_cpus) return e(abi::Errno::inval);
    if (owner(cpu) == pool) return e(abi::Errno::exist);
    return move_cpu(owner(cpu), pool, cpu);
  }
  std::int64_t pool_cpu_remove(abi::PoolId pool, std::uint32_t cpu) override {
    if (!pools.count(pool)) return e(abi::Errno::noent);
    if (cpu >= nr_cpus) return e(abi::Errno::inval);
    if (owner(cpu) != pool) return e(abi::Errno::noent);
    if (pool == 0) return e(abi::Errno::inval);
    return move_cpu(pool, 0, cpu);
  }
  std::int64_t pool_migrate(abi::PoolId pool, abi::DomainId id) override {
    auto p = pools.find(pool);
    if (p == pools.end()) return e(abi::Errno::noent);
    auto d = domains.find(id);
    if (d == domains.end()) return e(abi::Errno::srch);
    pools[d->second.info.pool].domains--;
    d->second.info.pool = pool;
    p->second.domains++;
    ++calls_that_change;
    return 0;
  }
  std::int64_t pool_list(std::span<abi::PoolId> ids) override {
    std::size_t i = 0;
    for (auto& [id, p] : pools)
      if (i < ids.size()) ids[i++] = id;
    return static_cast<std::int64_t>(pools.size());
  }
  std::int64_t pool_info(abi::PoolId pool, abi::CpupoolInfo& out) override {
    auto it = pools.find(pool);
    if (it == pools.end()) return e(abi::Errno::noent);
    out = it->second;
    return 0;
  }
  std::int64_t numa_split() override {
    if (pools.size() > 1) return e(abi::Errno::busy);
    return 1;
  }
  bool find_module(std::string_view name, std::string_view& text) override {
    auto it = modules.find(std::string(name));
    if (it == modules.end()) return false;
    text = it->second;
    return true;
  }
  abi::DomainId self() override { return 0; }
  void sleep_ms(std::uint32_t) override {}
  // Ctrl-C arrives once `ctrl_c_after_reads` log reads are done (-1: never).
  bool interrupt_requested() override {
    if (ctrl_c_after_reads < 0 || log_reads < ctrl_c_after_reads) return false;
    ctrl_c_after_reads = -1;
    return true;
  }
  int ctrl_c_after_reads = -1;
  int log_reads = 0;

  std::string last_config;
};

}  // namespace toolstack::test
