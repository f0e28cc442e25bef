// Seeded, platform-independent random numbers for job demands and task-set
// generators: xoshiro256** seeded through splitmix64, with our own integer
// and real distributions (the std:: distributions differ between library
// implementations, which would make results irreproducible elsewhere).
// An Rng is a plain value owned by one user; no locking.
#pragma once

#include <cstdint>

namespace sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  // Derives an independent stream, e.g. one per (domain, task).
  static Rng stream(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0);

  std::uint64_t next();
  // Uniform integer in [lo, hi] (inclusive; lo <= hi), unbiased.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);
  // Uniform real in [0, 1) with 53 random bits.
  double uniform01();
  // Uniform real in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

 private:
  std::uint64_t s_[4];
};

}  // namespace sim
