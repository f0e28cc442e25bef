// Key handling for domain configurations (see builder.h). No locking.
#include "builder.h"

#include "support/text.h"

namespace domcfg::detail {
namespace {

struct KeyName {
  std::string_view name;
  Key key;
};

constexpr KeyName kKeys[] = {
    {"name", Key::name},       {"kernel", Key::kernel},
    {"cmdline", Key::cmdline}, {"extra", Key::cmdline},
    {"memory", Key::memory},   {"vcpus", Key::vcpus},
    {"pool", Key::pool},       {"cpus", Key::cpus},
    {"server", Key::server},   {"budget", Key::budget},
    {"period", Key::period},   {"priority", Key::priority},
    {"rt", Key::rt},           {"vcpu_sched", Key::vcpu_sched},
    {"vif", Key::vif},
};

bool find_key(std::string_view name, Key& out) {
  for (const KeyName& k : kKeys) {
    if (k.name == name) {
      out = k.key;
      return true;
    }
  }
  return false;
}

bool is_string_key(Key k) {
  return k == Key::name || k == Key::kernel || k == Key::cmdline || k == Key::pool ||
         k == Key::server;
}

constexpr const char* kBudgetRange = "budget out of range (10us-10s)";
constexpr const char* kPeriodRange = "period out of range (10us-10s)";

bool budget_ok(std::uint64_t ns) { return ns >= kMinBudgetNs && ns <= kMaxPeriodNs; }
bool period_ok(std::uint64_t ns) { return ns >= kMinPeriodNs && ns <= kMaxPeriodNs; }

}  // namespace

Builder::Builder(bool quotes_required) : quotes_required_(quotes_required) {
  config_.pool.assign(kDefaultPool);
}

bool Builder::error(std::uint32_t line, const char* reason, std::string_view detail) {
  if (!failed_) {
    failed_ = true;
    error_ = ConfigError{line, reason, detail};
  }
  return false;
}

void Builder::fail(const ConfigError& e) { error(e.line, e.reason, e.detail); }

bool Builder::scalar_value(const Value& v, std::uint32_t line, std::string_view& out) {
  if (v.is_list) return error(line, "expected a single value, not a list");
  out = v.scalar.text;
  return true;
}

bool Builder::string_value(const Value& v, std::uint32_t line, std::string_view& out) {
  if (!scalar_value(v, line, out)) return false;
  if (quotes_required_ && !v.scalar.quoted)
    return error(line, "string value must be quoted", v.scalar.text);
  return true;
}

void Builder::apply(std::string_view key_text, const Value& value, std::uint32_t line) {
  if (failed_) return;
  Key key;
  if (!find_key(key_text, key)) {
    error(line, "unknown key", key_text);
    return;
  }
  std::uint32_t& seen = seen_[static_cast<int>(key)];
  if (seen != 0) {
    error(line, "duplicate key", key_text);
    return;
  }
  seen = line;
  if (key == Key::vcpu_sched || key == Key::vif) {
    // A single value counts as a one-item list.
    const Scalar* items = value.is_list ? value.items : &value.scalar;
    std::size_t count = value.is_list ? value.count : 1;
    if (key == Key::vif && count > kMaxVifs) {
      error(line, "too many vif entries (max 4)");
      return;
    }
    for (std::size_t i = 0; i < count; ++i) {
      if (quotes_required_ && !items[i].quoted) {
        error(items[i].line, "string value must be quoted", items[i].text);
        return;
      }
      if (key == Key::vcpu_sched ? !apply_vcpu_entry(items[i]) : !apply_vif_entry(items[i])) return;
    }
    return;
  }
  std::string_view text;
  if (is_string_key(key) ? !string_value(value, line, text) : !scalar_value(value, line, text))
    return;
  apply_scalar(key, text, line);
}

bool Builder::apply_scalar(Key key, std::string_view text, std::uint32_t line) {
  std::uint64_t n = 0;
  switch (key) {
    case Key::name:
      if (support::Status s = check_name(text); !s) return error(line, s.reason(), text);
      config_.name.assign(text);
      return true;
    case Key::kernel:
      if (text.empty()) return error(line, "empty kernel module name");
      if (!config_.kernel.assign(text)) return error(line, "kernel module name too long (max 63)");
      return true;
    case Key::cmdline:
      if (!config_.cmdline.assign(text)) return error(line, "cmdline too long (max 255)");
      return true;
    case Key::pool:
      if (support::Status s = check_name(text); !s) return error(line, s.reason(), text);
      config_.pool.assign(text);
      return true;
    case Key::memory:
      if (!parse_uint(text, kMaxMemoryMib, n) || n == 0)
        return error(line, "memory out of range (1-65536 MiB)", text);
      config_.memory_mib = static_cast<std::uint32_t>(n);
      return true;
    case Key::vcpus:
      if (!parse_uint(text, kMaxVcpus, n) || n == 0)
        return error(line, "vcpus out of range (1-8)", text);
      config_.vcpus = static_cast<std::uint32_t>(n);
      return true;
    case Key::cpus:
      if (support::Status s = parse_cpu_set(text, defaults_.affinity); !s)
        return error(line, s.reason(), text);
      return true;
    case Key::server:
      if (support::Status s = parse_server_kind(text, defaults_.server); !s)
        return error(line, s.reason(), text);
      return true;
    case Key::budget:
      if (!parse_duration_ns(text, n) || !budget_ok(n)) return error(line, kBudgetRange, text);
      defaults_.budget_ns = n;
      return true;
    case Key::period:
      if (!parse_duration_ns(text, n) || !period_ok(n)) return error(line, kPeriodRange, text);
      defaults_.period_ns = n;
      return true;
    case Key::priority:
      if (!parse_uint(text, kMaxPriority, n))
        return error(line, "priority out of range (0-255)", text);
      defaults_.priority = static_cast<std::uint32_t>(n);
      return true;
    case Key::rt:
      if (!parse_uint(text, 1, n)) return error(line, "rt must be 0 or 1", text);
      defaults_.rt = n == 1;
      return true;
    case Key::vcpu_sched:
    case Key::vif:
    case Key::count:
      break;
  }
  return error(line, "unknown key");
}

bool Builder::apply_vcpu_entry(const Scalar& item) {
  const std::uint32_t line = item.line;
  VcpuOverride o;
  o.line = line;
  o.text = item.text;
  bool has_vcpu = false;
  std::uint64_t index = 0;
  // Items are comma-separated key=value; a bare item right after cpus=
  // continues its CPU list ("cpus=0-1,3").
  std::string_view rest = item.text;
  std::string_view cpus_text;
  const char* cpus_begin = nullptr;
  while (!rest.empty()) {
    std::string_view part = support::trim(support::next_token(rest, ','));
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      if (cpus_begin != nullptr && !part.empty()) {
        cpus_text = std::string_view(
            cpus_begin, static_cast<std::size_t>(part.data() + part.size() - cpus_begin));
        continue;
      }
      return error(line, "expected key=value in vcpu_sched entry", part);
    }
    std::string_view k = part.substr(0, eq);
    std::string_view v = part.substr(eq + 1);
    cpus_begin = nullptr;
    std::uint64_t n = 0;
    if (k == "vcpu") {
      if (has_vcpu) return error(line, "duplicate key in vcpu_sched entry", k);
      if (!parse_uint(v, 0xffff, n)) return error(line, "bad vcpu index", v);
      if (n >= kMaxVcpus) return error(line, "vcpu index out of range (max 7)", v);
      has_vcpu = true;
      index = n;
    } else if (k == "server") {
      if (o.has_server) return error(line, "duplicate key in vcpu_sched entry", k);
      if (support::Status s = parse_server_kind(v, o.params.server); !s)
        return error(line, s.reason(), v);
      o.has_server = true;
    } else if (k == "budget") {
      if (o.has_budget) return error(line, "duplicate key in vcpu_sched entry", k);
      if (!parse_duration_ns(v, n) || !budget_ok(n)) return error(line, kBudgetRange, v);
      o.params.budget_ns = n;
      o.has_budget = true;
    } else if (k == "period") {
      if (o.has_period) return error(line, "duplicate key in vcpu_sched entry", k);
      if (!parse_duration_ns(v, n) || !period_ok(n)) return error(line, kPeriodRange, v);
      o.params.period_ns = n;
      o.has_period = true;
    } else if (k == "priority") {
      if (o.has_priority) return error(line, "duplicate key in vcpu_sched entry", k);
      if (!parse_uint(v, kMaxPriority, n)) return error(line, "priority out of range (0-255)", v);
      o.params.priority = static_cast<std::uint32_t>(n);
      o.has_priority = true;
    } else if (k == "rt") {
      if (o.has_rt) return error(line, "duplicate key in vcpu_sched entry", k);
      if (!parse_uint(v, 1, n)) return error(line, "rt must be 0 or 1", v);
      o.params.rt = n == 1;
      o.has_rt = true;
    } else if (k == "cpus") {
      if (o.has_cpus) return error(line, "duplicate key in vcpu_sched entry", k);
      o.has_cpus = true;
      cpus_text = v;
      cpus_begin = v.data();
    } else {
      return error(line, "unknown key in vcpu_sched entry", k);
    }
  }
  if (o.has_cpus) {
    if (support::Status s = parse_cpu_set(cpus_text, o.params.affinity); !s)
      return error(line, s.reason(), cpus_text);
  }
  if (!has_vcpu) return error(line, "vcpu_sched entry without vcpu=", item.text);
  if (overrides_[index].line != 0) return error(line, "duplicate vcpu in vcpu_sched", item.text);
  overrides_[index] = o;
  return true;
}

