// Hypercall decoding and argument validation (see decode.h for the order of
// checks and docs/hypercalls.md for every call's rules). Stateless; no
// locking. Every guest byte is read once, through GuestMemory::copy_in,
// into Scratch or the Request; checks run on those copies only.
#include "hcall/decode.h"

namespace hcall {
namespace {

using E = abi::Errno;
using H = abi::Hypercall;

constexpr bool fits32(std::uint64_t v) { return (v >> 32) == 0; }

Reply<abi::DomainId> domain_arg(std::uint64_t raw, const Caller& caller) {
  if (!fits32(raw)) return refuse(E::inval, "domain id has bits above bit 31 set");
  auto id = static_cast<abi::DomainId>(raw);
  if (id == abi::kDomainSelf) return caller.domain;
  if (id > abi::kMaxDomainId) return refuse(E::srch, "no such domain");
  return id;
}

Reply<abi::EventPort> port_arg(std::uint64_t raw) {
  if (raw == abi::kInvalidPort || raw >= abi::kMaxPorts)
    return refuse(E::inval, "event port out of range");
  return static_cast<abi::EventPort>(raw);
}

Reply<abi::GrantRef> ref_arg(std::uint64_t raw) {
  if (raw >= abi::kMaxGrants) return refuse(E::inval, "grant reference out of range");
  return static_cast<abi::GrantRef>(raw);
}

Reply<abi::PoolId> pool_arg(std::uint64_t raw) {
  if (raw >= abi::kMaxPools) return refuse(E::noent, "no such CPU pool");
  return static_cast<abi::PoolId>(raw);
}

Reply<std::uint32_t> vcpu_arg(std::uint64_t raw) {
  if (raw >= abi::kMaxVcpusPerDomain) return refuse(E::inval, "vCPU number out of range");
  return static_cast<std::uint32_t>(raw);
}

Reply<std::uint32_t> cpu_arg(std::uint64_t raw, const Caller& caller) {
  if (raw >= caller.cpu_count) return refuse(E::inval, "no such CPU");
  return static_cast<std::uint32_t>(raw);
}

// An output buffer of `len` bytes at gpa: aligned and the caller's own.
Outcome check_out(const GuestMemory& memory, std::uint64_t gpa, std::uint64_t len,
                  std::uint64_t align) {
  if (gpa % align != 0) return refuse(E::inval, "guest buffer misaligned");
  if (!memory.owns(gpa, len)) return refuse(E::fault, "guest buffer outside the caller's memory");
  return done();
}

// Copies one ABI struct in (8-byte aligned, the caller's own memory).
template <typename T>
Outcome copy_in_object(const GuestMemory& memory, std::uint64_t gpa, T& out) {
  if (auto c = check_out(memory, gpa, sizeof(T), 8); !c.ok()) return c;
  return memory.copy_in(gpa,
                        std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(&out), sizeof(T)));
}

Outcome check_mask(const abi::CpuMask& mask, const Caller& caller) {
  bool any = false;
  for (std::uint32_t w = 0; w < abi::kMaxCpus / 64; ++w) {
    std::uint64_t word = mask.words[w];
    if (word == 0) continue;
    any = true;
    for (std::uint32_t b = 0; b < 64; ++b)
      if (((word >> b) & 1u) != 0 && w * 64 + b >= caller.cpu_count)
        return refuse(E::inval, "CPU mask names a CPU that does not exist");
  }
  if (!any) return refuse(E::inval, "CPU mask is empty");
  return done();
}

Outcome check_sched_params(const abi::VcpuSchedParams& p, const Caller& caller) {
  if ((p.flags & ~abi::kVcpuSchedFlagsValid) != 0 || p.reserved != 0)
    return refuse(E::inval, "reserved scheduling flags or fields set");
  if (p.server >= abi::kServerKindCount) return refuse(E::inval, "unknown server kind");
  if (p.period_ns < abi::kSchedPeriodMinNs || p.period_ns > abi::kSchedPeriodMaxNs)
    return refuse(E::range, "period outside 10 us .. 10 s");
  if (p.budget_ns == 0 || p.budget_ns > p.period_ns)
    return refuse(E::inval, "budget must be in (0, period]");
  return check_mask(p.cpus, caller);
}

// A pool name: 1..31 printable ASCII characters without spaces, then NULs
// to the end of the field.
Outcome check_name(const char (&name)[abi::kNameMax]) {
  std::size_t len = 0;
  while (len < abi::kNameMax && name[len] != '\0') {
    char c = name[len];
    if (c <= ' ' || c > '~') return refuse(E::inval, "pool name has a non-printable character");
    ++len;
  }
  if (len == 0) return refuse(E::inval, "pool name is empty");
  if (len == abi::kNameMax) return refuse(E::inval, "pool name is not NUL-terminated");
  for (std::size_t i = len; i < abi::kNameMax; ++i)
    if (name[i] != '\0') return refuse(E::inval, "pool name padding is not NUL");
  return done();
}

Outcome check_list(const GuestMemory& memory, std::uint64_t gpa, std::uint64_t capacity,
                   ListArgs& out) {
  if (capacity > kMaxListEntries) return refuse(E::inval, "list capacity too large");
  if (capacity != 0)
    if (auto c = check_out(memory, gpa, capacity * 4, 4); !c.ok()) return c;
  out = ListArgs{gpa, static_cast<std::uint32_t>(capacity)};
  return done();
}

// True (and the refusal in `out`) when a helper refused; each decode step
// returns `out` explicitly rather than through a hiding macro.
template <typename T>
bool failed(const Reply<T>& r, Refusal& out) {
  if (r.ok()) return false;
  out = r.refusal;
  return true;
}

Reply<Request> decode_console(const Registers& regs, const GuestMemory& memory, Scratch& scratch,
                              Request q) {
  std::uint64_t gpa = regs.arg[0], len = regs.arg[1];
  if (len > abi::kConsoleWriteMax) return refuse(E::inval, "console write longer than 4096 bytes");
  std::uint64_t chunk = len < kConsoleChunk ? len : kConsoleChunk;
  if (len != 0) {
    if (!memory.owns(gpa, len)) return refuse(E::fault, "guest buffer outside the caller's memory");
    auto c = memory.copy_in(gpa, std::span<std::uint8_t>(scratch.bytes, chunk));
    if (!c.ok()) return c.refusal;
  }
  q.console_write = ConsoleWriteArgs{scratch.bytes, static_cast<std::uint32_t>(chunk),
                                     static_cast<std::uint32_t>(len - chunk)};
  return q;
}

Reply<Request> decode_console_read(const Registers& regs, const GuestMemory& memory, Request q) {
  std::uint64_t gpa = regs.arg[0], len = regs.arg[1];
  if (len == 0 || len > abi::kConsoleWriteMax)
    return refuse(E::inval, "console read capacity outside 1..4096");
  if (!memory.owns(gpa, len)) return refuse(E::fault, "guest buffer outside the caller's memory");
  q.console_read = ConsoleReadArgs{gpa, static_cast<std::uint32_t>(len)};
  return q;
}

Reply<Request> decode_sched(const Registers& regs, Request q) {
  switch (q.call) {
    case H::sched_yield:
    case H::sched_block:
      return q;
    case H::sched_set_timer:
      q.set_timer = SetTimerArgs{regs.arg[0]};
      return q;
    case H::sched_shutdown:
      if (regs.arg[0] > static_cast<std::uint64_t>(abi::ShutdownReason::crash))
        return refuse(E::inval, "unknown shutdown reason");
      q.shutdown = ShutdownArgs{static_cast<abi::ShutdownReason>(regs.arg[0])};
      return q;
    default:
      return refuse(E::nosys, "no such hypercall");
  }
}

Reply<Request> decode_event(const Registers& regs, const Caller& caller, Request q) {
  Refusal why;
  switch (q.call) {
    case H::evtchn_alloc_unbound: {
      auto remote = domain_arg(regs.arg[0], caller);
      if (failed(remote, why)) return why;
      q.alloc_unbound = AllocUnboundArgs{remote.value};
      return q;
    }
    case H::evtchn_bind_interdomain: {
      auto remote = domain_arg(regs.arg[0], caller);
      if (failed(remote, why)) return why;
      auto port = port_arg(regs.arg[1]);
      if (failed(port, why)) return why;
      q.bind_interdomain = BindInterdomainArgs{remote.value, port.value};
      return q;
    }
    case H::evtchn_bind_virq:
      if (regs.arg[0] >= abi::kVirqCount) return refuse(E::inval, "unknown virtual IRQ");
      q.bind_virq = BindVirqArgs{static_cast<abi::Virq>(regs.arg[0])};
      return q;
    case H::evtchn_send:
    case H::evtchn_close:
    case H::evtchn_mask:
    case H::evtchn_unmask: {
      auto port = port_arg(regs.arg[0]);
      if (failed(port, why)) return why;
      q.port = PortArgs{port.value};
      return q;
    }
    case H::evtchn_set_upcall_vector:
      if (regs.arg[0] < abi::kUpcallVectorMin || regs.arg[0] > abi::kUpcallVectorMax)
        return refuse(E::inval, "upcall vector outside 0x20..0xff");
      q.upcall_vector = UpcallVectorArgs{static_cast<std::uint8_t>(regs.arg[0])};
      return q;
    default:
      return refuse(E::nosys, "no such hypercall");
  }
}

Reply<Request> decode_grant(const Registers& regs, const Caller& caller, const GuestMemory& memory,
                            Request q) {
  Refusal why;
  switch (q.call) {
    case H::grant_access: {
      auto grantee = domain_arg(regs.arg[0], caller);
      if (failed(grantee, why)) return why;
      if (grantee.value == caller.domain)
        return refuse(E::inval, "a domain cannot grant to itself");
      if ((regs.arg[2] & ~abi::kGrantFlagsValid) != 0)
        return refuse(E::inval, "reserved grant flags set");
      std::uint64_t gfn = regs.arg[1];
      if (gfn >= (kGuestPhysicalLimit >> abi::kPageShift) ||
          !memory.owns(gfn << abi::kPageShift, abi::kPageSize))
        return refuse(E::fault, "granted page is not the caller's memory");
      q.grant_access =
          GrantAccessArgs{grantee.value, gfn, (regs.arg[2] & abi::kGrantReadOnly) != 0};
      return q;
    }
    case H::grant_revoke: {
      auto ref = ref_arg(regs.arg[0]);
      if (failed(ref, why)) return why;
      q.grant_revoke = GrantRefArgs{ref.value};
      return q;
    }
    case H::grant_map: {
      auto granter = domain_arg(regs.arg[0], caller);
      if (failed(granter, why)) return why;
      if (granter.value == caller.domain)
        return refuse(E::inval, "a domain cannot map its own grant");
      auto ref = ref_arg(regs.arg[1]);
      if (failed(ref, why)) return why;
      if ((regs.arg[2] & ~abi::kGrantMapFlagsValid) != 0)
        return refuse(E::inval, "reserved grant-map flags set");
      q.grant_map =
          GrantMapArgs{granter.value, ref.value, (regs.arg[2] & abi::kGrantMapReadOnly) != 0};
      return q;
    }
    case H::grant_unmap:
      if (!abi::in_grant_map_window(regs.arg[0]))
        return refuse(E::inval, "gfn is not in the grant-map window");
      q.grant_unmap = GrantUnmapArgs{regs.arg[0]};
      return q;
    default:
      return refuse(E::nosys, "no such hypercall");
  }
}

Reply<Request> decode_domctl(const Registers& regs, const Caller& caller, const GuestMemory& memory,
                             Scratch& scratch, Request q) {
  Refusal why;
  switch (q.call) {
    case H::domctl_create: {
      abi::DomctlCreate c{};
      auto in = copy_in_object(memory, regs.arg[0], c);
      if (!in.ok()) return in.refusal;
      if (c.module != 0 || c.flags != 0 || c.reserved != 0)
        return refuse(E::inval,
                      "reserved create fields set (the config's kernel names the module)");
      if (c.config_len == 0 || c.config_len > abi::kConfigTextMax)
        return refuse(E::inval, "config text length outside 1..4096");
      if (!memory.owns(c.config_gpa, c.config_len))
        return refuse(E::fault, "config text outside the caller's memory");
      auto text =
          memory.copy_in(c.config_gpa, std::span<std::uint8_t>(scratch.bytes, c.config_len));
      if (!text.ok()) return text.refusal;
      for (std::uint32_t i = 0; i < c.config_len; ++i)
        if (scratch.bytes[i] == 0) return refuse(E::inval, "config text contains a NUL byte");
      q.domain_create =
          DomainCreateArgs{reinterpret_cast<const char*>(scratch.bytes), c.config_len};
      return q;
    }
    case H::domctl_destroy:
    case H::domctl_pause:
    case H::domctl_unpause: {
      auto d = domain_arg(regs.arg[0], caller);
      if (failed(d, why)) return why;
      if (d.value == caller.domain)
        return refuse(E::inval, "a domain cannot destroy or pause itself (use sched_shutdown)");
      q.domain = DomainArgs{d.value};
      return q;
    }
    case H::domctl_get_info: {
      auto d = domain_arg(regs.arg[0], caller);
      if (failed(d, why)) return why;
      if (auto c = check_out(memory, regs.arg[1], sizeof(abi::DomainInfo), 8); !c.ok())
        return c.refusal;
      q.domain_info = DomainInfoArgs{d.value, regs.arg[1]};
      return q;
    }
    case H::domctl_list:
      if (auto c = check_list(memory, regs.arg[0], regs.arg[1], q.list); !c.ok()) return c.refusal;
      return q;
    case H::domctl_get_vcpu_sched: {
      auto d = domain_arg(regs.arg[0], caller);
      if (failed(d, why)) return why;
      auto v = vcpu_arg(regs.arg[1]);
      if (failed(v, why)) return why;
      if (auto c = check_out(memory, regs.arg[2], sizeof(abi::VcpuSchedParams), 8); !c.ok())
        return c.refusal;
      q.vcpu_sched_get = VcpuSchedGetArgs{d.value, v.value, regs.arg[2]};
      return q;
    }
    case H::domctl_set_vcpu_sched: {
      auto d = domain_arg(regs.arg[0], caller);
      if (failed(d, why)) return why;
      auto v = vcpu_arg(regs.arg[1]);
      if (failed(v, why)) return why;
      abi::VcpuSchedParams p{};
      if (auto c = copy_in_object(memory, regs.arg[2], p); !c.ok()) return c.refusal;
      if (auto c = check_sched_params(p, caller); !c.ok()) return c.refusal;
      q.vcpu_sched_set = VcpuSchedSetArgs{d.value, v.value, p};
      return q;
    }
    case H::domctl_set_affinity: {
      auto d = domain_arg(regs.arg[0], caller);
      if (failed(d, why)) return why;
      auto v = vcpu_arg(regs.arg[1]);
      if (failed(v, why)) return why;
      abi::CpuMask m{};
      if (auto c = copy_in_object(memory, regs.arg[2], m); !c.ok()) return c.refusal;
      if (auto c = check_mask(m, caller); !c.ok()) return c.refusal;
      q.affinity = AffinityArgs{d.value, v.value, m};
      return q;
    }
    default:
      return refuse(E::nosys, "no such hypercall");
  }
}

Reply<Request> decode_sysctl(const Registers& regs, const Caller& caller, const GuestMemory& memory,
                             Request q) {
  Refusal why;
  switch (q.call) {
    case H::sysctl_physinfo:
      if (auto c = check_out(memory, regs.arg[0], sizeof(abi::PhysInfo), 8); !c.ok())
        return c.refusal;
      q.physinfo = OutArgs{regs.arg[0]};
      return q;
    case H::sysctl_read_log: {
      abi::LogRead r{};
      if (auto c = copy_in_object(memory, regs.arg[0], r); !c.ok()) return c.refusal;
      if (r.flags != 0) return refuse(E::inval, "reserved log-read flags set");
      if (r.buffer_len == 0 || r.buffer_len > abi::kLogReadMax)
        return refuse(E::inval, "log buffer length outside 1..65536");
      if (!memory.owns(r.buffer_gpa, r.buffer_len))
        return refuse(E::fault, "log buffer outside the caller's memory");
      bool apart = r.buffer_gpa + r.buffer_len <= regs.arg[0] ||
                   regs.arg[0] + sizeof(abi::LogRead) <= r.buffer_gpa;
      if (!apart) return refuse(E::inval, "log buffer overlaps the cursor");
      q.read_log = ReadLogArgs{regs.arg[0], r.offset, r.buffer_gpa, r.buffer_len};
      return q;
    }
    case H::sysctl_cpupool_create: {
      abi::CpupoolCreate p{};
      if (auto c = copy_in_object(memory, regs.arg[0], p); !c.ok()) return c.refusal;
      if (p.flags != 0 || p.reserved != 0) return refuse(E::inval, "reserved pool fields set");
      if (auto c = check_name(p.name); !c.ok()) return c.refusal;
      if (p.priority >= abi::kPrioritySchemeCount)
        return refuse(E::inval, "unknown priority scheme");
      if (p.placement >= abi::kPlacementCount) return refuse(E::inval, "unknown placement");
      if (p.quantum_ns != 0 &&
          (p.quantum_ns < abi::kSchedPeriodMinNs || p.quantum_ns > abi::kSchedPeriodMaxNs))
        return refuse(E::range, "quantum outside 10 us .. 10 s");
      q.pool_create = PoolCreateArgs{p};
      return q;
    }
    case H::sysctl_cpupool_destroy: {
      auto p = pool_arg(regs.arg[0]);
      if (failed(p, why)) return why;
      q.pool = PoolArgs{p.value};
      return q;
    }
    case H::sysctl_cpupool_rename: {
      auto p = pool_arg(regs.arg[0]);
      if (failed(p, why)) return why;
      std::uint64_t len = regs.arg[2];
      if (len == 0 || len >= abi::kNameMax)
        return refuse(E::inval, "pool name length outside 1..31");
      if (!memory.owns(regs.arg[1], len))
        return refuse(E::fault, "pool name outside the caller's memory");
      PoolRenameArgs a{p.value, {}};
      auto c = memory.copy_in(
          regs.arg[1], std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(a.name), len));
      if (!c.ok()) return c.refusal;
      if (auto n = check_name(a.name); !n.ok()) return n.refusal;
      q.pool_rename = a;
      return q;
    }
    case H::sysctl_cpupool_cpu_add:
    case H::sysctl_cpupool_cpu_remove: {
      auto p = pool_arg(regs.arg[0]);
      if (failed(p, why)) return why;
      auto cpu = cpu_arg(regs.arg[1], caller);
      if (failed(cpu, why)) return why;
      q.pool_cpu = PoolCpuArgs{p.value, cpu.value};
      return q;
    }
    case H::sysctl_cpupool_migrate: {
      auto p = pool_arg(regs.arg[0]);
      if (failed(p, why)) return why;
      auto d = domain_arg(regs.arg[1], caller);
      if (failed(d, why)) return why;
      q.pool_migrate = PoolMigrateArgs{p.value, d.value};
      return q;
    }
    case H::sysctl_cpupool_list:
      if (auto c = check_list(memory, regs.arg[0], regs.arg[1], q.list); !c.ok()) return c.refusal;
      return q;
    case H::sysctl_cpupool_info: {
      auto p = pool_arg(regs.arg[0]);
      if (failed(p, why)) return why;
      if (auto c = check_out(memory, regs.arg[1], sizeof(abi::CpupoolInfo), 8); !c.ok())
        return c.refusal;
      q.pool_info = PoolInfoArgs{p.value, regs.arg[1]};
      return q;
    }
    case H::sysctl_cpupool_numa_split:
      return q;
    default:
      return refuse(E::nosys, "no such hypercall");
  }
}

}  // namespace

