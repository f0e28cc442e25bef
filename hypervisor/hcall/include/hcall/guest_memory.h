// GuestMemory: how hypercall code reaches the calling domain's memory. The
// hypervisor implements it per call for the caller only; hypercall code uses
// it to check that [gpa, gpa+len) is the caller's own memory and to copy a
// guest buffer in or out exactly once (the copy is what the hypervisor then
// reads; guest memory is never read twice for the same argument).
//
// PagedGuestMemory implements the copies from one primitive, the host
// pointer of one guest page, so the hypervisor only answers "where is page
// gfn of this domain" (nullptr when the domain does not own it). Grant-map
// window pages are never offered as buffers. Not thread-safe by itself: a
// GuestMemory belongs to one hypercall on one CPU.
#pragma once

#include <cstdint>
#include <span>

#include "hcall/reply.h"

namespace hcall {

class GuestMemory {
 public:
  // True when every byte of [gpa, gpa+len) is the caller's writable RAM
  // (len 0: gpa itself must be owned). Never true when the range wraps.
  virtual bool owns(std::uint64_t gpa, std::uint64_t len) const = 0;
  // Copies [gpa, gpa+out.size()) into out (EFAULT when not owned).
  virtual Outcome copy_in(std::uint64_t gpa, std::span<std::uint8_t> out) const = 0;
  // Copies in into [gpa, gpa+in.size()) (EFAULT when not owned).
  virtual Outcome copy_out(std::uint64_t gpa, std::span<const std::uint8_t> in) = 0;

 protected:
  GuestMemory() = default;
  GuestMemory(const GuestMemory&) = default;
  GuestMemory& operator=(const GuestMemory&) = default;
  ~GuestMemory() = default;
};

class PagedGuestMemory : public GuestMemory {
 public:
  bool owns(std::uint64_t gpa, std::uint64_t len) const override;
  Outcome copy_in(std::uint64_t gpa, std::span<std::uint8_t> out) const override;
  Outcome copy_out(std::uint64_t gpa, std::span<const std::uint8_t> in) override;

 protected:
  // The host address of guest page `gfn` of the caller, or nullptr when the
  // caller does not own that page as RAM.
  virtual std::uint8_t* page(std::uint64_t gfn) const = 0;
  ~PagedGuestMemory() = default;
};

// Range arithmetic shared by implementations: [gpa, gpa+len) does not wrap,
// lies below the 52-bit physical address limit and is at most
// kMaxGuestBuffer long (bounding the page walk of PagedGuestMemory).
constexpr std::uint64_t kGuestPhysicalLimit = std::uint64_t{1} << 52;
constexpr std::uint64_t kMaxGuestBuffer = std::uint64_t{1} << 20;
constexpr bool range_is_sane(std::uint64_t gpa, std::uint64_t len) {
  return gpa < kGuestPhysicalLimit && len <= kGuestPhysicalLimit - gpa && len <= kMaxGuestBuffer;
}

}  // namespace hcall
