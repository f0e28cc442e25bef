// Parsing one shell line into a typed Command (see shell/parse.h).
// Options are getopt-like single letters that may appear anywhere among the
// positional arguments; an option's value is the next token or attached
// ("-p10ms"). No allocation, no locking.
#include "shell/parse.h"

#include "domcfg/parser.h"
#include "shell/command_table.h"
#include "shell/tokenizer.h"
#include "support/text.h"

namespace shell {

using support::format_to;

void ErrorLine::set(std::string_view reason, std::string_view detail) {
  support::FixedString<kMax + 1> s;
  format_to(s.sink(), "{}", reason);
  if (!detail.empty()) format_to(s.sink(), " '{}'", detail);
  set_raw(s.view());
}

void ErrorLine::set_raw(std::string_view text) {
  support::FixedString<kMax + 1> s;
  format_to(s.sink(), "error: {}", text);
  text_.assign(s.view().substr(0, kMax));
}

const char* pool_policy_name(PoolPolicy policy) {
  constexpr const char* kNames[] = {"gedf", "pedf", "gdm", "pdm", "grm", "prm", "gfp", "pfp"};
  auto i = static_cast<std::size_t>(policy);
  return i < sizeof kNames / sizeof kNames[0] ? kNames[i] : "?";
}

namespace {

constexpr std::uint32_t kMaxDomainId = 32767;
constexpr std::uint32_t kMaxBatch = 4096;
constexpr std::uint32_t kMaxQueueLimit = 100000;
constexpr std::uint32_t kMaxNode = 63;

// Which options each command takes, getopt style ("d:" takes a value).
std::string_view options_of(CommandKind kind) {
  switch (kind) {
    case CommandKind::dmesg:
      return "c";
    case CommandKind::create:
      return "p";
    case CommandKind::shutdown:
      return "w";
    case CommandKind::sched_rt:
      return "d:v:c:p:b:s:P:r:";
    case CommandKind::cpupool_list:
      return "c";
    case CommandKind::trace:
      return "cn:";
    case CommandKind::idc_queue:
      return "m:b:l:";
    default:
      return "";
  }
}

class Parser {
 public:
  Parser(const CommandSpec& spec, Command& command, ErrorLine& error)
      : spec_(spec), cmd_(command), err_(error) {}

  // Splits tokens[1..] into options and positionals.
  bool split(const TokenList& tokens) {
    const std::string_view allowed = options_of(spec_.kind);
    for (std::size_t i = 1; i < tokens.size(); ++i) {
      std::string_view t = tokens[i];
      if (t.size() < 2 || t[0] != '-') {
        positional_[positional_count_++] = t;
        continue;
      }
      const char letter = t[1];
      std::size_t at = allowed.find(letter);
      if (letter == ':' || at == std::string_view::npos) return fail("unknown option", t);
      const bool takes_value = at + 1 < allowed.size() && allowed[at + 1] == ':';
      Option& o = option(letter);
      if (o.present) return fail("option given twice", t.substr(0, 2));
      o.present = true;
      if (!takes_value) {
        if (t.size() > 2) return fail("unknown option", t);
        continue;
      }
      if (t.size() > 2) {
        o.value = t.substr(2);
      } else if (i + 1 < tokens.size()) {
        o.value = tokens[++i];
      } else {
        return fail("option needs a value", t);
      }
    }
    return true;
  }

  bool run();

 private:
  struct Option {
    bool present = false;
    std::string_view value;
  };
  // Option letters a-z and A-Z; anything else shares an unused slot.
  Option& option(char letter) {
    if (letter >= 'a' && letter <= 'z') return options_[letter - 'a'];
    if (letter >= 'A' && letter <= 'Z') return options_[26 + (letter - 'A')];
    return options_[52];
  }
  bool has(char letter) { return option(letter).present; }
  std::string_view value(char letter) { return option(letter).value; }

  // "<command>: <what>[ '<detail>'][ (<why>)]"
  bool fail(std::string_view what, std::string_view detail = {}, std::string_view why = {}) {
    support::FixedString<ErrorLine::kMax + 1> s;
    format_to(s.sink(), "{}: {}", spec_.name, what);
    if (!detail.empty()) format_to(s.sink(), " '{}'", detail);
    if (!why.empty()) format_to(s.sink(), " ({})", why);
    err_.set_raw(s.view());
    return false;
  }

