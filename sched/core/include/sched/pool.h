// sched::PoolManager: the CPU pools (seed 001). Every pCPU is in exactly one
// pool; Pool-0 (id 0) exists from init() with all pCPUs and cannot be
// destroyed. Each pool owns one Scheduler (constructed in storage inside the
// manager) and a list of domains; a domain's vCPUs are in its pool's scheduler.
//
// CALLING PROTOCOL / LOCKING
//  * All PoolManager methods are control-plane operations; the caller
//    serializes them (the hypervisor under its pool-configuration lock,
//    from hypercall context). Each takes the affected schedulers' locks
//    internally (through the Scheduler methods), so the per-pCPU loops may
//    keep calling their schedulers concurrently.
//  * The per-pCPU loop finds its scheduler with scheduler_for_cpu(cpu); the
//    answer changes only in add_pcpu/remove_pcpu/create/destroy/numa_split
//    for that pCPU. The hypervisor performs those for pCPU n only while n is
//    quiesced (running idle, no vCPU current, between scheduling decisions),
//    or redirects n after the call and makes it reschedule.
//  * Domains and vCPUs whose vCPUs are current on a pCPU (or awaiting
//    context_saved) cannot be moved or removed: Errc::busy. Pause them first.
//  * Every refusal is an error value with a static reason; a refused call
//    changes nothing (checks run before any change).
//  * Per-pool scheduler locks come from a LockProvider the client supplies.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "sched/cpu_mask.h"
#include "sched/lock.h"
#include "sched/params.h"
#include "sched/registry.h"
#include "sched/scheduler.h"
#include "sched/vcpu.h"
#include "support/error.h"
#include "support/intrusive.h"

namespace sched {

using PoolId = std::uint32_t;
inline constexpr PoolId kNoPool = ~PoolId{0};
inline constexpr PoolId kMaxPools = 16;
inline constexpr std::size_t kPoolNameMax = 31;  // bytes, printable, no spaces

// The domain record, owned by the client (embedded in its domain struct).
// It lists its vCPUs intrusively; the PoolManager maintains the list.
class Domain {
 public:
  using VcpuList =
      support::bi::list<Vcpu, support::bi::member_hook<Vcpu, detail::ListHook, &Vcpu::domain_hook>>;

  explicit Domain(std::uint32_t id) : id_(id) {}
  Domain(const Domain&) = delete;
  Domain& operator=(const Domain&) = delete;

  std::uint32_t id() const { return id_; }
  PoolId pool() const { return pool_; }
  const VcpuList& vcpus() const { return vcpus_; }

  detail::ListHook pool_hook;  // PoolManager-owned

 private:
  friend class PoolManager;
  std::uint32_t id_;
  PoolId pool_ = kNoPool;
  VcpuList vcpus_;
};

// Supplies the lock of each pool's scheduler instance.
class LockProvider {
 public:
  virtual Lock& pool_lock(PoolId id) = 0;

 protected:
  ~LockProvider() = default;
};

// A LockProvider with one lock of type L per pool slot (L: SpinLock, NoLock).
template <typename L>
class StaticLockProvider final : public LockProvider {
 public:
  Lock& pool_lock(PoolId id) override { return locks_[id % kMaxPools]; }

 private:
  BasicLock<L> locks_[kMaxPools];
};

struct PoolInfo {
  PoolId id = kNoPool;
  char name[kPoolNameMax + 1] = {};
  const char* policy = "";  // canonical scheduler name
  CpuMask cpus;
  std::uint32_t domains = 0;
  std::uint32_t vcpus = 0;
};

class PoolManager {
 public:
  PoolManager() = default;
  PoolManager(const PoolManager&) = delete;
  PoolManager& operator=(const PoolManager&) = delete;
  ~PoolManager();

  // Creates Pool-0 ("Pool-0") with all `cpus` and the given policy.
  support::Status init(CpuMask cpus, LockProvider& locks,
                       std::string_view pool0_policy = "edf:global:deferrable",
                       const SchedulerOptions& options = {}, Time now = 0);

