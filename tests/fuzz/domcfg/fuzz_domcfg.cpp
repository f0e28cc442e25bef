// Fuzz target for domcfg: the input is read as a configuration module, as
// newline-separated inline arguments and by each value parser. Invariants
// (abort on violation): every produced domain is within the documented
// bounds, every error has a reason and a line inside the input, and error
// details point into the input.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domcfg/parser.h"
#include "domcfg/values.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

std::uint32_t count_lines(std::string_view s) {
  std::uint32_t n = 1;
  for (char c : s)
    if (c == '\n') ++n;
  return n;
}

void check_detail_inside(std::string_view detail, std::string_view input) {
  if (detail.empty()) return;
  check(detail.data() >= input.data() &&
        detail.data() + detail.size() <= input.data() + input.size());
}

void check_outcome(const domcfg::DomainOutcome& o, std::string_view input, std::uint32_t lines) {
  using namespace domcfg;
  if (!o.ok) {
    check(o.error.reason != nullptr && o.error.reason[0] != '\0');
    check(o.error.line <= lines);
    check_detail_inside(o.error.detail, input);
    return;
  }
  const DomainConfig& c = o.config;
  check(check_name(c.name.view()).ok());
  check(check_name(c.pool.view()).ok());
  check(!c.kernel.empty() && c.kernel.size() <= kKernelMax);
  check(c.cmdline.size() <= kCmdlineMax);
  check(c.memory_mib >= 1 && c.memory_mib <= kMaxMemoryMib);
  check(c.vcpus >= 1 && c.vcpus <= kMaxVcpus);
  for (std::uint32_t i = 0; i < c.vcpus; ++i) {
    const VcpuParams& p = c.vcpu[i];
    check(p.budget_ns >= kMinBudgetNs && p.budget_ns <= p.period_ns);
    check(p.period_ns >= kMinPeriodNs && p.period_ns <= kMaxPeriodNs);
    check(p.priority <= kMaxPriority);
    check(!p.affinity.empty());
    check(static_cast<int>(p.server) <= static_cast<int>(ServerKind::crps));
  }
  check(c.vif_count <= kMaxVifs);
  for (std::uint32_t i = 0; i < c.vif_count; ++i)
    check(!c.vif[i].has_mac || (c.vif[i].mac.bytes[0] & 1) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::uint32_t lines = count_lines(input);

  static domcfg::DomainOutcome outcome;  // large: keep it off the stack
  domcfg::ModuleReader reader(input);
  std::uint32_t blocks = 0;
  std::uint32_t last_first_line = 0;
  while (reader.next(outcome)) {
    check(outcome.first_line > last_first_line);
    last_first_line = outcome.first_line;
    check_outcome(outcome, input, lines);
    check(++blocks <= lines);
  }

  // Inline: one argument per line, at most 32.
  std::string_view args[32];
  std::size_t count = 0;
  std::string_view rest = input;
  while (!rest.empty() && count < 32) {
    std::size_t nl = rest.find('\n');
    args[count++] = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  }
  outcome = domcfg::parse_inline({args, count});
  check_outcome(outcome, input, static_cast<std::uint32_t>(count));

  domcfg::CpuSet set;
  if (domcfg::parse_cpu_set(input, set)) check(!set.empty());
  std::uint64_t ns = 0;
  if (domcfg::parse_duration_ns(input, ns)) check(ns <= domcfg::kMaxDurationNs);
  domcfg::MacAddress mac;
  if (domcfg::parse_mac(input, mac)) check((mac.bytes[0] & 1) == 0);
  return 0;
}
