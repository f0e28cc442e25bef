// The shell's command table: every command's name, usage line and help
// text (docs/shell.md). Static data; no locking.
#pragma once

#include <span>
#include <string_view>

#include "shell/command.h"

namespace shell {

struct CommandSpec {
  CommandKind kind;
  std::string_view name;     // as typed, e.g. "cpupool-create"
  std::string_view usage;    // e.g. "cpupool-create name=<pool> [sched=<policy>] ..."
  std::string_view summary;  // one line for the `help` list (fits 80 columns with the name)
  std::string_view help;     // one or more lines, no trailing newline
};

std::span<const CommandSpec> command_table();
const CommandSpec* find_command(std::string_view name);
const CommandSpec& command_spec(CommandKind kind);  // kind != none

}  // namespace shell
