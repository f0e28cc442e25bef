// The id sweeps' shared pieces (sweeps.cpp: grants; event_sweeps.cpp:
// events, domain and system control, scheduling): the sweep loop that
// names the first id answered otherwise than documented, the domain ids
// every sweep covers and the domain id rules. Single vCPU, no state.
#pragma once

#include <cstddef>
#include <cstdint>

#include "check.h"

namespace hostile {

constexpr std::uint64_t kMaxDomainId = 0x7fef;

// Calls `f(id)` for every id of the sweep until one answers other than
// `expected(id)`; reports the first mismatch.
template <typename Ids, typename Call, typename Expected>
void sweep(std::string_view what, const Ids& ids, Call f, Expected expected) {
  for (std::uint64_t id : ids) {
    std::int64_t got = f(id), want = expected(id);
    if (got != want) {
      expect_state(what, false, name("id {:#x}: {}", id, got).view(),
                   name("{} (and as documented for every other id)", want).view());
      return;
    }
  }
  expect_state(what, true, "", "");
}

// 0..127, 0x7fe0..0x800f, and 2^k, 2^k - 1 for k = 8..63, all ones.
struct DomainIds {
  std::uint64_t ids[128 + 48 + 2 * 56 + 1];
  std::size_t n = 0;
  DomainIds() {
    for (std::uint64_t i = 0; i < 128; ++i) ids[n++] = i;
    for (std::uint64_t i = 0x7fe0; i < 0x8010; ++i) ids[n++] = i;
    for (unsigned k = 8; k < 64; ++k) ids[n++] = 1ull << k, ids[n++] = (1ull << k) - 1;
    ids[n++] = ~0ull;
  }
  const std::uint64_t* begin() const { return ids; }
  const std::uint64_t* end() const { return ids + n; }
};

// What the domain id rules answer for an id that names no live domain
// other than the caller's peers.
inline std::int64_t id_rule(const World& w, std::uint64_t id, std::int64_t if_exists) {
  if (id >> 32) return abi::to_result(Errno::inval);
  if (id == w.self || id == abi::kDomainSelf) return abi::to_result(Errno::inval);
  if (id > kMaxDomainId) return abi::to_result(Errno::srch);
  if (id == w.peer || (w.helper != 0 && id == w.helper)) return if_exists;
  return abi::to_result(Errno::srch);
}

}  // namespace hostile
