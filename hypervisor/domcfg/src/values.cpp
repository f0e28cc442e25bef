// Value parsers shared by the config parser and the shell (see
// domcfg/values.h). Pure functions; no locking.
#include "domcfg/values.h"

#include "support/text.h"

namespace domcfg {
namespace {

using support::Errc;
using support::make_error;
using support::Status;

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!support::is_digit(c)) return false;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "N" or "N-M" into [first, last].
Status parse_cpu_range(std::string_view item, std::uint32_t& first, std::uint32_t& last) {
  std::size_t dash = item.find('-');
  std::string_view a = dash == std::string_view::npos ? item : item.substr(0, dash);
  std::string_view b = dash == std::string_view::npos ? item : item.substr(dash + 1);
  std::uint64_t lo = 0, hi = 0;
  if (!all_digits(a) || !all_digits(b)) return make_error(Errc::invalid, "bad cpu list");
  if (!support::parse_u64(a, lo, kMaxCpus - 1) || !support::parse_u64(b, hi, kMaxCpus - 1))
    return make_error(Errc::range, "cpu number out of range");
  if (lo > hi) return make_error(Errc::invalid, "cpu range runs backwards");
  first = static_cast<std::uint32_t>(lo);
  last = static_cast<std::uint32_t>(hi);
  return Status::success();
}

}  // namespace

Status parse_uint(std::string_view text, std::uint64_t max, std::uint64_t& out) {
  if (!all_digits(text)) return make_error(Errc::invalid, "not a number");
  std::uint64_t v = 0;
  // Bound checked here: support::parse_u64 mis-handles a max below 9.
  if (!support::parse_u64(text, v) || v > max)
    return make_error(Errc::range, "number out of range");
  out = v;
  return Status::success();
}

Status parse_cpu_set(std::string_view text, CpuSet& out) {
  text = support::trim(text);
  if (text == "all") {
    out = CpuSet::all();
    return Status::success();
  }
  if (text.empty()) return make_error(Errc::invalid, "empty cpu list");
  // A list made only of removals starts from every CPU.
  bool any_positive = false;
  {
    std::string_view rest = text;
    while (!rest.empty()) {
      std::string_view item = support::trim(support::next_token(rest, ','));
      if (item.empty() || item[0] != '^') any_positive = true;
    }
  }
  CpuSet set = any_positive ? CpuSet{} : CpuSet::all();
  std::string_view rest = text;
  bool trailing_comma = text.back() == ',';
  while (!rest.empty()) {
    std::string_view item = support::trim(support::next_token(rest, ','));
    bool remove = !item.empty() && item[0] == '^';
    if (remove) item.remove_prefix(1);
    if (item.empty()) return make_error(Errc::invalid, "bad cpu list");
    std::uint32_t first = 0, last = 0;
    if (Status s = parse_cpu_range(item, first, last); !s) return s;
    for (std::uint32_t cpu = first; cpu <= last; ++cpu) {
      if (remove)
        set.clear(cpu);
      else
        set.set(cpu);
    }
  }
  if (trailing_comma) return make_error(Errc::invalid, "bad cpu list");
  if (set.empty()) return make_error(Errc::invalid, "empty cpu list");
  out = set;
  return Status::success();
}

Status parse_duration_ns(std::string_view text, std::uint64_t& out_ns) {
  std::size_t digits = 0;
  while (digits < text.size() && support::is_digit(text[digits])) ++digits;
  if (digits == 0) return make_error(Errc::invalid, "bad duration");
  std::string_view unit = text.substr(digits);
  std::uint64_t scale = 0;
  if (unit.empty() || unit == "us")
    scale = 1'000;
  else if (unit == "ns")
    scale = 1;
  else if (unit == "ms")
    scale = 1'000'000;
  else if (unit == "s")
    scale = 1'000'000'000;
  else
    return make_error(Errc::invalid, "bad duration unit (ns, us, ms, s)");
  std::uint64_t n = 0;
  if (!support::parse_u64(text.substr(0, digits), n, kMaxDurationNs / scale))
    return make_error(Errc::range, "duration too long");
  out_ns = n * scale;
  return Status::success();
}

namespace {
constexpr const char* kServerNames[] = {"deferrable", "periodic", "polling",
                                        "sporadic",   "wcps",     "crps"};
}

Status parse_server_kind(std::string_view text, ServerKind& out) {
  for (std::size_t i = 0; i < sizeof kServerNames / sizeof kServerNames[0]; ++i) {
    if (text == kServerNames[i]) {
      out = static_cast<ServerKind>(i);
      return Status::success();
    }
  }
  return make_error(Errc::invalid,
                    "unknown server (deferrable, periodic, polling, sporadic, wcps, crps)");
}

const char* server_kind_name(ServerKind kind) {
  auto i = static_cast<std::size_t>(kind);
  return i < sizeof kServerNames / sizeof kServerNames[0] ? kServerNames[i] : "?";
}

Status parse_mac(std::string_view text, MacAddress& out) {
  if (text.size() != 17) return make_error(Errc::invalid, "bad MAC address");
  MacAddress mac;
  for (std::size_t i = 0; i < 6; ++i) {
    int hi = hex_value(text[i * 3]);
    int lo = hex_value(text[i * 3 + 1]);
    if (hi < 0 || lo < 0 || (i < 5 && text[i * 3 + 2] != ':'))
      return make_error(Errc::invalid, "bad MAC address");
    mac.bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  if ((mac.bytes[0] & 1) != 0) return make_error(Errc::invalid, "multicast MAC address");
  if (mac == MacAddress{}) return make_error(Errc::invalid, "all-zero MAC address");
  out = mac;
  return Status::success();
}

Status check_name(std::string_view text) {
  if (text.empty()) return make_error(Errc::invalid, "empty name");
  if (text.size() > kNameMax) return make_error(Errc::invalid, "name too long (max 31)");
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || support::is_digit(c) ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return make_error(Errc::invalid, "bad character in name");
  }
  if (text[0] == '-') return make_error(Errc::invalid, "name starts with '-'");
  if (all_digits(text)) return make_error(Errc::invalid, "name is all digits");
  return Status::success();
}

}  // namespace domcfg
