// PagedGuestMemory: bounds checks and page-by-page copies on top of the
// hypervisor's "host address of this guest page" primitive. Every range is
// checked in full before the first byte moves, so a refused copy changes
// nothing. No locking (one hypercall, one CPU).
#include "hcall/guest_memory.h"

#include "tactus/grant.h"

namespace hcall {
namespace {

constexpr std::uint64_t kPage = abi::kPageSize;

}  // namespace

bool PagedGuestMemory::owns(std::uint64_t gpa, std::uint64_t len) const {
  if (!range_is_sane(gpa, len)) return false;
  std::uint64_t first = gpa / kPage;
  std::uint64_t last = (len == 0 ? gpa : gpa + len - 1) / kPage;
  for (std::uint64_t gfn = first; gfn <= last; ++gfn)
    if (abi::in_grant_map_window(gfn) || page(gfn) == nullptr) return false;
  return true;
}

Outcome PagedGuestMemory::copy_in(std::uint64_t gpa, std::span<std::uint8_t> out) const {
  if (!owns(gpa, out.size()))
    return refuse(abi::Errno::fault, "guest buffer outside the caller's memory");
  std::uint64_t done_bytes = 0;
  while (done_bytes < out.size()) {
    std::uint64_t at = gpa + done_bytes;
    std::uint64_t in_page = kPage - at % kPage;
    std::uint64_t n = out.size() - done_bytes < in_page ? out.size() - done_bytes : in_page;
    const std::uint8_t* src = page(at / kPage) + at % kPage;
    for (std::uint64_t i = 0; i < n; ++i) out[done_bytes + i] = src[i];
    done_bytes += n;
  }
  return done();
}

Outcome PagedGuestMemory::copy_out(std::uint64_t gpa, std::span<const std::uint8_t> in) {
  if (!owns(gpa, in.size()))
    return refuse(abi::Errno::fault, "guest buffer outside the caller's memory");
  std::uint64_t done_bytes = 0;
  while (done_bytes < in.size()) {
    std::uint64_t at = gpa + done_bytes;
    std::uint64_t in_page = kPage - at % kPage;
    std::uint64_t n = in.size() - done_bytes < in_page ? in.size() - done_bytes : in_page;
    std::uint8_t* dst = page(at / kPage) + at % kPage;
    for (std::uint64_t i = 0; i < n; ++i) dst[i] = in[done_bytes + i];
    done_bytes += n;
  }
  return done();
}

}  // namespace hcall
