// The Tactus guest ABI, version 1: hypercall numbers, results and the
// CPUID leaves a guest uses to find the hypervisor. Plain constants and
// structs shared by the hypervisor and every guest; C++ only in inline
// helpers. Hypercalls: VMCALL with the number in rax and arguments in rdi,
// rsi, rdx, r10, r8; the result (0 or a negative errno) comes back in rax.
#pragma once

#include <cstdint>

namespace tactus::abi {

constexpr std::uint32_t kVersion = 1;

// CPUID 0x40000000: eax = highest hypervisor leaf, ebx:ecx:edx = "TactusTactus".
constexpr std::uint32_t kCpuidBase = 0x40000000;
// CPUID 0x40000001: eax = ABI version, ebx = feature bits below.
constexpr std::uint32_t kCpuidFeatures = 0x40000001;
constexpr std::uint32_t kFeatureConsoleHypercall = 1u << 0;
constexpr std::uint32_t kFeatureShutdown = 1u << 1;

// Numbered by group: 0x00 console, 0x10 scheduling, 0x20 event channels,
// 0x30 grant tables, 0x40 domain control, 0x50 system control. Only the
// calls listed exist in this version; any other number returns kErrNoSys.
enum class Hypercall : std::uint64_t {
  console_write = 0x00,   // rdi = guest-physical buffer, rsi = length (<= kConsoleWriteMax)
  sched_shutdown = 0x13,  // rdi = ShutdownReason; does not return
};

enum class ShutdownReason : std::uint64_t { poweroff = 0, reboot = 1, crash = 2 };

constexpr std::uint64_t kConsoleWriteMax = 4096;

// Negative errno values returned in rax.
constexpr std::int64_t kErrPermission = -1;
constexpr std::int64_t kErrFault = -14;
constexpr std::int64_t kErrInvalid = -22;
constexpr std::int64_t kErrNoSys = -38;

}  // namespace tactus::abi