bool is_known(std::uint64_t n) {
  return n <= 0x01 || (n >= 0x10 && n <= 0x13) || (n >= 0x20 && n <= 0x27) ||
         (n >= 0x30 && n <= 0x33) || (n >= 0x40 && n <= 0x48) || (n >= 0x50 && n <= 0x5a);
}

bool is_privileged(abi::Hypercall call) {
  auto group = abi::hypercall_group(static_cast<std::uint64_t>(call));
  return group == 0x40 || group == 0x50 || call == abi::Hypercall::console_read;
}

Reply<Request> decode(const Registers& regs, const Caller& caller, const GuestMemory& memory,
                      Scratch& scratch) {
  if (caller.cpl != 0) return refuse(E::perm, "hypercall from guest user mode (CPL > 0)");
  if (!is_known(regs.number)) return refuse(E::nosys, "no such hypercall");
  Request q;
  q.call = static_cast<H>(regs.number);
  q.caller = caller.domain;
  if (is_privileged(q.call) && !caller.privileged)
    return refuse(E::perm, "privileged hypercall from an unprivileged domain");
  switch (abi::hypercall_group(regs.number)) {
    case 0x00:
      if (q.call == H::console_read) return decode_console_read(regs, memory, q);
      return decode_console(regs, memory, scratch, q);
    case 0x10:
      return decode_sched(regs, q);
    case 0x20:
      return decode_event(regs, caller, q);
    case 0x30:
      return decode_grant(regs, caller, memory, q);
    case 0x40:
      return decode_domctl(regs, caller, memory, scratch, q);
    default:
      return decode_sysctl(regs, caller, memory, q);
  }
}

