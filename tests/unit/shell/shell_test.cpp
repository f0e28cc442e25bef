// The shell loop with a recording executor: echo, prompts, error lines,
// help handled locally, executor refusals printed as one error line.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shell/shell.h"

namespace shell {
namespace {

class StringSink final : public support::Sink {
 public:
  void write(const char* data, std::size_t len) override { text.append(data, len); }
  std::string text;
};

class RecordingExecutor final : public Executor {
 public:
  bool execute(const Command& command, support::Sink& out, ErrorLine& error) override {
    kinds.push_back(command.kind);
    if (command.kind == CommandKind::destroy && command.domain.by_id && command.domain.id == 0) {
      error.set("domain 0 cannot be destroyed");
      return false;
    }
    if (command.kind == CommandKind::pause) return false;  // no reason given
    support::format_to(out, "ran {}\n", static_cast<int>(command.kind));
    return true;
  }
  std::vector<CommandKind> kinds;
};

TEST(Shell, PromptEchoAndExecution) {
  RecordingExecutor exec;
  static Shell shell(exec);
  StringSink out;
  shell.start(out);
  shell.feed("info\r", out);
  EXPECT_EQ(out.text, "tactus# info\r\nran 3\ntactus# ");
  ASSERT_EQ(exec.kinds.size(), 1u);
  EXPECT_EQ(exec.kinds[0], CommandKind::info);
}

TEST(Shell, ParseErrorsNeverReachTheExecutor) {
  RecordingExecutor exec;
  static Shell shell(exec);
  StringSink out;
  shell.feed("lst\r", out);
  EXPECT_EQ(out.text, "lst\r\nerror: unknown command 'lst'\ntactus# ");
  EXPECT_TRUE(exec.kinds.empty());
}

TEST(Shell, ExecutorRefusalIsOneErrorLine) {
  RecordingExecutor exec;
  static Shell shell(exec);
  StringSink out;
  EXPECT_FALSE(shell.run_line("destroy 0", out));
  EXPECT_EQ(out.text, "error: domain 0 cannot be destroyed\n");
  out.text.clear();
  EXPECT_FALSE(shell.run_line("pause d", out));
  EXPECT_EQ(out.text, "error: command failed\n");
}

TEST(Shell, HelpBlankAndCommentLinesStayLocal) {
  RecordingExecutor exec;
  static Shell shell(exec);
  StringSink out;
  EXPECT_TRUE(shell.run_line("", out));
  EXPECT_TRUE(shell.run_line("   # a boot-script comment", out));
  EXPECT_EQ(out.text, "");
  EXPECT_TRUE(shell.run_line("help pause", out));
  EXPECT_EQ(out.text.substr(0, 20), "usage: pause <domain");
  EXPECT_TRUE(exec.kinds.empty());
}

TEST(Shell, CtrlCAndEmptyLines) {
  RecordingExecutor exec;
  static Shell shell(exec);
  StringSink out;
  shell.feed("destroy 3\x03\r", out);
  EXPECT_EQ(out.text, "destroy 3^C\r\ntactus# \r\ntactus# ");
  EXPECT_TRUE(exec.kinds.empty());
}

TEST(Shell, BootScriptLines) {
  RecordingExecutor exec;
  static Shell shell(exec);
  StringSink out;
  const char* script[] = {"# set up the real-time pool", "cpupool-create name=rt cpus=1",
                          "cpupool-migrate rt1 rt", "sched-rt -d rt1 -b 5ms"};
  for (const char* line : script) EXPECT_TRUE(shell.run_line(line, out)) << line;
  ASSERT_EQ(exec.kinds.size(), 3u);
  EXPECT_EQ(exec.kinds[0], CommandKind::cpupool_create);
  EXPECT_EQ(exec.kinds[2], CommandKind::sched_rt);
}

}  // namespace
}  // namespace shell
