// Skeleton (STEP 1): Pool-0 and lookups; the other operations follow.
#include "sched/pool.h"

namespace sched {

using support::Errc;
using support::make_error;
using support::Status;

PoolManager::~PoolManager() {
  for (auto& p : pools_)
    if (p.live) destroy_scheduler(p.sched);
}

Status PoolManager::init(CpuMask cpus, LockProvider& locks, std::string_view pool0_policy,
                         const SchedulerOptions& options, Time now) {
  if (locks_ != nullptr) return make_error(Errc::exists, "pool manager already initialised");
  if (cpus.empty()) return make_error(Errc::invalid, "no pCPUs");
  auto s = create_scheduler(pool0_policy, storage_[0], locks.pool_lock(0), options);
  if (!s) return s.error();
  locks_ = &locks;
  all_cpus_ = cpus;
  Pool& p = pools_[0];
  p.live = true;
  p.sched = *s;
  const char n[] = "Pool-0";
  for (std::size_t i = 0; i < sizeof(n); ++i) p.name[i] = n[i];
  for (CpuId c = cpus.first(); c != kNoCpu; c = cpus.next(c)) {
    cpu_pool_[c] = 0;
    (void)p.sched->add_pcpu(c, now);
  }
  return Status::success();
}

support::Result<PoolId> PoolManager::create_pool(std::string_view, std::string_view, Time,
                                                 const SchedulerOptions&) {
  return make_error(Errc::unsupported, "not implemented yet");
}
Status PoolManager::destroy_pool(PoolId, Time) {
  return make_error(Errc::unsupported, "not implemented yet");
}
Status PoolManager::rename_pool(PoolId, std::string_view) {
  return make_error(Errc::unsupported, "not implemented yet");
}
Status PoolManager::add_pcpu(PoolId, CpuId, Time) {
  return make_error(Errc::unsupported, "not implemented yet");
}
Status PoolManager::remove_pcpu(PoolId, CpuId, Time) {
  return make_error(Errc::unsupported, "not implemented yet");
}
Status PoolManager::add_domain(Domain&, PoolId, Time) {
  return make_error(Errc::unsupported, "not implemented yet");
}
Status PoolManager::remove_domain(Domain&, Time) {
  return make_error(Errc::unsupported, "not implemented yet");
}
Status PoolManager::move_domain(Domain&, PoolId, Time) {
  return make_error(Errc::unsupported, "not implemented yet");
}
Status PoolManager::add_vcpu(Domain&, Vcpu&, const Params&, Time) {
  return make_error(Errc::unsupported, "not implemented yet");
}
Status PoolManager::remove_vcpu(Domain&, Vcpu&, Time) {
  return make_error(Errc::unsupported, "not implemented yet");
}
Status PoolManager::numa_split(std::span<const std::uint32_t>, Time) {
  return make_error(Errc::unsupported, "not implemented yet");
}

Scheduler* PoolManager::scheduler(PoolId id) const {
  const Pool* p = pool(id);
  return p ? p->sched : nullptr;
}
Scheduler* PoolManager::scheduler_for_cpu(CpuId cpu) const { return scheduler(pool_of_cpu(cpu)); }
PoolId PoolManager::pool_of_cpu(CpuId cpu) const {
  return all_cpus_.test(cpu) ? cpu_pool_[cpu] : kNoPool;
}
support::Result<PoolId> PoolManager::find_pool(std::string_view name) const {
  for (PoolId i = 0; i < kMaxPools; ++i)
    if (pools_[i].live && name == pools_[i].name) return i;
  return make_error(Errc::not_found, "no pool of that name");
}
support::Result<PoolInfo> PoolManager::info(PoolId id) const {
  const Pool* p = pool(id);
  if (p == nullptr) return make_error(Errc::not_found, "no such pool");
  PoolInfo i;
  i.id = id;
  for (std::size_t k = 0; k <= kPoolNameMax; ++k) i.name[k] = p->name[k];
  i.policy = p->sched->name();
  i.cpus = p->sched->pcpus();
  i.domains = static_cast<std::uint32_t>(p->domains.size());
  i.vcpus = p->vcpus;
  return i;
}
std::size_t PoolManager::list(std::span<PoolInfo> out) const {
  std::size_t n = 0;
  for (PoolId id = 0; id < kMaxPools; ++id) {
    if (!pools_[id].live) continue;
    if (n < out.size()) out[n] = *info(id);
    ++n;
  }
  return n;
}
std::size_t PoolManager::pool_count() const {
  std::size_t n = 0;
  for (const auto& p : pools_) n += p.live ? 1 : 0;
  return n;
}
Status PoolManager::check_name(std::string_view, PoolId) const { return Status::success(); }
Status PoolManager::check_cpu_leaves(PoolId, CpuId) const { return Status::success(); }
Status PoolManager::move_cpu(PoolId, PoolId, CpuId, Time) { return Status::success(); }
PoolId PoolManager::free_slot() const {
  for (PoolId i = 0; i < kMaxPools; ++i)
    if (!pools_[i].live) return i;
  return kNoPool;
}
PoolManager::Pool* PoolManager::pool(PoolId id) {
  return id < kMaxPools && pools_[id].live ? &pools_[id] : nullptr;
}
const PoolManager::Pool* PoolManager::pool(PoolId id) const {
  return id < kMaxPools && pools_[id].live ? &pools_[id] : nullptr;
}

}  // namespace sched
