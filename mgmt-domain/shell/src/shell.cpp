// The shell loop: editor -> parser -> executor (see shell/shell.h).
// Command output uses '\n'; the console driver maps it to CRLF. Not
// thread-safe: one console, one owner.
#include "shell/shell.h"

#include "shell/command_table.h"
#include "support/text.h"

namespace shell {

void write_help(support::Sink& out, const Command& help_command) {
  if (help_command.has_topic) {
    const CommandSpec& spec = command_spec(help_command.topic);
    support::format_to(out, "usage: {}\n{}\n", spec.usage, spec.help);
    return;
  }
  support::format_to(out, "Commands:\n");
  for (const CommandSpec& spec : command_table()) {
    support::format_to(out, "  {:<19} {}\n", spec.name, spec.summary);
  }
  support::format_to(out, "Type 'help <command>' for its usage and options.\n");
}

void Shell::start(support::Sink& out) { support::format_to(out, "{}", kPrompt); }

bool Shell::run_line(std::string_view line, support::Sink& out) {
  std::string_view trimmed = support::trim(line);
  if (trimmed.empty() || trimmed[0] == '#') return true;
  parse_command(trimmed, parsed_);
  if (!parsed_.ok) {
    support::format_to(out, "{}\n", parsed_.error.view());
    return false;
  }
  const Command& command = parsed_.command;
  if (command.kind == CommandKind::none) return true;
  if (command.kind == CommandKind::help) {
    write_help(out, command);
    return true;
  }
  ErrorLine error;
  if (executor_.execute(command, out, error)) return true;
  if (error.empty()) error.set("command failed");
  support::format_to(out, "{}\n", error.view());
  return false;
}

void Shell::feed(std::string_view bytes, support::Sink& out) {
  for (char byte : bytes) {
    LineEditor::Step step = editor_.feed(byte);
    if (!step.echo.empty()) out.write(step.echo.data(), step.echo.size());
    if (step.line_done) {
      run_line(step.line, out);
      support::format_to(out, "{}", kPrompt);
    }
  }
}

}  // namespace shell
