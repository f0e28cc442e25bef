// The line editor on byte sequences: echo, completed lines, editing keys,
// CR/LF/CRLF, the length bound and swallowed escape sequences.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shell/line_editor.h"

namespace shell {
namespace {

struct Fed {
  std::string echo;
  std::vector<std::string> lines;
};

Fed feed(LineEditor& e, std::string_view bytes) {
  Fed r;
  for (char c : bytes) {
    LineEditor::Step s = e.feed(c);
    r.echo += std::string(s.echo);
    if (s.line_done) r.lines.emplace_back(s.line);
  }
  return r;
}

TEST(LineEditor, EchoesAndCompletesOnCr) {
  LineEditor e;
  Fed r = feed(e, "list\r");
  EXPECT_EQ(r.echo, "list\r\n");
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0], "list");
  EXPECT_EQ(e.current(), "");
}

TEST(LineEditor, LfAndCrlfAndLfcr) {
  LineEditor e;
  Fed r = feed(e, "a\nb\r\nc\r\rd\n\r");
  ASSERT_EQ(r.lines.size(), 6u);
  EXPECT_EQ(r.lines[0], "a");
  EXPECT_EQ(r.lines[1], "b");  // CRLF is one line end
  EXPECT_EQ(r.lines[2], "c");
  EXPECT_EQ(r.lines[3], "");  // CR CR: an empty line
  EXPECT_EQ(r.lines[4], "d");
  EXPECT_EQ(r.lines[5], "");  // LF CR: two line ends
  EXPECT_EQ(r.echo, "a\r\nb\r\nc\r\n\r\nd\r\n\r\n");
}

TEST(LineEditor, CrThenLfOnlySwallowsTheImmediateLf) {
  LineEditor e;
  Fed r = feed(e, "x\rq\n");
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[1], "q");
}

TEST(LineEditor, BackspaceAndDelete) {
  LineEditor e;
  Fed r = feed(e, "lisx\x7ft\b\bst\r");
  EXPECT_EQ(r.echo, "lisx\b \bt\b \b\b \bst\r\n");
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0], "list");
}

TEST(LineEditor, BackspaceOnEmptyLineDoesNothing) {
  LineEditor e;
  Fed r = feed(e, "\b\x7f");
  EXPECT_EQ(r.echo, "");
  EXPECT_TRUE(r.lines.empty());
}

TEST(LineEditor, CtrlUErasesTheLine) {
  LineEditor e;
  Fed r = feed(e, "abc\x15x\r");
  EXPECT_EQ(r.echo, "abc\b \b\b \b\b \bx\r\n");
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0], "x");
}

TEST(LineEditor, CtrlCAbandonsTheLineWithANewPrompt) {
  LineEditor e;
  Fed r = feed(e, "destroy 3\x03");
  EXPECT_EQ(r.echo, "destroy 3^C\r\ntactus# ");
  EXPECT_TRUE(r.lines.empty());
  EXPECT_EQ(e.current(), "");
  r = feed(e, "info\r");
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0], "info");
}

TEST(LineEditor, LineLengthIsBoundedWithABell) {
  LineEditor e;
  std::string full(LineEditor::kMaxLine, 'a');
  Fed r = feed(e, full);
  EXPECT_EQ(r.echo, full);
  r = feed(e, "bc");
  EXPECT_EQ(r.echo, "\a\a");
  EXPECT_EQ(e.current().size(), LineEditor::kMaxLine);
  r = feed(e, "\bz\r");
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0], std::string(LineEditor::kMaxLine - 1, 'a') + "z");
}

TEST(LineEditor, EscapeSequencesAndOtherControlsAreSwallowed) {
  LineEditor e;
  // Up arrow (ESC [ A), Home (ESC [ 1 ~), F1 (ESC O P), tab, Ctrl-D, a UTF-8 byte.
  Fed r = feed(e, "l\x1b[Ai\x1b[1~s\x1bOPt\t\x04\xc3\r");
  EXPECT_EQ(r.echo, "list\r\n");
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0], "list");
}

TEST(LineEditor, LoneEscapeSwallowsOneByte) {
  LineEditor e;
  Fed r = feed(e, "\x1bxab\r");
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0], "ab");
}

TEST(LineEditor, LineViewSurvivesUntilNextFeed) {
  LineEditor e;
  feed(e, "abc");
  LineEditor::Step s = e.feed('\r');
  ASSERT_TRUE(s.line_done);
  EXPECT_EQ(s.line, "abc");
  EXPECT_EQ(e.current(), "");
}

}  // namespace
}  // namespace shell
