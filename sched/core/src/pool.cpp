// PoolManager: CPU pools (seed 001). Control-plane only; callers serialize
// calls (see pool.h). Every operation checks everything first and changes
// state only when it cannot fail any more, so a refusal changes nothing.
#include "sched/pool.h"

#include "support/format.h"

namespace sched {

using support::Errc;
using support::make_error;
using support::Status;

namespace {

void copy_name(char (&dst)[kPoolNameMax + 1], std::string_view src) {
  std::size_t n = src.size() < kPoolNameMax ? src.size() : kPoolNameMax;
  for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
  dst[n] = '\0';
}

// A domain's vCPU parameters as they move to a pool with pCPUs `cpus`: an
// explicit mask keeps its pCPUs that exist there, or becomes all().
Params params_for_pool(const Params& p, CpuMask cpus) {
  Params q = p;
  if (!(p.cpu_mask == CpuMask::all())) {
    CpuMask m = p.cpu_mask & cpus;
    q.cpu_mask = m.empty() ? CpuMask::all() : m;
  }
  return q;
}

bool busy(const Vcpu& v) {
  return (v.state.cpu != kNoCpu && !v.state.holds_cpu) || v.state.save_pending;
}

}  // namespace

PoolManager::~PoolManager() {
  for (auto& p : pools_) {
    while (!p.domains.empty()) {
      Domain& d = p.domains.front();
      while (!d.vcpus_.empty()) {
        (void)p.sched->remove_vcpu(d.vcpus_.front(), 0);
        d.vcpus_.pop_front();
      }
      d.pool_ = kNoPool;
      p.domains.pop_front();
    }
    if (p.live) destroy_scheduler(p.sched);
  }
}

Status PoolManager::check_name(std::string_view name, PoolId self) const {
  if (name.empty()) return make_error(Errc::invalid, "empty pool name");
  if (name.size() > kPoolNameMax) return make_error(Errc::range, "pool name longer than 31 bytes");
  for (char c : name)
    if (c <= ' ' || c > '~')
      return make_error(Errc::invalid, "pool name must be printable, no spaces");
  for (PoolId i = 0; i < kMaxPools; ++i)
    if (i != self && pools_[i].live && name == pools_[i].name)
      return make_error(Errc::exists, "a pool of that name exists");
  return Status::success();
}

support::Result<PoolId> PoolManager::make_pool(std::string_view name, const PolicySpec& spec,
                                               const SchedulerOptions& options) {
  PoolId id = free_slot();
  if (id == kNoPool) return make_error(Errc::no_space, "no free pool slot (16 pools max)");
  auto s = create_scheduler(spec, storage_[id], locks_->pool_lock(id), options);
  if (!s) return s.error();
  Pool& p = pools_[id];
  p.live = true;
  p.sched = *s;
  p.vcpus = 0;
  copy_name(p.name, name);
  return id;
}

Status PoolManager::init(CpuMask cpus, LockProvider& locks, std::string_view pool0_policy,
                         const SchedulerOptions& options, Time now) {
  if (locks_ != nullptr) return make_error(Errc::exists, "pool manager already initialised");
  if (cpus.empty()) return make_error(Errc::invalid, "no pCPUs");
  auto spec = parse_policy(pool0_policy);
  if (!spec) return spec.error();
  locks_ = &locks;
  auto id = make_pool("Pool-0", *spec, options);
  if (!id) {
    locks_ = nullptr;
    return id.error();
  }
  all_cpus_ = cpus;
  for (CpuId c = cpus.first(); c != kNoCpu; c = cpus.next(c)) {
    cpu_pool_[c] = 0;
    (void)pools_[0].sched->add_pcpu(c, now);
  }
  return Status::success();
}

support::Result<PoolId> PoolManager::create_pool(std::string_view name, std::string_view policy,
                                                 Time now, const SchedulerOptions& options) {
  (void)now;
  if (locks_ == nullptr) return make_error(Errc::invalid, "pool manager not initialised");
  Status st = check_name(name, kNoPool);
  if (!st) return st.error();
  auto spec = parse_policy(policy);
  if (!spec) return spec.error();
  return make_pool(name, *spec, options);
}

Status PoolManager::destroy_pool(PoolId id, Time now) {
  Pool* p = pool(id);
  if (p == nullptr) return make_error(Errc::not_found, "no such pool");
  if (id == 0) return make_error(Errc::busy, "Pool-0 cannot be destroyed");
  if (!p->domains.empty()) return make_error(Errc::busy, "pool still has domains");
  const CpuMask cpus = p->sched->pcpus();
  for (CpuId c = cpus.first(); c != kNoCpu; c = cpus.next(c)) {
    (void)p->sched->remove_pcpu(c, now);  // cannot fail: no vCPUs
    (void)pools_[0].sched->add_pcpu(c, now);
    cpu_pool_[c] = 0;
  }
  destroy_scheduler(p->sched);
  p->sched = nullptr;
  p->live = false;
  p->name[0] = '\0';
  return Status::success();
}

Status PoolManager::rename_pool(PoolId id, std::string_view name) {
  Pool* p = pool(id);
  if (p == nullptr) return make_error(Errc::not_found, "no such pool");
  Status st = check_name(name, id);
  if (!st) return st;
  copy_name(p->name, name);
  return Status::success();
}

Status PoolManager::move_cpu(PoolId from, PoolId to, CpuId cpu, Time now) {
  Pool& src = pools_[from];
  Pool& dst = pools_[to];
  if (!src.domains.empty() && src.sched->pcpus().count() == 1)
    return make_error(Errc::busy, "last pCPU of a pool that has domains");
  Status st = src.sched->remove_pcpu(cpu, now);  // refuses (unchanged) on cpu masks
  if (!st) return st;
  (void)dst.sched->add_pcpu(cpu, now);
  cpu_pool_[cpu] = to;
  return Status::success();
}

Status PoolManager::add_pcpu(PoolId id, CpuId cpu, Time now) {
  if (pool(id) == nullptr) return make_error(Errc::not_found, "no such pool");
  if (!all_cpus_.test(cpu)) return make_error(Errc::not_found, "no such pCPU");
  const PoolId from = cpu_pool_[cpu];
  if (from == id) return make_error(Errc::exists, "pCPU already in that pool");
  return move_cpu(from, id, cpu, now);
}

Status PoolManager::remove_pcpu(PoolId id, CpuId cpu, Time now) {
  if (pool(id) == nullptr) return make_error(Errc::not_found, "no such pool");
  if (!all_cpus_.test(cpu) || cpu_pool_[cpu] != id)
    return make_error(Errc::not_found, "pCPU not in that pool");
  if (id == 0)
    return make_error(Errc::busy, "Pool-0's pCPUs leave it only by joining another pool");
  return move_cpu(id, 0, cpu, now);
}

Status PoolManager::add_domain(Domain& d, PoolId id, Time now) {
  (void)now;
  Pool* p = pool(id);
  if (p == nullptr) return make_error(Errc::not_found, "no such pool");
  if (d.pool_ != kNoPool || d.pool_hook.is_linked())
    return make_error(Errc::busy, "domain already in a pool");
  if (!d.vcpus_.empty()) return make_error(Errc::invalid, "domain record already lists vCPUs");
  if (p->sched->pcpus().empty()) return make_error(Errc::invalid, "pool has no pCPUs");
  p->domains.push_back(d);
  d.pool_ = id;
  return Status::success();
}

Status PoolManager::remove_domain(Domain& d, Time now, CpuMask* resched) {
  Pool* p = pool(d.pool_);
  if (p == nullptr) return make_error(Errc::not_found, "domain not in a pool");
  for (const Vcpu& v : d.vcpus_)
    if (busy(v)) return make_error(Errc::busy, "a vCPU of the domain is current on a pCPU");
  while (!d.vcpus_.empty()) {
    Vcpu& v = d.vcpus_.front();
    (void)p->sched->remove_vcpu(v, now, resched);  // cannot fail: checked above
    d.vcpus_.pop_front();
    --p->vcpus;
  }
  p->domains.erase(p->domains.iterator_to(d));
  d.pool_ = kNoPool;
  return Status::success();
}

Status PoolManager::add_vcpu(Domain& d, Vcpu& v, const Params& params, Time now, CpuMask* resched) {
  Pool* p = pool(d.pool_);
  if (p == nullptr) return make_error(Errc::not_found, "domain not in a pool");
  if (v.domain_hook.is_linked()) return make_error(Errc::busy, "vCPU already listed by a domain");
  if (v.domain_id() != d.id())
    return make_error(Errc::invalid, "vCPU belongs to another domain id");
  Status st = p->sched->add_vcpu(v, params, now, resched);
  if (!st) return st;
  d.vcpus_.push_back(v);
  ++p->vcpus;
  return Status::success();
}

Status PoolManager::remove_vcpu(Domain& d, Vcpu& v, Time now, CpuMask* resched) {
  Pool* p = pool(d.pool_);
  if (p == nullptr) return make_error(Errc::not_found, "domain not in a pool");
  if (!v.domain_hook.is_linked() || v.scheduler() != p->sched)
    return make_error(Errc::not_found, "vCPU not in that domain");
  Status st = p->sched->remove_vcpu(v, now, resched);
  if (!st) return st;
  d.vcpus_.erase(d.vcpus_.iterator_to(v));
  --p->vcpus;
  return Status::success();
}

Status PoolManager::move_domain(Domain& d, PoolId to, Time now, CpuMask* resched) {
  Pool* src = pool(d.pool_);
  if (src == nullptr) return make_error(Errc::not_found, "domain not in a pool");
  Pool* dst = pool(to);
  if (dst == nullptr) return make_error(Errc::not_found, "no such pool");
  if (d.pool_ == to) return make_error(Errc::exists, "domain already in that pool");
  const CpuMask cpus = dst->sched->pcpus();
  if (cpus.empty()) return make_error(Errc::invalid, "pool has no pCPUs");
  for (const Vcpu& v : d.vcpus_) {
    if (busy(v)) return make_error(Errc::busy, "a vCPU of the domain is current on a pCPU");
    Status st = validate_params(params_for_pool(v.state.params, cpus), cpus);
    if (!st) return st;
  }
  for (Vcpu& v : d.vcpus_) {
    const Params np = params_for_pool(v.state.params, cpus);
    const bool runnable = v.state.runnable;
    const VcpuStats kept = v.state.stats;
    (void)src->sched->remove_vcpu(v, now, resched);   // cannot fail: checked above
    (void)dst->sched->add_vcpu(v, np, now, resched);  // cannot fail: validated above
    v.state.stats = kept;
    if (runnable) {
      CpuId c = dst->sched->wake(v, now);
      if (c != kNoCpu && resched != nullptr) resched->set(c);
    }
  }
  const auto n = static_cast<std::uint32_t>(d.vcpus_.size());
  src->vcpus -= n;
  dst->vcpus += n;
  src->domains.erase(src->domains.iterator_to(d));
  dst->domains.push_back(d);
  d.pool_ = to;
  return Status::success();
}

Status PoolManager::numa_split(std::span<const std::uint32_t> node_of_cpu, Time now) {
  if (locks_ == nullptr) return make_error(Errc::invalid, "pool manager not initialised");
  if (pool_count() != 1)
    return make_error(Errc::busy, "numa-split needs Pool-0 to be the only pool");
  const CpuMask cpus = pools_[0].sched->pcpus();
  for (CpuId c = cpus.first(); c != kNoCpu; c = cpus.next(c))
    if (c >= node_of_cpu.size())
      return make_error(Errc::invalid, "node map does not cover every pCPU");
  const std::uint32_t keep = node_of_cpu[cpus.first()];
  CpuMask keep_cpus;
  std::uint32_t other_nodes = 0;
  CpuMask seen;  // pCPUs whose node was already counted
  for (CpuId c = cpus.first(); c != kNoCpu; c = cpus.next(c)) {
    if (node_of_cpu[c] == keep) {
      keep_cpus.set(c);
      continue;
    }
    if (seen.test(c)) continue;
    ++other_nodes;
    for (CpuId k = c; k != kNoCpu; k = cpus.next(k))
      if (node_of_cpu[k] == node_of_cpu[c]) seen.set(k);
  }
  if (other_nodes == 0) return Status::success();  // one node: nothing to split
  if (other_nodes > kMaxPools - 1)
    return make_error(Errc::no_space, "more NUMA nodes than pool slots");
  for (const Domain& d : pools_[0].domains)
    for (const Vcpu& v : d.vcpus_) {
      const CpuMask m = v.state.params.cpu_mask;
      if (!(m == CpuMask::all()) && !(m & keep_cpus).intersects(keep_cpus))
        return make_error(Errc::busy, "a Pool-0 vCPU is pinned outside Pool-0's node");
    }
  // Names first, so a clash refuses before anything changes.
  support::FixedString<kPoolNameMax + 1> name;
  for (CpuId c = cpus.first(); c != kNoCpu; c = cpus.next(c)) {
    if (keep_cpus.test(c)) continue;
    name.clear();
    support::format_to(name.sink(), "Pool-node{}", node_of_cpu[c]);
    if (!check_name(name.view(), kNoPool))
      return make_error(Errc::exists, "a pool named Pool-node<k> exists");
  }
  auto spec = parse_policy(pools_[0].sched->name());
  const SchedulerOptions options = pools_[0].sched->options();
  for (CpuId c = cpus.first(); c != kNoCpu; c = cpus.next(c)) {
    if (keep_cpus.test(c) || cpu_pool_[c] != 0) continue;
    name.clear();
    support::format_to(name.sink(), "Pool-node{}", node_of_cpu[c]);
    auto id = make_pool(name.view(), *spec, options);  // cannot fail: slots and names checked
    for (CpuId k = c; k != kNoCpu; k = cpus.next(k))
      if (node_of_cpu[k] == node_of_cpu[c]) (void)move_cpu(0, *id, k, now);
  }
  return Status::success();
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
