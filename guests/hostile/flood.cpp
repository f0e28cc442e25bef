// role=flood: one console_write of up to 4 KiB (64-byte lines) every few
// ms. Before issue 12 item 4 each such write held its pCPU for up to
// 16.7 ms in the hypervisor; the log it fed overran the console.
#include "flood.h"

#include "guest/runtime.h"
#include "tactus/abi.h"

namespace hostile::flood {
namespace {

char g_text[tactus::abi::kConsoleWriteMax];

}  // namespace

void run(std::uint64_t bytes, std::uint64_t every_ms, std::uint64_t for_ms) {
  if (bytes > sizeof g_text) bytes = sizeof g_text;
  for (std::uint64_t i = 0; i < bytes; ++i)
    g_text[i] = i % 64 == 63 ? '\n' : static_cast<char>('a' + (i / 64) % 26);
  guest::print("hostile-flood: {} bytes every {} ms for {} ms\n", bytes, every_ms, for_ms);
  std::uint64_t start = guest::now_ns(), writes = 0;
  for (std::uint64_t next = start; next < start + for_ms * 1000000; next += every_ms * 1000000) {
    guest::console_write({g_text, static_cast<std::size_t>(bytes)});
    ++writes;
    guest::set_timer(next + every_ms * 1000000);
    guest::block();
  }
  guest::print("hostile-flood: done writes={}\n", writes);
  guest::shutdown(tactus::abi::ShutdownReason::poweroff);
}

}  // namespace hostile::flood
