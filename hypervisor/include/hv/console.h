// The emulated per-domain console: bytes a guest writes to COM1 or through
// the console hypercall are collected into lines and logged as `[d<id>] `
// lines, except for the console owner (domain 0, the management shell),
// whose bytes go to the console as they are (prompts have no newline).
// Input typed on the serial console is queued for the owner, which reads it
// with console_read and is woken through Virq::console. A console spinlock
// serializes all of it.
#pragma once

#include <string_view>

#include "acpi/madt.h"
#include "hv/domain.h"

namespace hv::console {

// Output of a domain other than the owner is rate limited per domain
// (kConsoleBurstBytes, kConsoleBytesPerSecond in hv/domain.h): bytes over
// the limit are dropped and counted, and a line
// `[d<id>] (console: N bytes dropped over the rate limit, M in all)` is logged when
// its output resumes (charged to its allowance) or it ends. Never waits.
void put(Domain& d, char c);
// True while the domain may write more (false: the rest of a long write
// would be dropped; drop() counts it without looking at it).
bool write(Domain& d, std::string_view text);
void drop(Domain& d, std::uint64_t bytes);
// The owner's bytes are never dropped: false while the log has no room for
// `len` of them without lapping what the console has not sent yet (the
// hypercall then waits, continued, and the pCPU sends).
bool has_room(const Domain& d, std::size_t len);
// Logs what is buffered as a line of its own and the drops not yet
// reported (at domain end).
void flush(Domain& d);

// The domain that owns console input and writes raw (nullptr: none).
void set_owner(Domain* d);
// Moves waiting UART input into the owner's queue (bytes beyond its 4 KiB
// are counted as dropped). True when input arrived. Called by the serial
// receive interrupt and every 10 ms by CPU 0 (Bochs does not deliver that
// interrupt).
bool poll_input();
// BSP, at boot: routes the UART's receive interrupt to CPU 0. False when
// the platform offers no route (input is then polled).
bool enable_input_interrupt(const acpi::Madt& madt);
bool input_interrupt_enabled();
bool has_owner();
bool is_owner(const Domain& d);
// console_read: copies up to `len` queued bytes.
std::size_t read(char* out, std::size_t len);
std::uint64_t input_dropped();

}  // namespace hv::console
