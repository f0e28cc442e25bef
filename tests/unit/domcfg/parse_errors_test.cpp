// Invalid domain configurations: each must be refused with the right line
// number, reason and offending text, and produce no domain.
#include <gtest/gtest.h>

#include <string>

#include "domcfg/parser.h"

namespace domcfg {
namespace {

struct Bad {
  const char* text;
  std::uint32_t line;
  const char* reason;
  const char* detail;
};

// Every case starts from a valid name and kernel on lines 1 and 2 unless it
// is about them.
#define NK "name = \"d\"\nkernel = \"k\"\n"

const Bad kBad[] = {
    // syntax
    {NK "foo = 1\n", 3, "unknown key", "foo"},
    {NK "Memory = 1\n", 3, "unknown key", "Memory"},
    {NK "memory = 8\nmemory = 9\n", 4, "duplicate key", "memory"},
    {NK "cmdline = 'a'\nextra = 'b'\n", 4, "duplicate key", "extra"},
    {"name = \"d\"\nname = \"e\"\nkernel = \"k\"\n", 2, "duplicate key", "name"},
    {NK "memory 8\n", 3, "expected '=' after the key", "memory"},
    {NK "memory =\n", 3, "missing value", "memory"},
    {NK "memory = # none\n", 3, "missing value", "memory"},
    {NK "= 8\n", 3, "expected a key", "= 8"},
    {NK "8 = 8\n", 3, "expected a key", "8 = 8"},
    {NK "memory = 8 9\n", 3, "unexpected text after the value", "9"},
    {NK "cmdline = \"abc\n", 3, "unterminated string", "\"abc"},
    {NK "cmdline = 'abc\"\n", 3, "unterminated string", "'abc\""},
    {NK "vif = [ 'bridge=br0'\n\n", 3, "unterminated list", ""},
    {NK "vif = [ 'bridge=br0' 'bridge=br1' ]\n", 3, "expected ',' or ']' in the list",
     "'bridge=br1' ]"},
    {NK "vcpu_sched = [\n 'vcpu=0',\n ,\n]\n", 5, "bad value", ","},
    {NK "name2 = 1\n", 3, "unknown key", "name2"},
    {NK "memory = [ 8 ]\n", 3, "expected a single value, not a list", ""},
    {NK "pool = rt\n", 3, "string value must be quoted", "rt"},
    {"name = d\nkernel = \"k\"\n", 1, "string value must be quoted", "d"},
    {NK "vif = [ bridge ]\n", 3, "string value must be quoted", "bridge"},
    // required keys
    {"kernel = \"k\"\nmemory = 8\n", 1, "missing name", ""},
    {"# only a name\nname = \"d\"\n", 1, "missing kernel", ""},
    // values
    {NK "memory = 0\n", 3, "memory out of range (1-65536 MiB)", "0"},
    {NK "memory = 65537\n", 3, "memory out of range (1-65536 MiB)", "65537"},
    {NK "memory = 16M\n", 3, "memory out of range (1-65536 MiB)", "16M"},
    {NK "vcpus = 0\n", 3, "vcpus out of range (1-8)", "0"},
    {NK "vcpus = 9\n", 3, "vcpus out of range (1-8)", "9"},
    {NK "vcpus = -1\n", 3, "vcpus out of range (1-8)", "-1"},
    {NK "priority = 256\n", 3, "priority out of range (0-255)", "256"},
    {NK "rt = 2\n", 3, "rt must be 0 or 1", "2"},
    {NK "rt = yes\n", 3, "rt must be 0 or 1", "yes"},
    {NK "server = \"edf\"\n", 3,
     "unknown server (deferrable, periodic, polling, sporadic, wcps, crps)", "edf"},
    {NK "budget = 9\n", 3, "budget out of range (10us-10s)", "9"},
    {NK "budget = 4m\n", 3, "budget out of range (10us-10s)", "4m"},
    {NK "period = 11s\n", 3, "period out of range (10us-10s)", "11s"},
    {NK "period = 9999ns\n", 3, "period out of range (10us-10s)", "9999ns"},
    {"name = \"12\"\nkernel = \"k\"\n", 1, "name is all digits", "12"},
    {"name = \"a b\"\nkernel = \"k\"\n", 1, "bad character in name", "a b"},
    {"name = \"\"\nkernel = \"k\"\n", 1, "empty name", ""},
    {"name = \"d\"\nkernel = \"\"\n", 2, "empty kernel module name", ""},
    {NK "pool = \"my pool\"\n", 3, "bad character in name", "my pool"},
    {NK "cpus = \"3-1\"\n", 3, "cpu range runs backwards", "3-1"},
    {NK "cpus = \"\"\n", 3, "empty cpu list", ""},
    // budget above period
    {NK "budget = 20ms\nperiod = 10ms\n", 4, "budget > period", ""},
    {NK "period = 10ms\n\nbudget = 20ms\n", 5, "budget > period", ""},
    {NK "budget = 11ms\n", 3, "budget > period", ""},  // default period 10 ms
    {NK "vcpus = 2\nvcpu_sched = [ 'vcpu=1,budget=3ms,period=2ms' ]\n", 4, "budget > period",
     "vcpu=1,budget=3ms,period=2ms"},
    {NK "vcpus = 2\nvcpu_sched = [\n 'vcpu=0',\n 'vcpu=1,period=1ms' ]\n", 6, "budget > period",
     "vcpu=1,period=1ms"},
    // vcpu_sched entries
    {NK "vcpus = 2\nvcpu_sched = [ 'vcpu=2,rt=1' ]\n", 4, "vcpu index >= vcpus", "vcpu=2,rt=1"},
    {NK "vcpu_sched = [ 'vcpu=1' ]\nvcpus = 1\n", 3, "vcpu index >= vcpus", "vcpu=1"},
    {NK "vcpu_sched = [ 'vcpu=8' ]\n", 3, "vcpu index out of range (max 7)", "8"},
    {NK "vcpu_sched = [ 'vcpu=x' ]\n", 3, "bad vcpu index", "x"},
    {NK "vcpu_sched = [ 'rt=1' ]\n", 3, "vcpu_sched entry without vcpu=", "rt=1"},
    {NK "vcpu_sched = [ 'vcpu=0', 'vcpu=0' ]\n", 3, "duplicate vcpu in vcpu_sched", "vcpu=0"},
    {NK "vcpu_sched = [ 'vcpu=0,rt=1,rt=0' ]\n", 3, "duplicate key in vcpu_sched entry", "rt"},
    {NK "vcpu_sched = [ 'vcpu=0,weight=5' ]\n", 3, "unknown key in vcpu_sched entry", "weight"},
    {NK "vcpu_sched = [ 'vcpu=0,junk' ]\n", 3, "expected key=value in vcpu_sched entry", "junk"},
    {NK "vcpu_sched = [ 'vcpu=0,server=rr' ]\n", 3,
     "unknown server (deferrable, periodic, polling, sporadic, wcps, crps)", "rr"},
    {NK "vcpu_sched = [ 'vcpu=0,budget=1' ]\n", 3, "budget out of range (10us-10s)", "1"},
    {NK "vcpu_sched = [ 'vcpu=0,period=20s' ]\n", 3, "period out of range (10us-10s)", "20s"},
    {NK "vcpu_sched = [ 'vcpu=0,priority=300' ]\n", 3, "priority out of range (0-255)", "300"},
    {NK "vcpu_sched = [ 'vcpu=0,rt=5' ]\n", 3, "rt must be 0 or 1", "5"},
    {NK "vcpu_sched = [ 'vcpu=0,cpus=9-8' ]\n", 3, "cpu range runs backwards", "9-8"},
    {NK "vcpu_sched = [\n\n 'vcpu=0',\n 'vcpu=0,cpus=0,x' ]\n", 6, "bad cpu list", "0,x"},
    // vif entries
    {NK "vif = [ 'mac=00:16:3e:00:00:0g' ]\n", 3, "bad MAC address", "00:16:3e:00:00:0g"},
    {NK "vif = [ 'mac=01:16:3e:00:00:01' ]\n", 3, "multicast MAC address", "01:16:3e:00:00:01"},
    {NK "vif = [ 'bridge=br0', 'model=e1000' ]\n", 3, "unknown key in vif entry", "model"},
    {NK "vif = [ 'bridge=a/b' ]\n", 3, "bad bridge name", "a/b"},
    {NK "vif = [ 'bridge=bridge-name-too-long' ]\n", 3, "bad bridge name", "bridge-name-too-long"},
    {NK "vif = [ 'bridge' ]\n", 3, "expected key=value in vif entry", "bridge"},
    {NK "vif = [ 'bridge=a,bridge=b' ]\n", 3, "duplicate key in vif entry", "bridge"},
    {NK "vif = [ 'bridge=a', 'bridge=b', 'bridge=c', 'bridge=d', 'bridge=e' ]\n", 3,
     "too many vif entries (max 4)", ""},
    {NK "vif = [ '1','2','3','4','5','6','7','8','9','10','11','12','13','14','15','16','17']\n", 3,
     "list too long (max 16 items)", ""},
    // the first error wins
    {NK "foo = 1\nbar = 2\n", 3, "unknown key", "foo"},
    {"memory = 0\n", 1, "memory out of range (1-65536 MiB)", "0"},
};

TEST(ParseErrors, EachBadInputNamesItsLineAndReason) {
  int n = 0;
  for (const Bad& b : kBad) {
    SCOPED_TRACE(b.text);
    DomainOutcome o = parse_domain(b.text);
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error.line, b.line);
    EXPECT_STREQ(o.error.reason, b.reason);
    EXPECT_EQ(o.error.detail, std::string_view(b.detail));
    EXPECT_EQ(o.config.name.view(), "") << "no domain is produced";
    ++n;
  }
  EXPECT_GE(n, 70);
}

TEST(ParseErrors, LineNumbersCountFromTheGivenFirstLine) {
  DomainOutcome o = parse_domain(NK "\nfoo = 1\n", 10);
  EXPECT_EQ(o.error.line, 13u);
}

TEST(ParseErrors, FormatsOneLine) {
  DomainOutcome o = parse_domain(NK "memory = 8\nmemory = 9\n");
  support::FixedString<96> s;
  format_error(s.sink(), o.error);
  EXPECT_EQ(s.view(), "line 4: duplicate key 'memory'");
  s.clear();
  format_error(s.sink(), ConfigError{0, "missing name", {}});
  EXPECT_EQ(s.view(), "missing name");
}

// Bytes from a bad config reach the hypervisor log only escaped (issue 12):
// control characters, bytes above 0x7e and the backslash itself.
TEST(ParseErrors, FormatEscapesBinaryDetail) {
  support::FixedString<96> s;
  const char bytes[] = {'k', '\x1b', '[', '2', 'J', '\x00', '\xff', '\\', '\n'};
  format_error(s.sink(), ConfigError{3, "unknown key", {bytes, sizeof bytes}});
  EXPECT_EQ(s.view(), "line 3: unknown key 'k\\x1b[2J\\x00\\xff\\\\\\x0a'");
  s.clear();
  DomainOutcome o = parse_domain(NK "m\x01\x7f = 1\n");
  format_error(s.sink(), o.error);
  for (char c : s.view()) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << int(c);
}

TEST(ParseErrors, OverlongStringsAreRefused) {
  std::string t = "name=\"d\"\nkernel=\"" + std::string(64, 'k') + "\"\n";
  DomainOutcome o = parse_domain(t);
  EXPECT_EQ(o.error.line, 2u);
  EXPECT_STREQ(o.error.reason, "kernel module name too long (max 63)");
  t = NK "cmdline=\"" + std::string(256, 'c') + "\"\n";
  o = parse_domain(t);
  EXPECT_EQ(o.error.line, 3u);
  EXPECT_STREQ(o.error.reason, "cmdline too long (max 255)");
  t = "name=\"" + std::string(32, 'n') + "\"\nkernel='k'\n";
  o = parse_domain(t);
  EXPECT_STREQ(o.error.reason, "name too long (max 31)");
}

}  // namespace
}  // namespace domcfg
