// Implementation of the string helpers in text.h.
#include "support/text.h"

namespace support {

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view next_token(std::string_view& rest, char sep) {
  auto is_sep = [sep](char c) { return sep == 0 ? is_space(c) : c == sep; };
  if (sep == 0)
    while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
  std::size_t i = 0;
  while (i < rest.size() && !is_sep(rest[i])) ++i;
  std::string_view token = rest.substr(0, i);
  rest.remove_prefix(i < rest.size() ? i + 1 : i);
  return token;
}

bool parse_u64(std::string_view s, std::uint64_t& out, std::uint64_t max) {
  unsigned base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    unsigned d;
    if (c >= '0' && c <= '9')
      d = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f')
      d = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F')
      d = static_cast<unsigned>(c - 'A' + 10);
    else
      return false;
    if (d > max || v > (max - d) / base) return false;  // v * base + d would exceed max
    v = v * base + d;
  }
  out = v;
  return true;
}

bool cmdline_get(std::string_view cmdline, std::string_view key, std::string_view& value) {
  std::string_view rest = cmdline;
  for (std::string_view tok = next_token(rest); !tok.empty(); tok = next_token(rest)) {
    std::size_t eq = tok.find('=');
    std::string_view k = eq == std::string_view::npos ? tok : tok.substr(0, eq);
    if (k == key) {
      value = eq == std::string_view::npos ? std::string_view{} : tok.substr(eq + 1);
      return true;
    }
  }
  return false;
}

std::size_t cstr_len(const char* s) {
  std::size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

}  // namespace support
