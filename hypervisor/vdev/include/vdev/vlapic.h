// VLapic: one vCPU's virtual local APIC in x2APIC mode (issue 18): the
// x2APIC MSRs (0x800-0x8ff), IA32_APIC_BASE and IA32_TSC_DEADLINE, the
// interrupt request/in-service state with TPR/PPR priority, EOI, IPIs and
// the timer in one-shot, periodic and TSC-deadline modes.
//
// Portable: no hardware, no time source of its own. The caller passes the
// guest's TSC to every call that depends on time, arms a one-shot host timer
// at next_timer_tsc(), delivers the IPIs write_msr() returns to the target
// vCPUs of the same domain (accepts(), then accept()), and injects
// pending_vector() when the guest can take it, calling acknowledge() as it
// does. The APIC starts, as firmware that enabled x2APIC leaves it, in
// x2APIC mode with its ID; xAPIC (MMIO) mode is not emulated, so a write to
// IA32_APIC_BASE that would enter it is refused with #GP, like every
// reserved-bit write, every write to a read-only register and every read of
// a write-only one (the x2APIC architecture's rules).
//
// No locking: the vCPU's pCPU owns it while the vCPU runs; other vCPUs of
// the domain reach it only through accept(), which the caller serializes
// (the domain's interrupt lock).
#pragma once

#include <cstdint>

namespace vdev {

class VLapic {
 public:
  static constexpr std::uint32_t kMsrApicBase = 0x1b, kMsrTscDeadline = 0x6e0;
  static constexpr std::uint32_t kMsrX2apicFirst = 0x800, kMsrX2apicLast = 0x8ff;
  static constexpr std::uint64_t kNever = ~0ull;

  struct Config {
    std::uint32_t id = 0;        // x2APIC ID (the vCPU index)
    bool bsp = false;            // IA32_APIC_BASE.BSP
    std::uint64_t tsc_hz = 1;    // the guest TSC's rate
    std::uint64_t timer_hz = 1;  // the APIC timer's input clock (before the divider)
  };

  enum class DeliveryMode : std::uint8_t {
    fixed = 0,
    lowest = 1,
    smi = 2,
    nmi = 4,
    init = 5,
    startup = 6
  };
  enum class Shorthand : std::uint8_t {
    none = 0,
    self = 1,
    all_including_self = 2,
    all_excluding_self = 3
  };

  // An interprocessor interrupt the guest asked for (ICR or SELF_IPI write).
  struct Ipi {
    std::uint8_t vector = 0;
    DeliveryMode mode = DeliveryMode::fixed;
    bool logical = false;  // destination mode
    Shorthand shorthand = Shorthand::none;
    std::uint32_t destination = 0;
  };

  struct WriteResult {
    bool gp = false;   // raise #GP in the guest; nothing changed
    bool ipi = false;  // `sent` is to be delivered
    Ipi sent;
  };
  struct ReadResult {
    bool gp = false;
    std::uint64_t value = 0;
  };

  explicit VLapic(const Config& c);

  // True for the MSRs this model owns (the caller routes them here).
  static bool owns(std::uint32_t msr) {
    return msr == kMsrApicBase || msr == kMsrTscDeadline ||
           (msr >= kMsrX2apicFirst && msr <= kMsrX2apicLast);
  }
  ReadResult read_msr(std::uint32_t msr, std::uint64_t tsc);
  WriteResult write_msr(std::uint32_t msr, std::uint64_t value, std::uint64_t tsc);

  // Whether an IPI sent by `sender` reaches this APIC.
  bool accepts(const Ipi& ipi, std::uint32_t sender) const;
  // A fixed-mode interrupt arrives (an IPI, or from a device). Vectors below
  // 16 are illegal: dropped and recorded in ESR.
  void accept(std::uint8_t vector);

  // The highest requested vector above the processor priority, or -1.
  int pending_vector() const;
  // The caller injected `vector` (a pending_vector() result).
  void acknowledge(std::uint8_t vector);

  // The guest TSC at which the timer next fires, or kNever.
  std::uint64_t next_timer_tsc() const { return timer_due_; }
  // Fires the timer if it is due at `tsc` (and re-arms a periodic one).
  void run_timer(std::uint64_t tsc);

  // CR8 is TPR[7:4] (the VMX TPR shadow and CR8 exits both land here).
  std::uint8_t cr8() const { return tpr_ >> 4; }
  void set_cr8(std::uint8_t v) { tpr_ = static_cast<std::uint8_t>((v & 0xf) << 4); }
  std::uint8_t tpr() const { return tpr_; }
  std::uint8_t ppr() const;
  bool software_enabled() const { return svr_ & 0x100; }
  std::uint32_t id() const { return cfg_.id; }

 private:
  static bool test(const std::uint32_t* v, unsigned bit) { return v[bit / 32] >> (bit % 32) & 1; }
  static void set(std::uint32_t* v, unsigned bit) { v[bit / 32] |= 1u << (bit % 32); }
  static void clear(std::uint32_t* v, unsigned bit) { v[bit / 32] &= ~(1u << (bit % 32)); }
  static int highest(const std::uint32_t* v);

  std::uint64_t ticks_to_tsc(std::uint64_t ticks) const;
  std::uint32_t current_count(std::uint64_t tsc) const;
  void start_count(std::uint64_t tsc);
  unsigned divide() const;
  unsigned timer_mode() const { return (lvt_[kLvtTimer] >> 17) & 3; }

  enum Lvt : unsigned {
    kLvtCmci,
    kLvtTimer,
    kLvtThermal,
    kLvtPmc,
    kLvtLint0,
    kLvtLint1,
    kLvtError,
    kLvts
  };

  Config cfg_;
  std::uint64_t apic_base_;
  std::uint8_t tpr_ = 0;
  std::uint32_t svr_ = 0xff;  // software disabled, spurious vector 0xff
  std::uint32_t esr_ = 0, esr_pending_ = 0;
  std::uint64_t icr_ = 0;
  std::uint32_t lvt_[kLvts];
  std::uint32_t irr_[8] = {}, isr_[8] = {};
  std::uint32_t initial_count_ = 0, divide_config_ = 0;
  std::uint64_t count_start_ = 0;     // guest TSC when the count was loaded
  std::uint64_t timer_due_ = kNever;  // guest TSC of the next expiry
  std::uint64_t tsc_deadline_ = 0;    // IA32_TSC_DEADLINE as the guest reads it
};

}  // namespace vdev
