// Drives the toolstack through the real shell loop (Shell::run_line) over
// a FakeControl and captures the output.
#pragma once

#include <memory>
#include <string>

#include "fake_control.h"
#include "shell/shell.h"
#include "toolstack/toolstack.h"

namespace toolstack::test {

class StringSink final : public support::Sink {
 public:
  void write(const char* data, std::size_t len) override { text.append(data, len); }
  std::string text;
};

struct Rig {
  explicit Rig(std::uint32_t cpus = 2) : hv(cpus) {}
  FakeControl hv;
  std::unique_ptr<Toolstack> ts = std::make_unique<Toolstack>(hv);
  std::unique_ptr<shell::Shell> sh = std::make_unique<shell::Shell>(*ts);

  std::string run(std::string_view line) {
    StringSink out;
    sh->run_line(line, out);
    return out.text;
  }
  bool ok(std::string_view line) {
    StringSink out;
    return sh->run_line(line, out);
  }
  // Everything a user can observe about domains and pools.
  std::string state() {
    return run("list") + run("cpupool-list -c") + run("cpupool-list") + run("sched-rt");
  }
};

}  // namespace toolstack::test
