// Domain 0, the management domain (docs/management-domain.md): runs the
// boot script module `boot.sh` (each command echoed after the prompt, as
// if typed; blank and `#` comment lines are skipped), then the interactive
// `tactus# ` shell on the console. Console input arrives through console_read; between reads the
// domain blocks until Virq::console fires. Output is buffered; the hypervisor's console maps '\n'
// to CRLF. Single vCPU, one console: no locking.
#include "guest/hypercalls.h"
#include "guest/modules.h"
#include "guest/runtime.h"
#include "hypervisor_control.h"
#include "shell/shell.h"
#include "support/text.h"
#include "toolstack/toolstack.h"

namespace {

namespace abi = tactus::abi;
namespace hc = guest::hc;

// Console output: buffered, flushed when full and after each burst of
// work. The hypervisor's console already turns '\n' into CRLF.
class ConsoleSink final : public support::Sink {
 public:
  void write(const char* data, std::size_t len) override {
    for (std::size_t i = 0; i < len; ++i) {
      if (len_ == sizeof buf_) flush();
      buf_[len_++] = data[i];
    }
  }
  void flush() {
    if (len_ != 0) hc::console_write({buf_, len_});
    len_ = 0;
  }

 private:
  char buf_[2048];
  std::size_t len_ = 0;
};

dom0::HypervisorControl g_control;
toolstack::Toolstack g_toolstack(g_control);
shell::Shell g_shell(g_toolstack);
ConsoleSink g_out;

// Input for the shell, then what was typed while its commands ran (read by
// their Ctrl-C checks, HypervisorControl::interrupt_requested).
void feed(std::string_view input) {
  static char typeahead[256];
  for (;;) {
    g_shell.feed(input, g_out);
    g_out.flush();
    std::size_t n = g_control.take_typeahead(typeahead);
    if (n == 0) return;
    input = {typeahead, n};
  }
}

void run_boot_script(std::string_view script) {
  while (!script.empty()) {
    std::size_t nl = script.find('\n');
    std::string_view line = script.substr(0, nl);
    script = nl == std::string_view::npos ? std::string_view{} : script.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view command = support::trim(line);
    if (command.empty() || command[0] == '#') continue;  // comments are not echoed
    support::format_to(g_out, "{}{}\n", shell::kPrompt, command);
    g_out.flush();  // the echo before anything the hypervisor logs meanwhile
    g_shell.run_line(command, g_out);
    g_out.flush();
  }
}

}  // namespace

void guest_main() {
  hc::Reply port = hc::evtchn_bind_virq(abi::Virq::console);
  const abi::EventPort console_port = port.ok() ? static_cast<abi::EventPort>(port.value()) : 0;
  g_control.set_console_port(console_port);
  support::format_to(g_out,
                     "dom0: Tactus management domain (domain {}), {} boot module(s); type 'help'\n",
                     guest::domain_id(), guest::module_count());
  guest::Module script;
  if (guest::find_module("boot.sh", script)) run_boot_script(script.text());
  g_shell.start(g_out);
  g_out.flush();
  static char input[256];
  for (;;) {
    if (console_port != 0) hc::take_pending(console_port);
    for (;;) {
      hc::Reply n = hc::console_read({input, sizeof input});
      if (!n.ok() || n.value() == 0) break;
      feed({input, static_cast<std::size_t>(n.value())});
    }
    // Without the console virq (an older hypervisor), poll every 20 ms.
    if (console_port == 0) guest::set_timer(guest::now_ns() + 20'000'000);
    guest::block();
  }
}
