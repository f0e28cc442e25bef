// Fuzz target for the shell. The input is fed byte by byte as console
// input, and also parsed line by line directly. Invariants (abort on
// violation): the editor never holds more than kMaxLine bytes, every
// error is one line starting "error: ", and every command reaching the
// executor carries arguments within their documented bounds.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "shell/shell.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

class NullSink final : public support::Sink {
 public:
  void write(const char*, std::size_t) override {}
};

void check_domain(const shell::DomainRef& d) {
  if (d.by_id)
    check(d.id <= 32767);
  else
    check(domcfg::check_name(d.name.view()).ok());
}

void check_command(const shell::Command& c) {
  using shell::CommandKind;
  check(c.kind != CommandKind::none && c.kind != CommandKind::help);
  if (c.has_domain) check_domain(c.domain);
  if (c.has_pool) check(domcfg::check_name(c.pool.view()).ok());
  if (c.kind == CommandKind::vcpu_pin) {
    check(c.has_domain && !c.cpus.empty());
    check(c.vcpu.all || c.vcpu.index < domcfg::kMaxVcpus);
  }
  if (c.kind == CommandKind::sched_rt) {
    const shell::SchedRtArgs& rt = c.rt;
    if (rt.has_domain) check_domain(rt.domain);
    if (rt.is_set()) check(rt.has_domain && !rt.has_pool);
    if (rt.has_budget && rt.has_period) check(rt.budget_ns <= rt.period_ns);
    if (rt.has_period) check(rt.period_ns >= domcfg::kMinPeriodNs);
    if (rt.has_priority) check(rt.priority <= domcfg::kMaxPriority);
  }
  if (c.kind == CommandKind::cpupool_rename) check(domcfg::check_name(c.new_name.view()).ok());
  if ((c.kind == CommandKind::create || c.kind == CommandKind::admit) && c.inline_config) {
    check(!c.config.name.empty() && !c.config.kernel.empty());
    for (std::uint32_t i = 0; i < c.config.vcpus; ++i)
      check(c.config.vcpu[i].budget_ns <= c.config.vcpu[i].period_ns);
  }
  if (c.kind == CommandKind::idc_queue) {
    if (c.has_batch) check(c.batch >= 1 && c.batch <= 4096);
    if (c.has_limit) check(c.limit >= 1 && c.limit <= 100000);
  }
}

class CheckingExecutor final : public shell::Executor {
 public:
  bool execute(const shell::Command& command, support::Sink&, shell::ErrorLine&) override {
    check_command(command);
    return true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  static CheckingExecutor executor;
  static shell::Shell* console = nullptr;
  static shell::ParseResult parsed;
  if (console == nullptr) console = new shell::Shell(executor);
  NullSink out;

  // Console bytes (the shell keeps its editor state across inputs, like a
  // real console; that is part of what is fuzzed).
  console->feed(input, out);

  // The same text line by line, straight into the parser.
  std::string_view rest = input;
  while (!rest.empty()) {
    std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    shell::parse_command(line, parsed);
    if (parsed.ok) {
      if (parsed.command.kind != shell::CommandKind::none &&
          parsed.command.kind != shell::CommandKind::help)
        check_command(parsed.command);
    } else {
      std::string_view e = parsed.error.view();
      check(e.substr(0, 7) == "error: " && e.size() > 7);
      check(e.find('\n') == std::string_view::npos);
    }
  }

  // The editor alone.
  static shell::LineEditor editor;
  for (char c : input) {
    shell::LineEditor::Step step = editor.feed(c);
    check(editor.current().size() <= shell::LineEditor::kMaxLine);
    if (step.line_done) check(step.line.size() <= shell::LineEditor::kMaxLine);
  }
  return 0;
}
