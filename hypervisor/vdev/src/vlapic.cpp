// VLapic (vlapic.h). Register numbers, reserved-bit rules and the priority
// arithmetic follow the x2APIC chapter of Intel's SDM, vol. 3A ch. 11.
#include "vdev/vlapic.h"

namespace vdev {
namespace {

// x2APIC register numbers: MSR 0x800 + (xAPIC offset >> 4).
enum Reg : std::uint32_t {
  kId = 0x02,
  kVersion = 0x03,
  kTpr = 0x08,
  kPpr = 0x0a,
  kEoi = 0x0b,
  kLdr = 0x0d,
  kSvr = 0x0f,
  kIsr0 = 0x10,
  kTmr0 = 0x18,
  kIrr0 = 0x20,
  kEsr = 0x28,
  kLvtCmciReg = 0x2f,
  kIcr = 0x30,
  kLvtTimerReg = 0x32,  // .. 0x37: timer, thermal, PMC, LINT0, LINT1, error
  kLvtErrorReg = 0x37,
  kInitialCount = 0x38,
  kCurrentCount = 0x39,
  kDivide = 0x3e,
  kSelfIpi = 0x3f,
};

constexpr std::uint64_t kBaseAddress = 0xfee00000, kBaseBsp = 1u << 8, kBaseExtd = 1u << 10,
                        kBaseEnable = 1u << 11;
constexpr std::uint32_t kLvtMask = 1u << 16;
constexpr std::uint32_t kEsrSendIllegal = 1u << 5, kEsrReceiveIllegal = 1u << 6;
constexpr std::uint64_t kIcrWritable = 0xffffffff000ccfffull;  // bit 12 is reserved in x2APIC
constexpr unsigned kModeOneShot = 0, kModePeriodic = 1, kModeDeadline = 2;

}  // namespace

VLapic::VLapic(const Config& c)
    : cfg_(c), apic_base_(kBaseAddress | kBaseEnable | kBaseExtd | (c.bsp ? kBaseBsp : 0)) {
  for (auto& l : lvt_) l = kLvtMask;
}

int VLapic::highest(const std::uint32_t* v) {
  for (int w = 7; w >= 0; --w)
    if (v[w]) return w * 32 + 31 - __builtin_clz(v[w]);
  return -1;
}

std::uint8_t VLapic::ppr() const {
  const int isrv = highest(isr_);
  const unsigned isr_class = isrv < 0 ? 0 : static_cast<unsigned>(isrv) & 0xf0;
  return (tpr_ & 0xf0) >= isr_class ? tpr_ : static_cast<std::uint8_t>(isr_class);
}

int VLapic::pending_vector() const {
  if (!software_enabled() || !(apic_base_ & kBaseEnable)) return -1;
  const int v = highest(irr_);
  if (v < 0 || (static_cast<unsigned>(v) & 0xf0) <= (ppr() & 0xf0u)) return -1;
  return v;
}

void VLapic::acknowledge(std::uint8_t vector) {
  clear(irr_, vector);
  set(isr_, vector);
}

void VLapic::accept(std::uint8_t vector) {
  if (vector < 16) {
    esr_pending_ |= kEsrReceiveIllegal;
    return;
  }
  set(irr_, vector);
}

bool VLapic::accepts(const Ipi& ipi, std::uint32_t sender) const {
  switch (ipi.shorthand) {
    case Shorthand::self:
      return cfg_.id == sender;
    case Shorthand::all_including_self:
      return true;
    case Shorthand::all_excluding_self:
      return cfg_.id != sender;
    case Shorthand::none:
      break;
  }
  if (ipi.logical)  // cluster in 31:16, one bit per member in 15:0
    return (ipi.destination >> 16) == (cfg_.id >> 4) && (ipi.destination >> (cfg_.id & 0xf) & 1);
  return ipi.destination == 0xffffffffu || ipi.destination == cfg_.id;
}

unsigned VLapic::divide() const {
  const unsigned code = (divide_config_ & 3) | ((divide_config_ >> 1) & 4);
  return code == 7 ? 1 : 2u << code;
}

std::uint64_t VLapic::ticks_to_tsc(std::uint64_t ticks) const {
  const unsigned __int128 t = static_cast<unsigned __int128>(ticks) * cfg_.tsc_hz;
  const unsigned __int128 hz = cfg_.timer_hz ? cfg_.timer_hz : 1;
  return static_cast<std::uint64_t>((t + hz - 1) / hz);
}

std::uint32_t VLapic::current_count(std::uint64_t tsc) const {
  if (initial_count_ == 0 || timer_mode() == kModeDeadline || tsc < count_start_) return 0;
  const unsigned __int128 elapsed =
      static_cast<unsigned __int128>(tsc - count_start_) * cfg_.timer_hz /
      (static_cast<unsigned __int128>(cfg_.tsc_hz ? cfg_.tsc_hz : 1) * divide());
  if (timer_mode() == kModePeriodic)
    return initial_count_ - static_cast<std::uint32_t>(elapsed % initial_count_);
  return elapsed >= initial_count_ ? 0 : initial_count_ - static_cast<std::uint32_t>(elapsed);
}

void VLapic::start_count(std::uint64_t tsc) {
  count_start_ = tsc;
  timer_due_ =
      initial_count_ == 0 ? kNever : tsc + ticks_to_tsc(std::uint64_t{initial_count_} * divide());
}

void VLapic::run_timer(std::uint64_t tsc) {
  if (timer_due_ == kNever || tsc < timer_due_) return;
  const std::uint32_t lvt = lvt_[kLvtTimer];
  if (!(lvt & kLvtMask)) accept(static_cast<std::uint8_t>(lvt));
  if (timer_mode() == kModePeriodic && initial_count_ != 0) {
    // Periods that passed while the vCPU was not running coalesce into one.
    const std::uint64_t period = ticks_to_tsc(std::uint64_t{initial_count_} * divide());
    const std::uint64_t missed = (tsc - timer_due_) / period;
    timer_due_ += (missed + 1) * period;
    count_start_ = timer_due_ - period;
  } else {
    timer_due_ = kNever;
    if (timer_mode() == kModeDeadline) tsc_deadline_ = 0;
  }
}

VLapic::ReadResult VLapic::read_msr(std::uint32_t msr, std::uint64_t tsc) {
  if (msr == kMsrApicBase) return {false, apic_base_};
  if (msr == kMsrTscDeadline) return {false, timer_mode() == kModeDeadline ? tsc_deadline_ : 0};
  if (!(apic_base_ & kBaseExtd) || msr < kMsrX2apicFirst || msr > kMsrX2apicLast) return {true, 0};
  const std::uint32_t r = msr - kMsrX2apicFirst;
  if (r >= kIsr0 && r < kIsr0 + 8) return {false, isr_[r - kIsr0]};
  if (r >= kTmr0 && r < kTmr0 + 8) return {false, 0};  // edge-triggered only
  if (r >= kIrr0 && r < kIrr0 + 8) return {false, irr_[r - kIrr0]};
  if (r >= kLvtTimerReg && r <= kLvtErrorReg) return {false, lvt_[kLvtTimer + (r - kLvtTimerReg)]};
  switch (r) {
    case kId:
      return {false, cfg_.id};
    case kVersion:  // version 0x14, highest LVT entry (CMCI..error: 7 entries)
      return {false, 0x14u | ((kLvts - 1u) << 16)};
    case kTpr:
      return {false, tpr_};
    case kPpr:
      return {false, ppr()};
    case kLdr:
      return {false, ((cfg_.id >> 4) << 16) | (1u << (cfg_.id & 0xf))};
    case kSvr:
      return {false, svr_};
    case kEsr:
      return {false, esr_};
    case kLvtCmciReg:
      return {false, lvt_[kLvtCmci]};
    case kIcr:
      return {false, icr_};
    case kInitialCount:
      return {false, initial_count_};
    case kCurrentCount:
      return {false, current_count(tsc)};
    case kDivide:
      return {false, divide_config_};
    default:  // EOI and SELF_IPI are write-only; the rest is reserved
      return {true, 0};
  }
}

VLapic::WriteResult VLapic::write_msr(std::uint32_t msr, std::uint64_t value, std::uint64_t tsc) {
  WriteResult gp;
  gp.gp = true;
  if (msr == kMsrApicBase) {
    // Allowed: rewriting the current value, or disabling the APIC. Entering
    // xAPIC mode (MMIO) is not emulated; moving the base or the BSP flag,
    // reserved bits and the invalid EN=0/EXTD=1 state are refused.
    if (value == apic_base_) return {};
    const std::uint64_t keep = kBaseAddress | (apic_base_ & kBaseBsp);
    if (value != keep || !(apic_base_ & kBaseEnable)) return gp;
    apic_base_ = keep;  // disabled: registers back to their reset values
    *this = VLapic(cfg_);
    apic_base_ = keep;
    return {};
  }
  if (msr == kMsrTscDeadline) {
    if (!(apic_base_ & kBaseEnable) || timer_mode() != kModeDeadline) return {};  // ignored
    tsc_deadline_ = value;
    timer_due_ = value ? value : kNever;
    return {};
  }
  if (!(apic_base_ & kBaseExtd) || msr < kMsrX2apicFirst || msr > kMsrX2apicLast) return gp;
  const std::uint32_t r = msr - kMsrX2apicFirst;
  if (r != kIcr && (value >> 32)) return gp;
  const auto v = static_cast<std::uint32_t>(value);
  const bool disabled = !software_enabled();
  if (r >= kLvtTimerReg && r <= kLvtErrorReg) {
    const unsigned i = kLvtTimer + (r - kLvtTimerReg);
    // Writable bits per entry: vector, delivery mode, polarity, trigger, mask, timer mode.
    static constexpr std::uint32_t kWritable[kLvts] = {0x107ff, 0x700ff, 0x107ff, 0x107ff,
                                                       0x1a7ff, 0x1a7ff, 0x100ff};
    if (v & ~kWritable[i]) return gp;
    if (i == kLvtTimer && ((v >> 17) & 3) == 3) return gp;  // reserved timer mode
    const std::uint32_t old_mode = timer_mode();
    lvt_[i] = disabled ? (v | kLvtMask) : v;
    if (i == kLvtTimer && timer_mode() != old_mode) {  // a mode change disarms the timer
      initial_count_ = 0;
      timer_due_ = kNever;
      tsc_deadline_ = 0;
    }
    return {};
  }
  switch (r) {
    case kTpr:
      if (v & ~0xffu) return gp;
      tpr_ = static_cast<std::uint8_t>(v);
      return {};
    case kEoi:
      if (v != 0) return gp;
      if (const int s = highest(isr_); s >= 0) clear(isr_, static_cast<unsigned>(s));
      return {};
    case kSvr:
      if (v & ~0x3ffu) return gp;  // vector, APIC enable, focus check
      svr_ = v;
      if (!software_enabled())
        for (auto& l : lvt_) l |= kLvtMask;
      return {};
    case kEsr:
      if (v != 0) return gp;
      esr_ = esr_pending_;
      esr_pending_ = 0;
      return {};
    case kLvtCmciReg:
      if (v & ~0x107ffu) return gp;
      lvt_[kLvtCmci] = disabled ? (v | kLvtMask) : v;
      return {};
    case kIcr: {
      if (value & ~kIcrWritable) return gp;
      icr_ = value;
      Ipi ipi;
      ipi.vector = static_cast<std::uint8_t>(value);
      ipi.mode = static_cast<DeliveryMode>((value >> 8) & 7);
      ipi.logical = (value >> 11) & 1;
      ipi.shorthand = static_cast<Shorthand>((value >> 18) & 3);
      ipi.destination = static_cast<std::uint32_t>(value >> 32);
      const unsigned mode = (value >> 8) & 7;
      if (mode == 3 || mode == 7) return gp;  // reserved delivery modes
      if ((ipi.mode == DeliveryMode::fixed || ipi.mode == DeliveryMode::lowest) &&
          ipi.vector < 16) {
        esr_pending_ |= kEsrSendIllegal;
        return {};
      }
      WriteResult w;
      w.ipi = true;
      w.sent = ipi;
      return w;
    }
    case kInitialCount:
      if (timer_mode() == kModeDeadline) return {};  // ignored in TSC-deadline mode
      initial_count_ = v;
      start_count(tsc);
      return {};
    case kDivide: {
      if (v & ~0xbu) return gp;
      const std::uint32_t left = current_count(tsc);
      divide_config_ = v;
      if (initial_count_ != 0 && timer_mode() != kModeDeadline && left != 0) {
        // The count continues from where it is, at the new rate.
        timer_due_ = tsc + ticks_to_tsc(std::uint64_t{left} * divide());
        count_start_ = timer_due_ - ticks_to_tsc(std::uint64_t{initial_count_} * divide());
      }
      return {};
    }
    case kSelfIpi: {
      if (v & ~0xffu) return gp;
      WriteResult w;
      if (v < 16) {
        esr_pending_ |= kEsrSendIllegal;
        return w;
      }
      w.ipi = true;
      w.sent.vector = static_cast<std::uint8_t>(v);
      w.sent.shorthand = Shorthand::self;
      return w;
    }
    default:  // read-only and reserved registers
      return gp;
  }
}

}  // namespace vdev