  // Positional arguments.
  bool positional(std::size_t index, std::string_view what, std::string_view& out) {
    if (index >= positional_count_) {
      support::FixedString<64> s;
      format_to(s.sink(), "missing {}", what);
      return fail(s.view());
    }
    out = positional_[index];
    return true;
  }
  bool at_most(std::size_t count) {
    if (positional_count_ > count) return fail("extra argument", positional_[count]);
    return true;
  }

  bool domain(std::string_view text, DomainRef& out) {
    // All digits: an id (names are never all digits, see domcfg::check_name).
    std::uint64_t id = 0;
    bool all_digits = !text.empty();
    for (char c : text) all_digits = all_digits && support::is_digit(c);
    if (all_digits) {
      if (support::Status s = domcfg::parse_uint(text, kMaxDomainId, id); !s)
        return fail("bad domain id", text, s.reason());
      out.by_id = true;
      out.id = static_cast<std::uint32_t>(id);
      out.name.clear();
      return true;
    }
    if (support::Status s = domcfg::check_name(text); !s)
      return fail("bad domain", text, s.reason());
    out.by_id = false;
    out.name.assign(text);
    return true;
  }
  bool pool_name(std::string_view text, BoundedText<kNameMax>& out, std::string_view what) {
    if (support::Status s = domcfg::check_name(text); !s) return fail(what, text, s.reason());
    out.assign(text);
    return true;
  }
  bool vcpu(std::string_view text, VcpuRef& out) {
    if (text == "all") {
      out = VcpuRef{true, 0};
      return true;
    }
    std::uint64_t n = 0;
    if (support::Status s = domcfg::parse_uint(text, domcfg::kMaxVcpus - 1, n); !s)
      return fail("bad vcpu", text, s.reason());
    out = VcpuRef{false, static_cast<std::uint32_t>(n)};
    return true;
  }
  bool cpus(std::string_view text, CpuSet& out) {
    if (support::Status s = domcfg::parse_cpu_set(text, out); !s)
      return fail("bad cpu list", text, s.reason());
    return true;
  }
  bool number(std::string_view text, std::uint64_t min, std::uint64_t max, std::string_view what,
              std::uint32_t& out) {
    std::uint64_t n = 0;
    if (support::Status s = domcfg::parse_uint(text, max, n); !s || n < min)
      return fail(what, text, s ? "number out of range" : s.reason());
    out = static_cast<std::uint32_t>(n);
    return true;
  }
  bool duration(std::string_view text, std::string_view what, std::uint64_t& out) {
    std::uint64_t ns = 0;
    if (support::Status s = domcfg::parse_duration_ns(text, ns); !s)
      return fail(what, text, s.reason());
    if (ns < domcfg::kMinPeriodNs || ns > domcfg::kMaxPeriodNs) return fail(what, text, "10us-10s");
    out = ns;
    return true;
  }

  bool no_arguments() { return at_most(0); }
  bool optional_domain() {
    if (!at_most(1)) return false;
    if (positional_count_ == 0) return true;
    cmd_.has_domain = true;
    return domain(positional_[0], cmd_.domain);
  }
  bool required_domain() {
    std::string_view d;
    if (!positional(0, "<domain>", d) || !at_most(1)) return false;
    cmd_.has_domain = true;
    return domain(d, cmd_.domain);
  }
  bool help();
  bool config();  // create, admit
  bool vcpu_pin();
  bool sched_rt();
  bool cpupool_create();
  bool pool_and_cpus();
  bool trace();
  bool idc_queue();

