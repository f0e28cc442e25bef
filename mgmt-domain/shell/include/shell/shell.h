// The management domain's shell loop, independent of the console driver:
// console bytes go through the LineEditor, completed lines through
// parse_command, and valid commands to an Executor that owns the live
// state. All output is written to a caller-provided Sink. Errors from
// parsing or from the executor become exactly one "error: ..." line.
// Not thread-safe: one console, one owner.
#pragma once

#include <string_view>

#include "shell/line_editor.h"
#include "shell/parse.h"
#include "support/format.h"

namespace shell {

// Implemented by the management domain. This is where semantic checks
// against live state happen (unknown domain or pool, CPU not in the pool,
// budget above the current period, destroying Pool-0 or domain 0, ...).
// On refusal: fill `error` (ErrorLine::set) and change nothing; the shell
// prints the line. `help` and blank lines never reach the executor.
class Executor {
 public:
  virtual bool execute(const Command& command, support::Sink& out, ErrorLine& error) = 0;

 protected:
  ~Executor() = default;
};

class Shell {
 public:
  explicit Shell(Executor& executor) : executor_(executor) {}

  // Prints the prompt (call once at start-up).
  void start(support::Sink& out);
  // Feeds console input: echo, command output and new prompts go to `out`.
  void feed(std::string_view bytes, support::Sink& out);
  // Runs one line without echo or prompt (boot scripts). Returns true when
  // the command succeeded (blank lines and comments starting with '#' too).
  bool run_line(std::string_view line, support::Sink& out);

 private:
  Executor& executor_;
  LineEditor editor_;
  ParseResult parsed_;
};

// Writes help: the command list (topic none) or one command's usage and text.
void write_help(support::Sink& out, const Command& help_command);

}  // namespace shell
