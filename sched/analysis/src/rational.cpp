// Exact rationals for budgets and bandwidths. No locking: pure functions.
#include "analysis/rational.h"

#include "analysis/types.h"

namespace analysis {

unsigned __int128 gcd(unsigned __int128 a, unsigned __int128 b) {
  while (b != 0) {
    unsigned __int128 r = a % b;
    a = b;
    b = r;
  }
  return a;
}

Rational make_rational(__int128 num, __int128 den) {
  bool negative = num < 0;
  unsigned __int128 n = negative ? static_cast<unsigned __int128>(-num) : static_cast<unsigned __int128>(num);
  unsigned __int128 d = static_cast<unsigned __int128>(den);
  unsigned __int128 g = gcd(n, d);
  if (g > 1) {
    n /= g;
    d /= g;
  }
  auto sn = static_cast<std::int64_t>(n);
  return Rational{negative ? -sn : sn, static_cast<std::int64_t>(d)};
}

int compare(const Rational& a, const Rational& b) {
  __int128 l = static_cast<__int128>(a.num) * b.den;
  __int128 r = static_cast<__int128>(b.num) * a.den;
  return l < r ? -1 : (l > r ? 1 : 0);
}

std::int64_t ceil(const Rational& r) { return static_cast<std::int64_t>(ceil_div(r.num, r.den)); }
std::int64_t floor(const Rational& r) { return static_cast<std::int64_t>(floor_div(r.num, r.den)); }

}  // namespace analysis