  const CommandSpec& spec_;
  Command& cmd_;
  ErrorLine& err_;
  Option options_[53];
  std::string_view positional_[TokenList::kMaxTokens];
  std::size_t positional_count_ = 0;
};

bool Parser::help() {
  if (!at_most(1)) return false;
  if (positional_count_ == 1) {
    const CommandSpec* topic = find_command(positional_[0]);
    if (topic == nullptr) return fail("unknown command", positional_[0]);
    cmd_.has_topic = true;
    cmd_.topic = topic->kind;
  }
  return true;
}

bool Parser::config() {
  std::string_view first;
  if (!positional(0, "<module> or <key>=<value>", first)) return false;
  if (first.find('=') == std::string_view::npos) {
    if (!at_most(1)) return false;
    if (first.size() > domcfg::kKernelMax) return fail("module name too long", first);
    cmd_.module.assign(first);
    return true;
  }
  cmd_.inline_config = true;
  domcfg::DomainOutcome outcome =
      domcfg::parse_inline(std::span<const std::string_view>(positional_, positional_count_));
  if (!outcome.ok) {
    support::FixedString<ErrorLine::kMax> what;
    if (outcome.error.line != 0) format_to(what.sink(), "argument {}: ", outcome.error.line);
    format_to(what.sink(), "{}", outcome.error.reason);
    return fail(what.view(), outcome.error.detail);
  }
  cmd_.config = outcome.config;
  return true;
}

bool Parser::vcpu_pin() {
  std::string_view d, v, c;
  if (!positional(0, "<domain>", d) || !positional(1, "<vcpu|all>", v) ||
      !positional(2, "<cpus>", c) || !at_most(3))
    return false;
  cmd_.has_domain = true;
  return domain(d, cmd_.domain) && vcpu(v, cmd_.vcpu) && cpus(c, cmd_.cpus);
}

bool Parser::sched_rt() {
  if (!no_arguments()) return false;
  SchedRtArgs& rt = cmd_.rt;
  if (has('d') && !domain(value('d'), rt.domain)) return false;
  rt.has_domain = has('d');
  if (has('v') && !vcpu(value('v'), rt.vcpu)) return false;
  rt.has_vcpu = has('v');
  if (has('c') && !pool_name(value('c'), rt.pool, "bad pool")) return false;
  rt.has_pool = has('c');
  if (has('p') && !duration(value('p'), "bad period", rt.period_ns)) return false;
  rt.has_period = has('p');
  if (has('b') && !duration(value('b'), "bad budget", rt.budget_ns)) return false;
  rt.has_budget = has('b');
  if (has('s')) {
    if (support::Status s = domcfg::parse_server_kind(value('s'), rt.server); !s)
      return fail("bad server", value('s'), s.reason());
    rt.has_server = true;
  }
  if (has('P')) {
    if (!number(value('P'), 0, domcfg::kMaxPriority, "bad priority", rt.priority)) return false;
    rt.has_priority = true;
  }
  if (has('r')) {
    std::uint32_t flag = 0;
    if (!number(value('r'), 0, 1, "bad rt flag", flag)) return false;
    rt.rt = flag == 1;
    rt.has_rt = true;
  }
  if (rt.has_vcpu && !rt.has_domain) return fail("-v needs -d <domain>");
  if (rt.is_set() && !rt.has_domain) return fail("setting parameters needs -d <domain>");
  if (rt.is_set() && rt.has_pool) return fail("-c only filters the listing");
  if (rt.has_budget && rt.has_period && rt.budget_ns > rt.period_ns)
    return fail("budget above period");
  return true;
}

bool Parser::cpupool_create() {
  if (positional_count_ == 0) return fail("missing name=<pool>");
  bool seen_name = false, seen_sched = false, seen_cpus = false;
  for (std::size_t i = 0; i < positional_count_; ++i) {
    std::string_view arg = positional_[i];
    std::size_t eq = arg.find('=');
    if (eq == std::string_view::npos) return fail("expected key=value", arg);
    std::string_view key = arg.substr(0, eq), val = arg.substr(eq + 1);
    if (key == "name") {
      if (seen_name) return fail("duplicate key", key);
      seen_name = true;
      cmd_.has_pool = true;
      if (!pool_name(val, cmd_.pool, "bad pool name")) return false;
    } else if (key == "sched") {
      if (seen_sched) return fail("duplicate key", key);
      seen_sched = true;
      bool found = false;
      for (int p = 0; p <= static_cast<int>(PoolPolicy::pfp); ++p) {
        if (val == pool_policy_name(static_cast<PoolPolicy>(p))) {
          cmd_.policy = static_cast<PoolPolicy>(p);
          found = true;
        }
      }
      if (val == "fp") {
        cmd_.policy = PoolPolicy::pfp;
        found = true;
      }
      if (!found) return fail("unknown policy", val, "gedf pedf gdm pdm grm prm gfp pfp fp");
    } else if (key == "cpus") {
      if (seen_cpus) return fail("duplicate key", key);
      seen_cpus = true;
      if (!cpus(val, cmd_.cpus)) return false;
    } else if (key == "server") {
      if (cmd_.has_server) return fail("duplicate key", key);
      if (support::Status s = domcfg::parse_server_kind(val, cmd_.server); !s)
        return fail("bad server", val, s.reason());
      cmd_.has_server = true;
    } else {
      return fail("unknown key", key);
    }
  }
  if (!seen_name) return fail("missing name=<pool>");
  return true;
}

bool Parser::pool_and_cpus() {
  std::string_view p, c;
  if (!positional(0, "<pool>", p) || !positional(1, "<cpus|node:<n>>", c) || !at_most(2))
    return false;
  cmd_.has_pool = true;
  if (!pool_name(p, cmd_.pool, "bad pool")) return false;
  if (c.substr(0, 5) == "node:") {
    cmd_.by_node = true;
    return number(c.substr(5), 0, kMaxNode, "bad node", cmd_.node);
  }
  return cpus(c, cmd_.cpus);
}

bool Parser::trace() {
  if (!no_arguments()) return false;
  cmd_.flag = has('c');
  if (has('n')) return number(value('n'), 1, 1'000'000, "bad count", cmd_.count);
  return true;
}

bool Parser::idc_queue() {
  if (!no_arguments()) return false;
  if (has('m')) {
    if (value('m') == "rtca")
      cmd_.mode = IdcMode::rtca;
    else if (value('m') == "rr")
      cmd_.mode = IdcMode::rr;
    else
      return fail("bad mode", value('m'), "rtca or rr");
    cmd_.has_mode = true;
  }
  if (has('b')) {
    if (!number(value('b'), 1, kMaxBatch, "bad batch", cmd_.batch)) return false;
    cmd_.has_batch = true;
  }
  if (has('l')) {
    if (!number(value('l'), 1, kMaxQueueLimit, "bad limit", cmd_.limit)) return false;
    cmd_.has_limit = true;
  }
  return true;
}

bool Parser::run() {
  switch (spec_.kind) {
    case CommandKind::help:
      return help();
    case CommandKind::list:
    case CommandKind::vcpu_list:
    case CommandKind::idc_stats:
      return optional_domain();
    case CommandKind::info:
    case CommandKind::cpupool_numa_split:
      return no_arguments();
    case CommandKind::dmesg:
      cmd_.flag = has('c');
      return no_arguments();
    case CommandKind::create:
      cmd_.flag = has('p');
      return config();
    case CommandKind::admit:
      return config();
    case CommandKind::shutdown:
      cmd_.flag = has('w');
      return required_domain();
    case CommandKind::destroy:
    case CommandKind::pause:
    case CommandKind::unpause:
      return required_domain();
    case CommandKind::vcpu_pin:
      return vcpu_pin();
    case CommandKind::sched_rt:
      return sched_rt();
    case CommandKind::cpupool_list:
      cmd_.flag = has('c');
      if (!at_most(1)) return false;
      cmd_.has_pool = positional_count_ == 1;
      return !cmd_.has_pool || pool_name(positional_[0], cmd_.pool, "bad pool");
    case CommandKind::cpupool_create:
      return cpupool_create();
    case CommandKind::cpupool_destroy: {
      std::string_view p;
      if (!positional(0, "<pool>", p) || !at_most(1)) return false;
      cmd_.has_pool = true;
      return pool_name(p, cmd_.pool, "bad pool");
    }
    case CommandKind::cpupool_rename: {
      std::string_view p, n;
      if (!positional(0, "<pool>", p) || !positional(1, "<new-name>", n) || !at_most(2))
        return false;
      cmd_.has_pool = true;
      return pool_name(p, cmd_.pool, "bad pool") && pool_name(n, cmd_.new_name, "bad new name");
    }
    case CommandKind::cpupool_cpu_add:
    case CommandKind::cpupool_cpu_remove:
      return pool_and_cpus();
    case CommandKind::cpupool_migrate: {
      std::string_view d, p;
      if (!positional(0, "<domain>", d) || !positional(1, "<pool>", p) || !at_most(2)) return false;
      cmd_.has_domain = true;
      cmd_.has_pool = true;
      return domain(d, cmd_.domain) && pool_name(p, cmd_.pool, "bad pool");
    }
    case CommandKind::trace:
      return trace();
    case CommandKind::idc_queue:
      return idc_queue();
    case CommandKind::none:
      break;
  }
  return fail("not implemented");
}

}  // namespace

void parse_command(std::string_view line, ParseResult& out) {
  out.ok = false;
  out.command = Command{};
  out.error.clear();
  TokenList tokens;
  if (support::Status s = tokenize(line, tokens); !s) {
    out.error.set(s.reason());
    return;
  }
  if (tokens.size() == 0) {
    out.ok = true;
    return;
  }
  const CommandSpec* spec = find_command(tokens[0]);
  if (spec == nullptr) {
    out.error.set("unknown command", tokens[0]);
    return;
  }
  out.command.kind = spec->kind;
  Parser parser(*spec, out.command, out.error);
  out.ok = parser.split(tokens) && parser.run();
  if (!out.ok) {
    CommandKind kind = out.command.kind;
    out.command = Command{};
    out.command.kind = kind;
  }
}

}  // namespace shell
