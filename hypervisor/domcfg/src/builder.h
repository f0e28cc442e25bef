// Internal: turns key/value statements into a DomainConfig, checking each
// value, duplicates and, at the end, the cross-key rules (name and kernel
// present, budget <= period, vcpu_sched indices < vcpus). The first error
// wins; later statements are ignored. Used by the file and the inline
// parsers alike. No allocation, no locking.
#pragma once

#include <cstdint>
#include <string_view>

#include "domcfg/parser.h"
#include "lexer.h"

namespace domcfg::detail {

enum class Key : std::uint8_t {
  name,
  kernel,
  cmdline,
  memory,
  vcpus,
  pool,
  cpus,
  server,
  budget,
  period,
  priority,
  rt,
  vcpu_sched,
  vif,
  count
};

// A vcpu_sched entry: which fields it overrides.
struct VcpuOverride {
  std::uint32_t line = 0;  // 0: no entry for this vCPU
  std::string_view text;
  bool has_server = false, has_budget = false, has_period = false;
  bool has_priority = false, has_rt = false, has_cpus = false;
  VcpuParams params;
};

class Builder {
 public:
  // `quotes_required`: string keys must be quoted (file syntax); inline
  // arguments arrive unquoted.
  explicit Builder(bool quotes_required);

  void apply(std::string_view key, const Value& value, std::uint32_t line);
  void fail(const ConfigError& error);
  // Final checks; fills `out` (ok, config or error).
  void finish(std::uint32_t first_line, DomainOutcome& out);

 private:
  bool error(std::uint32_t line, const char* reason, std::string_view detail = {});
  bool string_value(const Value& v, std::uint32_t line, std::string_view& out);
  bool scalar_value(const Value& v, std::uint32_t line, std::string_view& out);
  bool apply_scalar(Key key, std::string_view text, std::uint32_t line);
  bool apply_vcpu_entry(const Scalar& item);
  bool apply_vif_entry(const Scalar& item);

  bool quotes_required_;
  bool failed_ = false;
  ConfigError error_;
  DomainConfig config_;
  VcpuParams defaults_;
  std::uint32_t seen_[static_cast<int>(Key::count)] = {};
  VcpuOverride overrides_[kMaxVcpus];
};

}  // namespace domcfg::detail
