// Value types and value parsers shared by the xl.cfg parser and the shell:
// CPU sets ("0-3,5,^2", "all"), durations with units ("4ms", plain = µs),
// real-time server kinds, MAC addresses, names. Pure functions on
// string_view; no allocation, no locking. Each parser returns a Status whose
// reason is a static string naming what was wrong; on failure `out` is
// left unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "support/error.h"

namespace domcfg {

// ---- CPU sets -----------------------------------------------------------

inline constexpr std::uint32_t kMaxCpus = 256;  // CPU numbers 0..255

class CpuSet {
 public:
  static constexpr std::size_t kWords = kMaxCpus / 64;

  static constexpr CpuSet all() {
    CpuSet s;
    for (auto& w : s.words_) w = ~std::uint64_t{0};
    return s;
  }
  constexpr void set(std::uint32_t cpu) {
    if (cpu < kMaxCpus) words_[cpu / 64] |= std::uint64_t{1} << (cpu % 64);
  }
  constexpr void clear(std::uint32_t cpu) {
    if (cpu < kMaxCpus) words_[cpu / 64] &= ~(std::uint64_t{1} << (cpu % 64));
  }
  constexpr bool test(std::uint32_t cpu) const {
    return cpu < kMaxCpus && ((words_[cpu / 64] >> (cpu % 64)) & 1) != 0;
  }
  constexpr bool empty() const {
    for (auto w : words_)
      if (w != 0) return false;
    return true;
  }
  constexpr bool is_all() const {
    for (auto w : words_)
      if (w != ~std::uint64_t{0}) return false;
    return true;
  }
  constexpr std::uint32_t count() const {
    std::uint32_t n = 0;
    for (auto w : words_)
      for (; w != 0; w &= w - 1) ++n;
    return n;
  }
  constexpr std::uint64_t word(std::size_t i) const { return i < kWords ? words_[i] : 0; }
  friend constexpr bool operator==(const CpuSet&, const CpuSet&) = default;

 private:
  std::uint64_t words_[kWords] = {};
};

// "all", or comma-separated items "N", "N-M" (inclusive), "^N" / "^N-M"
// (remove). Items apply left to right; a list of only removals starts from
// "all" (like xl). The result must not be empty.
support::Status parse_cpu_set(std::string_view text, CpuSet& out);

// ---- durations ----------------------------------------------------------

// Largest accepted duration: 100 s (keeps every product with a period far
// from 64-bit overflow).
inline constexpr std::uint64_t kMaxDurationNs = 100'000'000'000ull;

// A decimal integer with an optional unit: "ns", "us", "ms", "s". A plain
// number is MICROseconds (xl sched-rt's unit). Result in nanoseconds,
// 0..kMaxDurationNs.
support::Status parse_duration_ns(std::string_view text, std::uint64_t& out_ns);

// ---- real-time servers --------------------------------------------------

enum class ServerKind : std::uint8_t { deferrable, periodic, polling, sporadic, wcps, crps };

// "deferrable", "periodic", "polling", "sporadic", "wcps", "crps".
support::Status parse_server_kind(std::string_view text, ServerKind& out);
const char* server_kind_name(ServerKind kind);

// ---- MAC addresses -------------------------------------------------------

struct MacAddress {
  std::uint8_t bytes[6] = {};
  friend constexpr bool operator==(const MacAddress&, const MacAddress&) = default;
};

// Six two-digit hex octets separated by ':' ("00:16:3e:00:00:01"). Refuses
// multicast (low bit of the first octet) and the all-zero address.
support::Status parse_mac(std::string_view text, MacAddress& out);

// ---- names ---------------------------------------------------------------

// Domain and pool names: 1..31 chars of [A-Za-z0-9_.-], not all digits
// (so a name never reads as a domain id), not starting with '-' (so it
// never reads as a shell option).
inline constexpr std::size_t kNameMax = 31;
support::Status check_name(std::string_view text);

// A decimal integer 0..max (no sign, no unit, no hex).
support::Status parse_uint(std::string_view text, std::uint64_t max, std::uint64_t& out);

}  // namespace domcfg
