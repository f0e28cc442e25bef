// A decoded hypercall: the raw registers and caller identity that go in, and
// the typed, validated request that comes out of decode() (decode.h). Every
// value in a Request has been range-checked; guest buffers have been copied
// into hypervisor-owned storage (Scratch, or the Request itself) and output
// buffers checked to be the caller's own memory. Plain values; no locking.
#pragma once

#include <cstdint>

#include "tactus/abi.h"
#include "tactus/domctl.h"
#include "tactus/event.h"
#include "tactus/grant.h"
#include "tactus/sysctl.h"

namespace hcall {

namespace abi = tactus::abi;

// VMCALL registers: number in rax, arg[0..4] in rdi, rsi, rdx, r10, r8.
struct Registers {
  std::uint64_t number = 0;
  std::uint64_t arg[5] = {};
};

// Who is calling, and the machine facts decode() checks against.
struct Caller {
  abi::DomainId domain = 0;
  bool privileged = false;
  std::uint32_t cpu_count = 1;  // CPUs that exist: valid CPU numbers are 0 .. cpu_count-1
  std::uint8_t cpl = 0;         // the guest's privilege level at the VMCALL (0 = kernel)
};

// Hypervisor-owned storage for copied-in variable-length buffers. One per
// CPU (or per hypercall); a Request points into it while it is handled.
constexpr std::uint32_t kScratchBytes =
    abi::kConsoleWriteMax > abi::kConfigTextMax ? abi::kConsoleWriteMax : abi::kConfigTextMax;
struct Scratch {
  std::uint8_t bytes[kScratchBytes];
};

// Largest capacity accepted by the list calls (domctl_list, cpupool_list).
constexpr std::uint32_t kMaxListEntries = 1024;

// console_write is carried out in chunks of at most kConsoleChunk bytes,
// one per VM exit (hv/hypercall.h continues the call): decode() checks the
// whole buffer and copies its first chunk; `rest` is what follows it.
constexpr std::uint32_t kConsoleChunk = 128;
struct ConsoleWriteArgs {
  const std::uint8_t* text;  // in Scratch
  std::uint32_t len;         // this chunk: min(length, kConsoleChunk)
  std::uint32_t rest;        // bytes after this chunk
};
struct ConsoleReadArgs {
  std::uint64_t gpa;  // checked: the caller's memory, capacity bytes long
  std::uint32_t capacity;
};
struct SetTimerArgs {
  std::uint64_t deadline_ns;  // 0 cancels
};
struct ShutdownArgs {
  abi::ShutdownReason reason;
};
struct AllocUnboundArgs {
  abi::DomainId remote;
};
struct BindInterdomainArgs {
  abi::DomainId remote;
  abi::EventPort remote_port;
};
struct BindVirqArgs {
  abi::Virq virq;
};
struct PortArgs {
  abi::EventPort port;  // 1 .. kMaxPorts-1
};
struct UpcallVectorArgs {
  std::uint8_t vector;
};
struct GrantAccessArgs {
  abi::DomainId grantee;
  std::uint64_t gfn;  // a page the caller owns
  bool readonly;
};
struct GrantRefArgs {
  abi::GrantRef ref;
};
struct GrantMapArgs {
  abi::DomainId granter;
  abi::GrantRef ref;
  bool readonly;
};
struct GrantUnmapArgs {
  std::uint64_t gfn;  // inside the grant-map window
};
struct DomainCreateArgs {
  const char* config;  // in Scratch, no NUL inside
  std::uint32_t config_len;
};
struct DomainArgs {
  abi::DomainId domain;  // never kDomainSelf: resolved to the caller
};
struct DomainInfoArgs {
  abi::DomainId domain;
  std::uint64_t out_gpa;  // room for abi::DomainInfo
};
struct ListArgs {
  std::uint64_t out_gpa;  // room for capacity 32-bit ids (unused when capacity is 0)
  std::uint32_t capacity;
};
struct VcpuSchedGetArgs {
  abi::DomainId domain;
  std::uint32_t vcpu;
  std::uint64_t out_gpa;  // room for abi::VcpuSchedParams
};
struct VcpuSchedSetArgs {
  abi::DomainId domain;
  std::uint32_t vcpu;
  abi::VcpuSchedParams params;  // validated copy
};
struct AffinityArgs {
  abi::DomainId domain;
  std::uint32_t vcpu;
  abi::CpuMask cpus;  // validated copy: non-empty, existing CPUs only
};
struct OutArgs {
  std::uint64_t out_gpa;
};
struct ReadLogArgs {
  std::uint64_t cursor_gpa;  // where the abi::LogRead goes back
  std::uint64_t offset;
  std::uint64_t buffer_gpa;
  std::uint32_t buffer_len;
};
struct PoolCreateArgs {
  abi::CpupoolCreate params;  // validated copy; name NUL-terminated
};
struct PoolArgs {
  abi::PoolId pool;
};
struct PoolRenameArgs {
  abi::PoolId pool;
  char name[abi::kNameMax];  // validated, NUL-terminated
};
struct PoolCpuArgs {
  abi::PoolId pool;
  std::uint32_t cpu;
};
struct PoolMigrateArgs {
  abi::PoolId pool;
  abi::DomainId domain;
};
struct PoolInfoArgs {
  abi::PoolId pool;
  std::uint64_t out_gpa;
};

// The typed request. `call` says which member of the union is valid (see
// the table in decode.cpp and docs/hypercalls.md); calls without arguments
// use none.
struct Request {
  abi::Hypercall call = abi::Hypercall::sched_yield;
  abi::DomainId caller = 0;
  union {
    ConsoleWriteArgs console_write;
    ConsoleReadArgs console_read;
    SetTimerArgs set_timer;
    ShutdownArgs shutdown;
    AllocUnboundArgs alloc_unbound;
    BindInterdomainArgs bind_interdomain;
    BindVirqArgs bind_virq;
    PortArgs port;  // evtchn_send, _close, _mask, _unmask
    UpcallVectorArgs upcall_vector;
    GrantAccessArgs grant_access;
    GrantRefArgs grant_revoke;
    GrantMapArgs grant_map;
    GrantUnmapArgs grant_unmap;
    DomainCreateArgs domain_create;
    DomainArgs domain;  // domctl_destroy, _pause, _unpause
    DomainInfoArgs domain_info;
    ListArgs list;  // domctl_list, sysctl_cpupool_list
    VcpuSchedGetArgs vcpu_sched_get;
    VcpuSchedSetArgs vcpu_sched_set;
    AffinityArgs affinity;
    OutArgs physinfo;
    ReadLogArgs read_log;
    PoolCreateArgs pool_create;
    PoolArgs pool;  // sysctl_cpupool_destroy
    PoolRenameArgs pool_rename;
    PoolCpuArgs pool_cpu;  // sysctl_cpupool_cpu_add, _cpu_remove
    PoolMigrateArgs pool_migrate;
    PoolInfoArgs pool_info;
    std::uint64_t none;
  };

  Request() : none(0) {}
};

// Static facts about call numbers.
bool is_known(std::uint64_t number);
bool is_privileged(abi::Hypercall call);

}  // namespace hcall