bool Builder::apply_vif_entry(const Scalar& item) {
  const std::uint32_t line = item.line;
  VifConfig vif;
  bool has_bridge = false;
  std::string_view rest = item.text;
  while (!rest.empty()) {
    std::string_view part = support::trim(support::next_token(rest, ','));
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) return error(line, "expected key=value in vif entry", part);
    std::string_view k = part.substr(0, eq);
    std::string_view v = part.substr(eq + 1);
    if (k == "mac") {
      if (vif.has_mac) return error(line, "duplicate key in vif entry", k);
      if (support::Status s = parse_mac(v, vif.mac); !s) return error(line, s.reason(), v);
      vif.has_mac = true;
    } else if (k == "bridge") {
      if (has_bridge) return error(line, "duplicate key in vif entry", k);
      if (support::Status s = check_name(v); !s || v.size() > kBridgeMax)
        return error(line, "bad bridge name", v);
      vif.bridge.assign(v);
      has_bridge = true;
    } else {
      return error(line, "unknown key in vif entry", k);
    }
  }
  config_.vif[config_.vif_count++] = vif;
  return true;
}

void Builder::finish(std::uint32_t first_line, DomainOutcome& out) {
  out.first_line = first_line;
  if (!failed_) {
    if (seen_[static_cast<int>(Key::name)] == 0)
      error(first_line, "missing name");
    else if (seen_[static_cast<int>(Key::kernel)] == 0)
      error(first_line, "missing kernel");
  }
  if (!failed_ && defaults_.budget_ns > defaults_.period_ns) {
    std::uint32_t b = seen_[static_cast<int>(Key::budget)];
    std::uint32_t p = seen_[static_cast<int>(Key::period)];
    error(b > p ? b : p, "budget > period");
  }
  for (std::uint32_t i = 0; i < kMaxVcpus && !failed_; ++i) {
    const VcpuOverride& o = overrides_[i];
    if (o.line != 0 && i >= config_.vcpus) {
      error(o.line, "vcpu index >= vcpus", o.text);
      break;
    }
    VcpuParams p = defaults_;
    if (o.has_server) p.server = o.params.server;
    if (o.has_budget) p.budget_ns = o.params.budget_ns;
    if (o.has_period) p.period_ns = o.params.period_ns;
    if (o.has_priority) p.priority = o.params.priority;
    if (o.has_rt) p.rt = o.params.rt;
    if (o.has_cpus) p.affinity = o.params.affinity;
    if (p.budget_ns > p.period_ns) {
      std::uint32_t line = o.line;
      if (!o.has_budget && !o.has_period) {
        std::uint32_t b = seen_[static_cast<int>(Key::budget)];
        std::uint32_t q = seen_[static_cast<int>(Key::period)];
        line = b > q ? b : q;
      }
      error(line, "budget > period", o.line != 0 ? o.text : std::string_view{});
      break;
    }
    config_.vcpu[i] = p;
  }
  out.ok = !failed_;
  if (failed_) {
    out.error = error_;
    out.config = DomainConfig{};
  } else {
    out.error = ConfigError{};
    out.config = config_;
  }
}

}  // namespace domcfg::detail
