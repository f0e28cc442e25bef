// Domain and system control (see hv/control.h).
#include "hv/control.h"

#include "arch/tsc.h"
#include "domcfg/parser.h"
#include "hcall/decode.h"
#include "hv/cpus.h"
#include "hv/domain_create.h"
#include "hv/log.h"
#include "hv/memory.h"
#include "hv/percpu.h"
#include "hv/schedule.h"

namespace hv::control {
namespace {

namespace abi = tactus::abi;
using abi::Errno;
using abi::Hypercall;
using hcall::refuse;
using Value = hcall::Reply<std::uint64_t>;

Value from_status(const support::Status& st, std::uint64_t value = 0) {
  if (st.ok()) return value;
  return hcall::refusal_from(st.error());
}

// A domain the caller may act on: it exists and is not being torn down. The
// reference keeps it valid until the end of the call even if another CPU
// ends and reaps it meanwhile (hv/domain.h, Lifetime).
domains::Ref live(abi::DomainId id) {
  domains::Ref d = domains::get(id);
  if (d && d->ending.load()) return domains::Ref();
  return d;
}

sched::ServerKind server_from_abi(std::uint32_t s) { return static_cast<sched::ServerKind>(s); }
std::uint32_t server_to_abi(sched::ServerKind s) { return static_cast<std::uint32_t>(s); }

abi::CpuMask mask_to_abi(sched::CpuMask m, sched::CpuMask all) {
  abi::CpuMask out{};
  sched::CpuMask bits = m == sched::CpuMask::all() ? all : m;
  out.words[0] = bits.bits();
  return out;
}

support::Result<sched::CpuMask> mask_from_abi(const abi::CpuMask& m) {
  for (std::size_t w = 1; w < abi::kMaxCpus / 64; ++w)
    if (m.words[w] != 0) return support::make_error(support::Errc::range, "CPU number above 63");
  return sched::CpuMask(m.words[0]);
}

// The scheduler part of vCPU `vcpu` of a live domain that is in a pool.
// `d` (from live()) must be held while the answer is used.
hcall::Reply<sched::Vcpu*> find_vcpu(const domains::Ref& d, std::uint32_t vcpu) {
  if (!d) return refuse(Errno::srch, "no such domain");
  if (vcpu >= d->vcpu_count) return refuse(Errno::noent, "no such vCPU");
  sched::Vcpu& v = d->vcpus[vcpu].sched;
  if (v.scheduler() == nullptr) return refuse(Errno::srch, "domain is in no pool");
  return &v;
}

Value get_vcpu_sched(const hcall::VcpuSchedGetArgs& a, hcall::GuestMemory& memory) {
  const domains::Ref d = live(a.domain);
  auto found = find_vcpu(d, a.vcpu);
  if (!found.ok()) return found.refusal;
  sched::Vcpu& v = *found.value;
  sched::Params p = v.scheduler()->get_params(v);
  abi::VcpuSchedParams out{};
  out.server = server_to_abi(p.server);
  out.flags = p.rt ? abi::kVcpuSchedRealTime : 0;
  out.budget_ns = p.budget;
  out.period_ns = p.period;
  out.priority = p.priority;
  out.cpus = mask_to_abi(p.cpu_mask, v.scheduler()->pcpus());
  out.consumed_ns = v.scheduler()->vcpu_stats(v).consumed;
  auto c = hcall::copy_out_object(memory, a.out_gpa, out);
  if (!c.ok()) return c.refusal;
  return std::uint64_t{0};
}

// Applies new parameters to one vCPU; the scheduler refuses bad ones
// (budget above period, a mask outside the pool) and then changes nothing.
Value apply_params(sched::Vcpu& v, const sched::Params& p) {
  sched::CpuMask resched;
  support::Status st;
  {
    IrqGuard config(schedule::config_lock());
    st = v.scheduler()->set_params(v, p, schedule::now(), &resched);
  }
  if (!st.ok()) return hcall::refusal_from(st.error());
  for (sched::CpuId c = resched.first(); c != sched::kNoCpu; c = resched.next(c)) schedule::kick(c);
  return std::uint64_t{0};
}

Value set_vcpu_sched(const hcall::VcpuSchedSetArgs& a) {
  const domains::Ref d = live(a.domain);
  auto found = find_vcpu(d, a.vcpu);
  if (!found.ok()) return found.refusal;
  sched::Vcpu& v = *found.value;
  sched::Params p = v.scheduler()->get_params(v);
  auto mask = mask_from_abi(a.params.cpus);
  if (!mask.ok()) return hcall::refusal_from(mask.error());
  p.server = server_from_abi(a.params.server);
  p.rt = (a.params.flags & abi::kVcpuSchedRealTime) != 0;
  p.budget = a.params.budget_ns;
  p.period = a.params.period_ns;
  p.priority = a.params.priority;
  p.cpu_mask = *mask == v.scheduler()->pcpus() ? sched::CpuMask::all() : *mask;
  return apply_params(v, p);
}

Value set_affinity(const hcall::AffinityArgs& a) {
  const domains::Ref d = live(a.domain);
  auto found = find_vcpu(d, a.vcpu);
  if (!found.ok()) return found.refusal;
  sched::Vcpu& v = *found.value;
  auto mask = mask_from_abi(a.cpus);
  if (!mask.ok()) return hcall::refusal_from(mask.error());
  sched::Params p = v.scheduler()->get_params(v);
  p.cpu_mask = *mask == v.scheduler()->pcpus() ? sched::CpuMask::all() : *mask;
  return apply_params(v, p);
}

Value domain_info(const hcall::DomainInfoArgs& a, hcall::GuestMemory& memory) {
  const domains::Ref d = domains::get(a.domain);
  if (!d) return refuse(Errno::srch, "no such domain");
  abi::DomainInfo info{};
  info.id = d->id;
  info.flags = d->privileged ? abi::kDomainInfoPrivileged : 0;
  info.state = static_cast<std::uint32_t>(
      d->state == DomainState::crashed     ? abi::DomainRunState::crashed
      : d->state == DomainState::shut_down ? abi::DomainRunState::shut_down
      : d->state == DomainState::building  ? abi::DomainRunState::building
      : d->paused                          ? abi::DomainRunState::paused
                                           : abi::DomainRunState::running);
  info.vcpus = d->vcpu_count;
  info.pool = d->sched.pool();
  info.memory_bytes = d->memory_bytes;
  for (std::uint32_t i = 0; i < d->vcpu_count; ++i)
    if (sched::Scheduler* s = d->vcpus[i].sched.scheduler())
      info.cpu_time_ns += s->vcpu_stats(d->vcpus[i].sched).consumed;
  for (std::size_t i = 0; i < abi::kNameMax - 1 && d->name[i] != '\0'; ++i)
    info.name[i] = d->name[i];
  auto c = hcall::copy_out_object(memory, a.out_gpa, info);
  if (!c.ok()) return c.refusal;
  return std::uint64_t{0};
}

// The configuration of a domctl_create, parsed; a bad one is logged.
bool parse_create(const Domain& caller, const hcall::DomainCreateArgs& a,
                  domcfg::DomainOutcome& parsed) {
  parsed = domcfg::parse_domain({a.config, a.config_len});
  if (parsed.ok) return true;
  support::FixedString<160> why;
  domcfg::format_error(why.sink(), parsed.error);
  log::info("domctl: domain {} asked for a domain: config {}", caller.id, why.view());
  return false;
}

Value not_created(std::string_view name, const support::Error& e) {
  log::info("domctl: domain '{}' not created: {}", name, e.reason);
  return hcall::refusal_from(e);
}

Value list_domains(const hcall::ListArgs& a, hcall::GuestMemory& memory) {
  std::uint32_t ids[kMaxDomains];
  std::size_t n = 0;
  domains::for_each([&](Domain& d) {
    if (n < kMaxDomains) ids[n++] = d.id;
  });
  return hcall::copy_out_ids(memory, a, {ids, n});
}

// ---- system control --------------------------------------------------------

Value physinfo(const hcall::OutArgs& a, hcall::GuestMemory& memory) {
  abi::PhysInfo info{};
  info.nr_cpus = cpu_count();
  std::uint32_t nodes = 0;
  for (std::uint32_t c = 0; c < cpu_count(); ++c)
    if (PerCpu* p = cpu(c)) {
      info.cpu_to_node[c] = static_cast<std::uint8_t>(p->node);
      if (p->node + 1 > nodes) nodes = p->node + 1;
    }
  info.nr_nodes = nodes;
  info.memory_total_bytes = memory::summary().usable_bytes;
  info.memory_free_bytes = memory::free_frame_count() * 4096;
  info.tsc_khz = static_cast<std::uint32_t>(arch::tsc::calibration().hz / 1000);
  auto c = hcall::copy_out_object(memory, a.out_gpa, info);
  if (!c.ok()) return c.refusal;
  return std::uint64_t{0};
}

Value read_log(const hcall::ReadLogArgs& a, hcall::GuestMemory& memory) {
  static char buffer[abi::kLogReadMax];  // under the log lock's protection only while copying
  static IrqSpinLock lock;
  IrqGuard g(lock);
  std::uint64_t first = 0;
  std::size_t n = log::read(a.offset, buffer, a.buffer_len, first);
  return hcall::complete_read_log(memory, a, first,
                                  {reinterpret_cast<const std::uint8_t*>(buffer), n});
}

const char* policy_name(std::uint32_t priority, std::uint32_t placement) {
  static const char* const names[4][2] = {{"fp:global", "fp:partitioned"},
                                          {"dm:global", "dm:partitioned"},
                                          {"rm:global", "rm:partitioned"},
                                          {"edf:global", "edf:partitioned"}};
  return names[priority][placement];
}

Value pool_create(const hcall::PoolCreateArgs& a) {
  sched::SchedulerOptions options;
  options.quantum = a.params.quantum_ns;
  IrqGuard config(schedule::config_lock());
  auto id = schedule::pools().create_pool(
      a.params.name, policy_name(a.params.priority, a.params.placement), schedule::now(), options);
  if (!id.ok()) return hcall::refusal_from(id.error());
  return std::uint64_t{*id};
}

Value pool_info(const hcall::PoolInfoArgs& a, hcall::GuestMemory& memory) {
  auto info = schedule::pools().info(a.pool);
  if (!info.ok()) return hcall::refusal_from(info.error());
  abi::CpupoolInfo out{};
  out.id = info->id;
  out.domains = info->domains;
  sched::Scheduler* s = schedule::pools().scheduler(a.pool);
  out.priority = static_cast<std::uint32_t>(s->priority_scheme());  // fp, dm, rm, edf: same order
  out.placement = static_cast<std::uint32_t>(s->placement());
  out.quantum_ns = s->options().quantum;
  out.cpus = mask_to_abi(info->cpus, info->cpus);
  for (std::size_t i = 0; i < abi::kNameMax - 1 && info->name[i] != '\0'; ++i)
    out.name[i] = info->name[i];
  auto c = hcall::copy_out_object(memory, a.out_gpa, out);
  if (!c.ok()) return c.refusal;
  return std::uint64_t{0};
}

Value pool_list(const hcall::ListArgs& a, hcall::GuestMemory& memory) {
  sched::PoolInfo infos[sched::kMaxPools];
  std::size_t n = schedule::pools().list(infos);
  std::uint32_t ids[sched::kMaxPools];
  for (std::size_t i = 0; i < n; ++i) ids[i] = infos[i].id;
  return hcall::copy_out_ids(memory, a, {ids, n});
}

// pCPU moves take effect at the moved pCPU's next decision. Every pCPU is
// kicked: every pCPU of both pools must decide again (a released budget
// holder, re-homed timers; sched/scheduler.h, remove_pcpu).
Value pool_cpu(const hcall::Request& q) {
  support::Status st;
  {
    IrqGuard config(schedule::config_lock());
    st = q.call == Hypercall::sysctl_cpupool_cpu_add
             ? schedule::pools().add_pcpu(q.pool_cpu.pool, q.pool_cpu.cpu, schedule::now())
             : schedule::pools().remove_pcpu(q.pool_cpu.pool, q.pool_cpu.cpu, schedule::now());
  }
  if (st.ok())
    for (std::uint32_t c = 0; c < cpu_count(); ++c) schedule::kick(c);
  return from_status(st);
}

Value pool_migrate(Domain& caller, const hcall::PoolMigrateArgs& a) {
  const domains::Ref d = live(a.domain);
  if (!d) return refuse(Errno::srch, "no such domain");
  if (&*d == &caller) return refuse(Errno::inval, "a domain cannot move itself");
  if (d->privileged) return refuse(Errno::perm, "the management domain stays in Pool-0");
  return from_status(schedule::move_domain(*d, a.pool));
}

Value numa_split() {
  std::uint32_t nodes[sched::kMaxCpus] = {};
  for (std::uint32_t c = 0; c < cpu_count() && c < sched::kMaxCpus; ++c)
    if (PerCpu* p = cpu(c)) nodes[c] = p->node;
  support::Status st;
  {
    IrqGuard config(schedule::config_lock());
    st = schedule::pools().numa_split({nodes, cpu_count()}, schedule::now());
  }
  if (!st.ok()) return hcall::refusal_from(st.error());
  for (std::uint32_t c = 0; c < cpu_count(); ++c) schedule::kick(c);
  return std::uint64_t{schedule::pools().pool_count()};
}

}  // namespace

Value create_round(Vcpu& caller, const hcall::DomainCreateArgs& a, bool& more) {
  Domain& d = *caller.domain;
  Domain*& partial = caller.continuation.building;
  domcfg::DomainOutcome parsed;
  more = false;
  if (partial == nullptr) {  // the first round: check, reserve, check free memory
    if (!parse_create(d, a, parsed)) return refuse(Errno::inval, parsed.error.reason);
    auto b = domain_create::begin(parsed.config);
    if (!b.ok()) return not_created(parsed.config.name.view(), b.error());
    partial = *b;
    more = true;
    return std::uint64_t{0};
  }
  char name[kMaxNameLength + 1];
  support::format_buf(name, "{}", std::string_view(partial->name));
  auto done = domains::populate_step(*partial, kCreateStepBytes);
  if (!done.ok()) {
    partial = nullptr;  // populate_step abandoned it
    return not_created(name, done.error());
  }
  if (!*done) {
    more = true;
    return std::uint64_t{0};
  }
  Domain& built = *partial;
  partial = nullptr;
  if (!parse_create(d, a, parsed)) {
    domains::abandon_build(built);
    return refuse(Errno::inval, parsed.error.reason);
  }
  auto c = domain_create::finish(built, parsed.config);
  if (!c.ok()) return not_created(parsed.config.name.view(), c.error());
  log::info("domain {} ({}) created by domain {}: kernel {}, {} MiB, {} vCPU(s), pool {}", (*c)->id,
            (*c)->name, d.id, parsed.config.kernel.view(), (*c)->memory_bytes >> 20,
            parsed.config.vcpus, parsed.config.pool.view());
  return std::uint64_t{(*c)->id};
}

Value domctl(const hcall::Request& q, hcall::GuestMemory& memory) {
  switch (q.call) {
    case Hypercall::domctl_create:  // continued over VM exits: create_round()
      return refuse(Errno::inval, "domctl_create is carried out by create_round");
    case Hypercall::domctl_destroy: {
      const domains::Ref d = live(q.domain.domain);
      if (!d) return refuse(Errno::srch, "no such domain");
      if (d->privileged) return refuse(Errno::perm, "the management domain cannot be destroyed");
      schedule::end_domain(*d, DomainState::shut_down, "destroyed");
      return std::uint64_t{0};
    }
    case Hypercall::domctl_pause:
    case Hypercall::domctl_unpause: {
      const domains::Ref d = live(q.domain.domain);
      if (!d) return refuse(Errno::srch, "no such domain");
      if (q.call == Hypercall::domctl_pause) return from_status(schedule::pause_domain(*d));
      return from_status(schedule::unpause_domain(*d));
    }
    case Hypercall::domctl_get_info:
      return domain_info(q.domain_info, memory);
    case Hypercall::domctl_list:
      return list_domains(q.list, memory);
    case Hypercall::domctl_get_vcpu_sched:
      return get_vcpu_sched(q.vcpu_sched_get, memory);
    case Hypercall::domctl_set_vcpu_sched:
      return set_vcpu_sched(q.vcpu_sched_set);
    case Hypercall::domctl_set_affinity:
      return set_affinity(q.affinity);
    default:
      return refuse(Errno::nosys, "not a domain-control call");
  }
}

Value sysctl(Domain& caller, const hcall::Request& q, hcall::GuestMemory& memory) {
  switch (q.call) {
    case Hypercall::sysctl_physinfo:
      return physinfo(q.physinfo, memory);
    case Hypercall::sysctl_read_log:
      return read_log(q.read_log, memory);
    case Hypercall::sysctl_cpupool_create:
      return pool_create(q.pool_create);
    case Hypercall::sysctl_cpupool_destroy: {
      support::Status st;
      {
        IrqGuard config(schedule::config_lock());
        st = schedule::pools().destroy_pool(q.pool.pool, schedule::now());
      }
      if (st.ok())
        for (std::uint32_t c = 0; c < cpu_count(); ++c) schedule::kick(c);  // pCPUs back in Pool-0
      return from_status(st);
    }
    case Hypercall::sysctl_cpupool_rename: {
      IrqGuard config(schedule::config_lock());
      return from_status(schedule::pools().rename_pool(q.pool_rename.pool, q.pool_rename.name));
    }
    case Hypercall::sysctl_cpupool_cpu_add:
    case Hypercall::sysctl_cpupool_cpu_remove:
      return pool_cpu(q);
    case Hypercall::sysctl_cpupool_migrate:
      return pool_migrate(caller, q.pool_migrate);
    case Hypercall::sysctl_cpupool_list:
      return pool_list(q.list, memory);
    case Hypercall::sysctl_cpupool_info:
      return pool_info(q.pool_info, memory);
    case Hypercall::sysctl_cpupool_numa_split:
      return numa_split();
    default:
      return refuse(Errno::nosys, "not a system-control call");
  }
}

}  // namespace hv::control