  // A new, empty pool (no pCPUs, no domains).
  support::Result<PoolId> create_pool(std::string_view name, std::string_view policy, Time now,
                                      const SchedulerOptions& options = {});
  // Only when it holds no domains; its pCPUs return to Pool-0. Not Pool-0.
  support::Status destroy_pool(PoolId id, Time now);
  support::Status rename_pool(PoolId id, std::string_view name);
  // Moves pCPU `cpu` from whatever pool holds it into pool `id`. Refused when
  // it is the last pCPU of a pool with domains, or a vCPU's cpu mask in its
  // current pool would lose its last allowed pCPU.
  support::Status add_pcpu(PoolId id, CpuId cpu, Time now);
  // Moves `cpu` from pool `id` back to Pool-0 (refused for Pool-0 itself).
  // If a vCPU was current on `cpu` it is descheduled in the old pool's
  // scheduler: switch the pCPU away and call that scheduler's context_saved.
  support::Status remove_pcpu(PoolId id, CpuId cpu, Time now);

  // Domains: attach an empty domain to a pool (which must have pCPUs), detach it
  // (all its vCPUs leave the scheduler), move it (vCPUs leave one scheduler
  // and join the other with their parameters and statistics; an explicit cpu
  // mask keeps the pCPUs that exist in the new pool, or becomes
  // CpuMask::all() when none does; runnable vCPUs stay runnable).
  support::Status add_domain(Domain& d, PoolId id, Time now);
  support::Status remove_domain(Domain& d, Time now, CpuMask* resched = nullptr);
  // `resched` (optional, here and in remove_domain, add_vcpu, remove_vcpu)
  // receives the pCPUs to send reschedule IPIs to: of the new pool where
  // runnable vCPUs arrived, of the old pool where a removed vCPU held a
  // pCPU as a budget holder (Scheduler::add_vcpu).
  support::Status move_domain(Domain& d, PoolId to, Time now, CpuMask* resched = nullptr);
  // vCPUs of a domain that is in a pool.
  support::Status add_vcpu(Domain& d, Vcpu& v, const Params& p, Time now,
                           CpuMask* resched = nullptr);
  support::Status remove_vcpu(Domain& d, Vcpu& v, Time now, CpuMask* resched = nullptr);

  // numa-split: node_of_cpu[c] is pCPU c's NUMA node. Only when Pool-0 is the
  // only pool: Pool-0 keeps the node of its lowest pCPU, every other node gets
  // a pool "Pool-node<k>" with Pool-0's policy.
  support::Status numa_split(std::span<const std::uint32_t> node_of_cpu, Time now);

  // Lookups.
  Scheduler* scheduler(PoolId id) const;
  Scheduler* scheduler_for_cpu(CpuId cpu) const;
  PoolId pool_of_cpu(CpuId cpu) const;
  support::Result<PoolId> find_pool(std::string_view name) const;
  support::Result<PoolInfo> info(PoolId id) const;
  // Fills `out` with the live pools in id order; returns how many exist.
  std::size_t list(std::span<PoolInfo> out) const;
  std::size_t pool_count() const;
  CpuMask all_cpus() const { return all_cpus_; }

 private:
  using DomainList =
      support::bi::list<Domain,
                        support::bi::member_hook<Domain, detail::ListHook, &Domain::pool_hook>>;
  struct Pool {
    bool live = false;
    char name[kPoolNameMax + 1] = {};
    Scheduler* sched = nullptr;
    DomainList domains;
    std::uint32_t vcpus = 0;
  };

  support::Status check_name(std::string_view name, PoolId self) const;
  support::Status move_cpu(PoolId from, PoolId to, CpuId cpu, Time now);
  support::Result<PoolId> make_pool(std::string_view name, const PolicySpec& spec,
                                    const SchedulerOptions& options);
  PoolId free_slot() const;
  Pool* pool(PoolId id);
  const Pool* pool(PoolId id) const;

  LockProvider* locks_ = nullptr;
  CpuMask all_cpus_;
  PoolId cpu_pool_[kMaxCpus] = {};
  Pool pools_[kMaxPools];
  SchedulerStorage storage_[kMaxPools];
};

}  // namespace sched
