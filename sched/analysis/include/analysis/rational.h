// Exact non-negative rational numbers for budgets and bandwidths (the
// "rational-valued interface" of the thesis, §2.7.1). Numerator and
// denominator stay below 2^62, so cross products fit in 128 bits.
// No locking: plain values and pure functions.
#pragma once

#include <cstdint>

namespace analysis {

struct Rational {
  std::int64_t num = 0;
  std::int64_t den = 1;  // always > 0; stored in lowest terms

  static constexpr Rational integer(std::int64_t v) { return Rational{v, 1}; }
  constexpr bool is_integer() const { return den == 1; }
};

// num/den in lowest terms; den must be > 0 and both below 2^62.
Rational make_rational(__int128 num, __int128 den);

// -1, 0 or +1 as a <, ==, > b.
int compare(const Rational& a, const Rational& b);
inline bool operator==(const Rational& a, const Rational& b) { return compare(a, b) == 0; }
inline bool operator<(const Rational& a, const Rational& b) { return compare(a, b) < 0; }
inline bool operator<=(const Rational& a, const Rational& b) { return compare(a, b) <= 0; }
inline bool operator>(const Rational& a, const Rational& b) { return compare(a, b) > 0; }

// Smallest integer >= r, largest integer <= r.
std::int64_t ceil(const Rational& r);
std::int64_t floor(const Rational& r);

// Greatest common divisor of two non-negative values.
unsigned __int128 gcd(unsigned __int128 a, unsigned __int128 b);

}  // namespace analysis
