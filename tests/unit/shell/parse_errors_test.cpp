// Bad forms of every command: each gives exactly one error line naming
// what was wrong.
#include <gtest/gtest.h>

#include <string>

#include "shell/parse.h"

namespace shell {
namespace {

struct Bad {
  const char* line;
  const char* error;
};

const Bad kBad[] = {
    // tokenizer and command lookup
    {"lst", "error: unknown command 'lst'"},
    {"LIST", "error: unknown command 'LIST'"},
    {"list 'rt1", "error: unterminated quote"},
    {"list rt1\\", "error: backslash at end of line"},
    {"x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x",
     "error: too many arguments"},
    // help
    {"help nothing", "error: help: unknown command 'nothing'"},
    {"help list info", "error: help: extra argument 'info'"},
    {"help -x", "error: help: unknown option '-x'"},
    // list / info / dmesg
    {"list a b", "error: list: extra argument 'b'"},
    {"list -l", "error: list: unknown option '-l'"},
    {"list a/b", "error: list: bad domain 'a/b' (bad character in name)"},
    {"list 99999", "error: list: bad domain id '99999' (number out of range)"},
    {"info now", "error: info: extra argument 'now'"},
    {"dmesg -c -c", "error: dmesg: option given twice '-c'"},
    {"dmesg -cx", "error: dmesg: unknown option '-cx'"},
    {"dmesg all", "error: dmesg: extra argument 'all'"},
    // create / admit
    {"create", "error: create: missing <module> or <key>=<value>"},
    {"create a.cfg b.cfg", "error: create: extra argument 'b.cfg'"},
    {"create -x a.cfg", "error: create: unknown option '-x'"},
    {"create name=x kernel=busy memory=zz",
     "error: create: argument 3: memory out of range (1-65536 MiB) 'zz'"},
    {"create name=x memory=8", "error: create: missing kernel"},
    {"create kernel=busy", "error: create: missing name"},
    {"create name=x kernel=k colour=red", "error: create: argument 3: unknown key 'colour'"},
    {"create name=x kernel=k busy", "error: create: argument 3: expected key=value 'busy'"},
    {"create name=x kernel=k budget=20ms period=10ms",
     "error: create: argument 4: budget > period"},
    {"create name=x kernel=k vcpus=2 vcpu_sched=vcpu=2,rt=1",
     "error: create: argument 4: vcpu index >= vcpus 'vcpu=2,rt=1'"},
    {"create name=x kernel=k -p -p", "error: create: option given twice '-p'"},
    {"admit", "error: admit: missing <module> or <key>=<value>"},
    {"admit -p a.cfg", "error: admit: unknown option '-p'"},
    {"admit name=1 kernel=k", "error: admit: argument 1: name is all digits '1'"},
    // destroy / pause / unpause / shutdown
    {"destroy", "error: destroy: missing <domain>"},
    {"destroy 1 2", "error: destroy: extra argument '2'"},
    {"destroy -1", "error: destroy: unknown option '-1'"},
    {"pause", "error: pause: missing <domain>"},
    {"pause a b", "error: pause: extra argument 'b'"},
    {"unpause", "error: unpause: missing <domain>"},
    {"unpause a..b/", "error: unpause: bad domain 'a..b/' (bad character in name)"},
    {"shutdown", "error: shutdown: missing <domain>"},
    {"shutdown -w", "error: shutdown: missing <domain>"},
    {"shutdown -f d", "error: shutdown: unknown option '-f'"},
    // vcpu-list / vcpu-pin
    {"vcpu-list a b", "error: vcpu-list: extra argument 'b'"},
    {"vcpu-pin", "error: vcpu-pin: missing <domain>"},
    {"vcpu-pin d", "error: vcpu-pin: missing <vcpu|all>"},
    {"vcpu-pin d 0", "error: vcpu-pin: missing <cpus>"},
    {"vcpu-pin d 0 1 2", "error: vcpu-pin: extra argument '2'"},
    {"vcpu-pin d 8 1", "error: vcpu-pin: bad vcpu '8' (number out of range)"},
    {"vcpu-pin d one 1", "error: vcpu-pin: bad vcpu 'one' (not a number)"},
    {"vcpu-pin d 0 3-1", "error: vcpu-pin: bad cpu list '3-1' (cpu range runs backwards)"},
    {"vcpu-pin d 0 x", "error: vcpu-pin: bad cpu list 'x' (bad cpu list)"},
    // sched-rt
    {"sched-rt extra", "error: sched-rt: extra argument 'extra'"},
    {"sched-rt -x", "error: sched-rt: unknown option '-x'"},
    {"sched-rt -d", "error: sched-rt: option needs a value '-d'"},
    {"sched-rt -d a -d b", "error: sched-rt: option given twice '-d'"},
    {"sched-rt -v 1", "error: sched-rt: -v needs -d <domain>"},
    {"sched-rt -p 10ms", "error: sched-rt: setting parameters needs -d <domain>"},
    {"sched-rt -d a -b 5ms -c rt", "error: sched-rt: -c only filters the listing"},
    {"sched-rt -d a -b 20ms -p 10ms", "error: sched-rt: budget above period"},
    {"sched-rt -d a -p 4m", "error: sched-rt: bad period '4m' (bad duration unit (ns, us, ms, s))"},
    {"sched-rt -d a -p 11s", "error: sched-rt: bad period '11s' (10us-10s)"},
    {"sched-rt -d a -b 5", "error: sched-rt: bad budget '5' (10us-10s)"},
    {"sched-rt -d a -b ''", "error: sched-rt: bad budget (bad duration)"},
    {"sched-rt -d a -s edf",
     "error: sched-rt: bad server 'edf' (unknown server (deferrable, periodic, polling, sporadic, "
     "wcps, crps))"},
    {"sched-rt -d a -P 256", "error: sched-rt: bad priority '256' (number out of range)"},
    {"sched-rt -d a -r 2", "error: sched-rt: bad rt flag '2' (number out of range)"},
    {"sched-rt -d a -r yes", "error: sched-rt: bad rt flag 'yes' (not a number)"},
    {"sched-rt -d a -v 9", "error: sched-rt: bad vcpu '9' (number out of range)"},
    {"sched-rt -d a/b", "error: sched-rt: bad domain 'a/b' (bad character in name)"},
    {"sched-rt -c 'a b'", "error: sched-rt: bad pool 'a b' (bad character in name)"},
    // cpupool-list / -create / -destroy / -rename
    {"cpupool-list a b", "error: cpupool-list: extra argument 'b'"},
    {"cpupool-list -x", "error: cpupool-list: unknown option '-x'"},
    {"cpupool-create", "error: cpupool-create: missing name=<pool>"},
    {"cpupool-create sched=gedf", "error: cpupool-create: missing name=<pool>"},
    {"cpupool-create rt", "error: cpupool-create: expected key=value 'rt'"},
    {"cpupool-create name=rt name=x", "error: cpupool-create: duplicate key 'name'"},
    {"cpupool-create name=rt sched=credit",
     "error: cpupool-create: unknown policy 'credit' (gedf pedf gdm pdm grm prm gfp pfp fp)"},
    {"cpupool-create name=rt cpus=", "error: cpupool-create: bad cpu list (empty cpu list)"},
    {"cpupool-create name=rt server=x",
     "error: cpupool-create: bad server 'x' (unknown server (deferrable, periodic, polling, "
     "sporadic, wcps, crps))"},
    {"cpupool-create name=rt colour=red", "error: cpupool-create: unknown key 'colour'"},
    {"cpupool-create name=7", "error: cpupool-create: bad pool name '7' (name is all digits)"},
    {"cpupool-destroy", "error: cpupool-destroy: missing <pool>"},
    {"cpupool-destroy a b", "error: cpupool-destroy: extra argument 'b'"},
    {"cpupool-rename a", "error: cpupool-rename: missing <new-name>"},
    {"cpupool-rename a b c", "error: cpupool-rename: extra argument 'c'"},
    {"cpupool-rename a b/c", "error: cpupool-rename: bad new name 'b/c' (bad character in name)"},
    // cpupool-cpu-add / -remove / -migrate / -numa-split
    {"cpupool-cpu-add", "error: cpupool-cpu-add: missing <pool>"},
    {"cpupool-cpu-add rt", "error: cpupool-cpu-add: missing <cpus|node:<n>>"},
    {"cpupool-cpu-add rt 1 2", "error: cpupool-cpu-add: extra argument '2'"},
    {"cpupool-cpu-add rt 256",
     "error: cpupool-cpu-add: bad cpu list '256' (cpu number out of range)"},
    {"cpupool-cpu-remove rt node:x", "error: cpupool-cpu-remove: bad node 'x' (not a number)"},
    {"cpupool-cpu-remove rt node:64",
     "error: cpupool-cpu-remove: bad node '64' (number out of range)"},
    {"cpupool-migrate d", "error: cpupool-migrate: missing <pool>"},
    {"cpupool-migrate d p q", "error: cpupool-migrate: extra argument 'q'"},
    {"cpupool-numa-split now", "error: cpupool-numa-split: extra argument 'now'"},
    // trace / idc
    {"trace -n", "error: trace: option needs a value '-n'"},
    {"trace -n 0", "error: trace: bad count '0' (number out of range)"},
    {"trace all", "error: trace: extra argument 'all'"},
    {"idc-stats a b", "error: idc-stats: extra argument 'b'"},
    {"idc-queue -m fifo", "error: idc-queue: bad mode 'fifo' (rtca or rr)"},
    {"idc-queue -b 0", "error: idc-queue: bad batch '0' (number out of range)"},
    {"idc-queue -l 100001", "error: idc-queue: bad limit '100001' (number out of range)"},
    {"idc-queue rr", "error: idc-queue: extra argument 'rr'"},
};

TEST(ParseErrors, EachBadLineGivesItsErrorLine) {
  static ParseResult r;
  int n = 0;
  for (const Bad& b : kBad) {
    parse_command(b.line, r);
    EXPECT_FALSE(r.ok) << b.line;
    EXPECT_EQ(r.error.view(), std::string_view(b.error)) << b.line;
    EXPECT_EQ(r.error.view().find('\n'), std::string_view::npos) << "one line: " << b.line;
    ++n;
  }
  EXPECT_GE(n, 100);
}

TEST(ParseErrors, AFailedParseLeavesNoArguments) {
  static ParseResult r;
  parse_command("vcpu-pin d 0 3-1", r);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.command.kind, CommandKind::vcpu_pin);
  EXPECT_FALSE(r.command.has_domain);
  EXPECT_TRUE(r.command.cpus.empty());
}

TEST(ParseErrors, LongDetailsAreCutToOneBoundedLine) {
  static ParseResult r;
  std::string line = "list " + std::string(190, 'x');
  parse_command(line, r);
  ASSERT_FALSE(r.ok);
  EXPECT_LE(r.error.view().size(), ErrorLine::kMax);
  EXPECT_EQ(r.error.view().substr(0, 24), "error: list: bad domain ");
}

}  // namespace
}  // namespace shell
