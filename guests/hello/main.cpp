// `hello`: the smallest workload guest. It greets on its console with what
// it learned at start of day, then powers off. With `fault=ept` on its
// command line it writes outside its memory instead, which must end this
// domain alone; with `fault=ud` it executes an invalid opcode.
#include "guest/runtime.h"
#include "support/text.h"

void guest_main() {
  guest::print("hello from a Tactus guest: {} MiB, command line '{}', hypervisor {}\n",
               guest::memory_bytes() >> 20, guest::cmdline(),
               guest::running_on_tactus() ? "Tactus" : "unknown");
  std::string_view fault;
  if (support::cmdline_get(guest::cmdline(), "fault", fault)) {
    guest::print("injecting fault '{}'\n", fault);
    if (fault == "ept") *reinterpret_cast<volatile std::uint64_t*>(guest::memory_bytes() + 0x10000) = 1;
    if (fault == "ud") __builtin_trap();
  }
  guest::print("goodbye\n");
}