Reply<std::uint64_t> copy_out_ids(GuestMemory& memory, const ListArgs& args,
                                  std::span<const std::uint32_t> ids) {
  std::size_t n = ids.size() < args.capacity ? ids.size() : args.capacity;
  if (n != 0) {
    auto c = memory.copy_out(
        args.out_gpa,
        std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(ids.data()), n * 4));
    if (!c.ok()) return c.refusal;
  }
  return static_cast<std::uint64_t>(ids.size());
}

Reply<std::uint64_t> complete_read_log(GuestMemory& memory, const ReadLogArgs& args,
                                       std::uint64_t first, std::span<const std::uint8_t> data) {
  if (data.size() > args.buffer_len) return refuse(E::inval, "log data longer than the buffer");
  if (!data.empty())
    if (auto c = memory.copy_out(args.buffer_gpa, data); !c.ok()) return c.refusal;
  abi::LogRead cursor{};
  cursor.offset = first + data.size();
  cursor.buffer_gpa = args.buffer_gpa;
  cursor.buffer_len = args.buffer_len;
  cursor.lost = first > args.offset ? first - args.offset : 0;
  if (auto c = copy_out_object(memory, args.cursor_gpa, cursor); !c.ok()) return c.refusal;
  return static_cast<std::uint64_t>(data.size());
}

}  // namespace hcall
