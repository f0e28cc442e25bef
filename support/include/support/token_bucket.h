// A token bucket: up to `burst` units at once, refilled at `per_second`
// units a second of the caller's clock (nanoseconds). take() grants what
// the bucket holds, never waits, so a caller drops (and counts) the rest.
// Not thread-safe: the owner serializes calls (hv/console.h: console lock).
#pragma once

#include <cstdint>

namespace support {

class TokenBucket {
 public:
  constexpr TokenBucket(std::uint64_t burst, std::uint64_t per_second)
      : burst_(burst), per_second_(per_second), tokens_(burst) {}

  // Grants min(want, tokens) at time `now_ns` and takes them.
  std::uint64_t take(std::uint64_t now_ns, std::uint64_t want) {
    refill(now_ns);
    std::uint64_t granted = want < tokens_ ? want : tokens_;
    tokens_ -= granted;
    return granted;
  }
  bool empty(std::uint64_t now_ns) {
    refill(now_ns);
    return tokens_ == 0;
  }
  void reset(std::uint64_t now_ns) {
    tokens_ = burst_;
    last_ns_ = now_ns;
  }

 private:
  // Whole tokens only; the remainder of the interval is kept for the next
  // refill (last_ns_ advances by the time those tokens took).
  void refill(std::uint64_t now_ns) {
    if (now_ns <= last_ns_ || per_second_ == 0) return;
    std::uint64_t elapsed = now_ns - last_ns_;
    constexpr std::uint64_t kNsPerS = 1000000000;
    if (elapsed >= kNsPerS * (burst_ / per_second_ + 1)) {
      tokens_ = burst_;
      last_ns_ = now_ns;
      return;
    }
    std::uint64_t add = elapsed * per_second_ / kNsPerS;
    if (add == 0) return;
    tokens_ = tokens_ + add > burst_ ? burst_ : tokens_ + add;
    last_ns_ += add * kNsPerS / per_second_;
  }

  std::uint64_t burst_, per_second_, tokens_, last_ns_ = 0;
};

}  // namespace support
