// Formatting helpers (see toolstack/text.h). Pure functions.
#include "toolstack/text.h"

namespace toolstack {

void write_cpu_list(support::Sink& out, const abi::CpuMask& mask) {
  bool first = true;
  std::uint32_t cpu = 0;
  while (cpu < abi::kMaxCpus) {
    if (!abi::cpu_mask_test(mask, cpu)) {
      ++cpu;
      continue;
    }
    std::uint32_t end = cpu;
    while (end + 1 < abi::kMaxCpus && abi::cpu_mask_test(mask, end + 1)) ++end;
    if (!first) out.put(',');
    first = false;
    if (end == cpu)
      support::format_to(out, "{}", cpu);
    else
      support::format_to(out, "{}-{}", cpu, end);
    cpu = end + 1;
  }
  if (first) out.put('-');
}

void write_fixed(support::Sink& out, std::uint64_t value, unsigned decimals) {
  std::uint64_t scale = 1;
  for (unsigned i = 0; i < decimals && i < 9; ++i) scale *= 10;
  support::format_to(out, "{}", value / scale);
  if (decimals == 0) return;
  out.put('.');
  std::uint64_t frac = value % scale;
  for (std::uint64_t div = scale / 10; div != 0; div /= 10)
    out.put(static_cast<char>('0' + (frac / div) % 10));
}

void write_duration(support::Sink& out, std::uint64_t ns) {
  if (ns != 0 && ns % 1'000'000'000 == 0)
    support::format_to(out, "{}s", ns / 1'000'000'000);
  else if (ns != 0 && ns % 1'000'000 == 0)
    support::format_to(out, "{}ms", ns / 1'000'000);
  else if (ns != 0 && ns % 1'000 == 0)
    support::format_to(out, "{}us", ns / 1'000);
  else
    support::format_to(out, "{}ns", ns);
}

abi::CpuMask to_mask(const domcfg::CpuSet& set) {
  abi::CpuMask m{};
  for (std::size_t w = 0; w < abi::kMaxCpus / 64; ++w) m.words[w] = set.word(w);
  return m;
}

domcfg::CpuSet to_set(const abi::CpuMask& mask) {
  domcfg::CpuSet s;
  for (std::uint32_t c = 0; c < abi::kMaxCpus; ++c)
    if (abi::cpu_mask_test(mask, c)) s.set(c);
  return s;
}

std::uint32_t mask_count(const abi::CpuMask& mask) {
  std::uint32_t n = 0;
  for (std::uint64_t w : mask.words)
    for (; w != 0; w &= w - 1) ++n;
  return n;
}

bool mask_empty(const abi::CpuMask& mask) { return mask_count(mask) == 0; }

PolicyAbi policy_to_abi(shell::PoolPolicy policy) {
  using P = shell::PoolPolicy;
  constexpr auto edf = static_cast<std::uint32_t>(abi::PriorityScheme::edf);
  constexpr auto dm = static_cast<std::uint32_t>(abi::PriorityScheme::deadline_monotonic);
  constexpr auto rm = static_cast<std::uint32_t>(abi::PriorityScheme::rate_monotonic);
  constexpr auto fp = static_cast<std::uint32_t>(abi::PriorityScheme::fixed);
  constexpr auto g = static_cast<std::uint32_t>(abi::Placement::global);
  constexpr auto p = static_cast<std::uint32_t>(abi::Placement::partitioned);
  switch (policy) {
    case P::gedf:
      return {edf, g};
    case P::pedf:
      return {edf, p};
    case P::gdm:
      return {dm, g};
    case P::pdm:
      return {dm, p};
    case P::grm:
      return {rm, g};
    case P::prm:
      return {rm, p};
    case P::gfp:
      return {fp, g};
    case P::pfp:
      return {fp, p};
  }
  return {edf, g};
}

const char* policy_name(std::uint32_t priority, std::uint32_t placement) {
  static const char* const names[4][2] = {
      {"gfp", "pfp"}, {"gdm", "pdm"}, {"grm", "prm"}, {"gedf", "pedf"}};
  if (priority >= abi::kPrioritySchemeCount || placement >= abi::kPlacementCount) return "?";
  return names[priority][placement];
}

const char* server_name(std::uint32_t abi_server) {
  if (abi_server >= abi::kServerKindCount) return "?";
  return domcfg::server_kind_name(static_cast<domcfg::ServerKind>(abi_server));
}

std::uint32_t server_to_abi(domcfg::ServerKind kind) { return static_cast<std::uint32_t>(kind); }

const char* state_letters(std::uint32_t abi_state) {
  switch (static_cast<abi::DomainRunState>(abi_state)) {
    case abi::DomainRunState::building:
      return "------";
    case abi::DomainRunState::running:
      return "r-----";
    case abi::DomainRunState::paused:
      return "--p---";
    case abi::DomainRunState::shut_down:
      return "---s--";
    case abi::DomainRunState::crashed:
      return "----c-";
  }
  return "------";
}

}  // namespace toolstack
