// The Tactus guest ABI, version 1: hypercall numbers, domain ids and the
// CPUID leaves a guest uses to find the hypervisor. Plain constants and
// structs shared by the hypervisor and every guest; C++ only in inline
// helpers. Hypercalls: VMCALL with the number in rax and arguments in rdi,
// rsi, rdx, r10, r8 (arg0..arg4); the result (>= 0, or a negative errno from
// errors.h) comes back in rax. Argument structs live in event.h, grant.h,
// domctl.h, sysctl.h; the shared-info page in shared_info.h. docs/hypercalls.md
// is the reference for every call. No locking: constants only.
#pragma once

#include <cstdint>

#include "tactus/errors.h"

namespace tactus::abi {

constexpr std::uint32_t kVersion = 1;

// CPUID 0x40000000: eax = highest hypervisor leaf, ebx:ecx:edx = "TactusTactus".
constexpr std::uint32_t kCpuidBase = 0x40000000;
// CPUID 0x40000001: eax = ABI version, ebx = feature bits below.
constexpr std::uint32_t kCpuidFeatures = 0x40000001;
constexpr std::uint32_t kFeatureConsoleHypercall = 1u << 0;
constexpr std::uint32_t kFeatureShutdown = 1u << 1;
constexpr std::uint32_t kFeatureSchedOps = 1u << 2;
constexpr std::uint32_t kFeatureEventChannels = 1u << 3;
constexpr std::uint32_t kFeatureGrantTables = 1u << 4;
constexpr std::uint32_t kFeatureDomctl = 1u << 5;
constexpr std::uint32_t kFeatureSysctl = 1u << 6;
// CPUID 0x40000002: eax:ebx = guest-physical address of this domain's
// shared-info page (low:high 32 bits), ecx = the caller's domain id,
// edx bit 0 = the caller is privileged.
constexpr std::uint32_t kCpuidDomain = 0x40000002;

// Domain ids. Real domains are 0 .. kMaxDomainId; domain 0 is the
// privileged management domain. kDomainSelf names the caller.
using DomainId = std::uint32_t;
constexpr DomainId kMaxDomainId = 0x7fef;
constexpr DomainId kDomainSelf = 0x7ff0;
constexpr DomainId kDomainInvalid = 0x7ff4;

// vCPUs per domain: numbered 0 .. kMaxVcpusPerDomain-1.
constexpr std::uint32_t kMaxVcpusPerDomain = 16;

// Numbered by group: 0x00 console, 0x10 scheduling, 0x20 event channels,
// 0x30 grant tables, 0x40 domain control, 0x50 system control. Any number
// not listed returns -ENOSYS. "-> x" is the non-negative result.
enum class Hypercall : std::uint64_t {
  console_write = 0x00,  // arg0 = buffer gpa, arg1 = length (<= kConsoleWriteMax) -> 0
  // Privileged (the console owner): arg0 = buffer gpa, arg1 = capacity
  // (1..kConsoleWriteMax) -> bytes of console input copied (0: none waiting).
  // New input raises Virq::console.
  console_read = 0x01,

  sched_yield = 0x10,      // -> 0
  sched_block = 0x11,      // block until an event is pending for this domain -> 0
  sched_set_timer = 0x12,  // arg0 = absolute deadline in ns of shared-info time, 0 cancels -> 0
  sched_shutdown = 0x13,   // arg0 = ShutdownReason; does not return

  evtchn_alloc_unbound = 0x20,      // arg0 = remote domain -> local port
  evtchn_bind_interdomain = 0x21,   // arg0 = remote domain, arg1 = remote port -> local port
  evtchn_bind_virq = 0x22,          // arg0 = Virq -> local port
  evtchn_send = 0x23,               // arg0 = local port -> 0
  evtchn_close = 0x24,              // arg0 = local port -> 0
  evtchn_mask = 0x25,               // arg0 = local port -> 0
  evtchn_unmask = 0x26,             // arg0 = local port -> 0
  evtchn_set_upcall_vector = 0x27,  // arg0 = vector (kUpcallVectorMin..255) -> 0

  grant_access = 0x30,  // arg0 = grantee domain, arg1 = gfn, arg2 = GrantFlags -> grant ref
  grant_revoke = 0x31,  // arg0 = grant ref -> 0
  grant_map = 0x32,     // arg0 = granting domain, arg1 = grant ref, arg2 = GrantMapFlags -> gfn
  grant_unmap = 0x33,   // arg0 = gfn returned by grant_map -> 0

  // Privileged (domain 0 and domains the config marks privileged).
  domctl_create = 0x40,          // arg0 = DomctlCreate gpa -> new domain id
  domctl_destroy = 0x41,         // arg0 = domain -> 0
  domctl_pause = 0x42,           // arg0 = domain -> 0
  domctl_unpause = 0x43,         // arg0 = domain -> 0
  domctl_get_info = 0x44,        // arg0 = domain, arg1 = DomainInfo gpa -> 0
  domctl_list = 0x45,            // arg0 = DomainId array gpa, arg1 = capacity (entries) -> count
  domctl_get_vcpu_sched = 0x46,  // arg0 = domain, arg1 = vcpu, arg2 = VcpuSchedParams gpa -> 0
  domctl_set_vcpu_sched = 0x47,  // arg0 = domain, arg1 = vcpu, arg2 = VcpuSchedParams gpa -> 0
  domctl_set_affinity = 0x48,    // arg0 = domain, arg1 = vcpu, arg2 = CpuMask gpa -> 0

  // Privileged.
  sysctl_physinfo = 0x50,            // arg0 = PhysInfo gpa -> 0
  sysctl_read_log = 0x51,            // arg0 = LogRead gpa (in/out) -> bytes copied
  sysctl_cpupool_create = 0x52,      // arg0 = CpupoolCreate gpa -> new pool id
  sysctl_cpupool_destroy = 0x53,     // arg0 = pool -> 0
  sysctl_cpupool_rename = 0x54,      // arg0 = pool, arg1 = name gpa, arg2 = name length -> 0
  sysctl_cpupool_cpu_add = 0x55,     // arg0 = pool, arg1 = cpu -> 0
  sysctl_cpupool_cpu_remove = 0x56,  // arg0 = pool, arg1 = cpu -> 0
  sysctl_cpupool_migrate = 0x57,     // arg0 = pool, arg1 = domain -> 0
  sysctl_cpupool_list = 0x58,        // arg0 = pool id array gpa, arg1 = capacity -> count
  sysctl_cpupool_info = 0x59,        // arg0 = pool, arg1 = CpupoolInfo gpa -> 0
  sysctl_cpupool_numa_split = 0x5a,  // -> number of pools afterwards
};

enum class ShutdownReason : std::uint64_t { poweroff = 0, reboot = 1, crash = 2 };

constexpr std::uint64_t kConsoleWriteMax = 4096;

// Which group a call number belongs to (the high nibble of the low byte).
constexpr std::uint64_t hypercall_group(std::uint64_t number) { return number & ~0xfull; }

}  // namespace tactus::abi
