// Model-specific register numbers and the architectural bits Tactus uses
// (Intel SDM vol. 4). Constants only.
#pragma once

#include <cstdint>

namespace arch::msr {

constexpr std::uint32_t kApicBase = 0x1b;
constexpr std::uint32_t kFeatureControl = 0x3a;
constexpr std::uint32_t kTscDeadline = 0x6e0;
constexpr std::uint32_t kVmxBasic = 0x480;
constexpr std::uint32_t kVmxPinbasedCtls = 0x481;
constexpr std::uint32_t kVmxProcbasedCtls = 0x482;
constexpr std::uint32_t kVmxExitCtls = 0x483;
constexpr std::uint32_t kVmxEntryCtls = 0x484;
constexpr std::uint32_t kVmxMisc = 0x485;
constexpr std::uint32_t kVmxCr0Fixed0 = 0x486;
constexpr std::uint32_t kVmxCr0Fixed1 = 0x487;
constexpr std::uint32_t kVmxCr4Fixed0 = 0x488;
constexpr std::uint32_t kVmxCr4Fixed1 = 0x489;
constexpr std::uint32_t kVmxProcbasedCtls2 = 0x48b;
constexpr std::uint32_t kVmxEptVpidCap = 0x48c;
constexpr std::uint32_t kVmxTruePinbasedCtls = 0x48d;
constexpr std::uint32_t kVmxTrueProcbasedCtls = 0x48e;
constexpr std::uint32_t kVmxTrueExitCtls = 0x48f;
constexpr std::uint32_t kVmxTrueEntryCtls = 0x490;
constexpr std::uint32_t kPat = 0x277;
constexpr std::uint32_t kEfer = 0xc0000080;
constexpr std::uint32_t kFsBase = 0xc0000100;
constexpr std::uint32_t kGsBase = 0xc0000101;
constexpr std::uint32_t kKernelGsBase = 0xc0000102;
constexpr std::uint32_t kX2ApicBase = 0x800;  // x2APIC register r is MSR 0x800 + (r >> 4)

// IA32_APIC_BASE
constexpr std::uint64_t kApicBaseBsp = 1ull << 8;
constexpr std::uint64_t kApicBaseX2Apic = 1ull << 10;
constexpr std::uint64_t kApicBaseEnable = 1ull << 11;

// IA32_FEATURE_CONTROL
constexpr std::uint64_t kFeatureControlLock = 1ull << 0;
constexpr std::uint64_t kFeatureControlVmxOutsideSmx = 1ull << 2;

}  // namespace arch::msr
