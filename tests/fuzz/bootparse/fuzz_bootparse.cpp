// Fuzz target for the boot-time parsers of untrusted data. Each input is fed
// raw to parse_multiboot2, parse_rsdp, scan_for_rsdp, parse_madt and
// parse_srat, then again with its length fields and checksums fixed up so the
// fuzzer reaches the entry parsers, and finally as an RSDT behind a fake RSDP
// for acpi::discover. Aborts when a parser breaks one of its promises.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "acpi/acpi.h"
#include "bootinfo/multiboot2.h"

namespace {

using support::Bytes;

void require(bool ok) {
  if (!ok) std::abort();
}

bool inside(Bytes outer, const void* p, std::size_t n) {
  auto* b = static_cast<const std::uint8_t*>(p);
  return n == 0 || (b >= outer.data() && b + n <= outer.data() + outer.size());
}

void check_bootinfo(Bytes in, const bootinfo::BootInfo& info) {
  require(inside(in, info.cmdline.data(), info.cmdline.size()));
  require(inside(in, info.loader_name.data(), info.loader_name.size()));
  require(inside(in, info.rsdp.data(), info.rsdp.size()));
  require(info.region_count <= bootinfo::BootInfo::kMaxRegions);
  require(info.module_count <= bootinfo::BootInfo::kMaxModules);
  for (std::size_t i = 0; i < info.module_count; ++i) {
    const auto& m = info.modules[i];
    require(m.start <= m.end);
    require(inside(in, m.cmdline.data(), m.cmdline.size()));
  }
  for (std::size_t i = 0; i < info.region_count; ++i)
    require(info.regions[i].length != 0 && info.regions[i].length <= ~std::uint64_t{0} - info.regions[i].base);
}

void check_madt(const acpi::Madt& m) {
  require(m.cpu_count <= acpi::Madt::kMaxCpus && m.ioapic_count <= acpi::Madt::kMaxIoApics &&
          m.override_count <= acpi::Madt::kMaxOverrides);
  for (std::size_t i = 0; i < m.cpu_count; ++i) {
    require(m.cpus[i].enabled || m.cpus[i].online_capable);
    for (std::size_t j = 0; j < i; ++j) require(m.cpus[i].apic_id != m.cpus[j].apic_id);
  }
}

void check_srat(const acpi::Srat& s) {
  require(s.cpu_count <= acpi::Srat::kMaxCpus && s.memory_count <= acpi::Srat::kMaxMemory);
  for (std::size_t i = 0; i < s.memory_count; ++i)
    require(s.memory[i].length != 0 && s.memory[i].length <= ~std::uint64_t{0} - s.memory[i].base);
}

void set32(std::vector<std::uint8_t>& v, std::size_t off, std::uint32_t x) {
  for (int i = 0; i < 4; ++i) v[off + i] = static_cast<std::uint8_t>(x >> (8 * i));
}

void set_text(std::vector<std::uint8_t>& v, const char* text, std::size_t n) {
  for (std::size_t i = 0; i < n && i < v.size(); ++i) v[i] = static_cast<std::uint8_t>(text[i]);
}

void fix_sum(std::vector<std::uint8_t>& v, std::size_t at, std::size_t len) {
  v[at] = 0;
  std::uint8_t s = 0;
  for (std::size_t i = 0; i < len; ++i) s = static_cast<std::uint8_t>(s + v[i]);
  v[at] = static_cast<std::uint8_t>(0 - s);
}

// A table with the given signature, its length set to the whole input and a valid checksum.
std::vector<std::uint8_t> as_table(Bytes in, const char* sig) {
  std::vector<std::uint8_t> t(in.begin(), in.end());
  set_text(t, sig, 4);
  set32(t, 4, static_cast<std::uint32_t>(t.size()));
  fix_sum(t, 9, t.size());
  return t;
}

class Memory final : public acpi::PhysMemory {
 public:
  std::map<std::uint64_t, Bytes> blobs;
  Bytes view(std::uint64_t phys, std::size_t len) override {
    auto it = blobs.upper_bound(phys);
    if (it == blobs.begin()) return {};
    --it;
    std::uint64_t off = phys - it->first;
    if (off > it->second.size() || it->second.size() - off < len) return {};
    return it->second.subspan(off, len);
  }
};

class LogSink final : public support::Sink {
 public:
  void write(const char* data, std::size_t len) override { text.append(data, len); }
  std::string text;
};

bootinfo::BootInfo g_info;
acpi::Madt g_madt;
acpi::Srat g_srat;
acpi::Platform g_platform;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);

  if (bootinfo::parse_multiboot2(in, g_info).ok()) check_bootinfo(in, g_info);
  else require(g_info.region_count == 0 && g_info.module_count == 0 && g_info.cmdline.empty());
  if (size >= 8) {
    std::vector<std::uint8_t> v(in.begin(), in.end());
    set32(v, 0, static_cast<std::uint32_t>(size));
    if (bootinfo::parse_multiboot2(Bytes(v), g_info).ok()) check_bootinfo(Bytes(v), g_info);
  }

  (void)acpi::parse_rsdp(in);
  auto found = acpi::scan_for_rsdp(in, 0x9fc00);
  if (found.ok()) require(*found % 16 == 0 && *found >= 0x9fc00 && *found - 0x9fc00 + 20 <= size);
  if (size >= 36) {
    std::vector<std::uint8_t> r(in.begin(), in.end());
    set_text(r, "RSD PTR ", 8);
    fix_sum(r, 8, 20);
    set32(r, 20, 36);
    fix_sum(r, 32, 36);
    require(acpi::parse_rsdp(Bytes(r)).ok());
  }

  if (acpi::parse_madt(in, g_madt).ok()) check_madt(g_madt);
  if (acpi::parse_srat(in, g_srat).ok()) check_srat(g_srat);
  if (size >= 36 && size <= acpi::kMaxTableBytes) {
    auto madt = as_table(in, "APIC");
    if (acpi::parse_madt(Bytes(madt), g_madt).ok()) check_madt(g_madt);
    else require(g_madt.cpu_count == 0);
    auto srat = as_table(in, "SRAT");
    if (acpi::parse_srat(Bytes(srat), g_srat).ok()) check_srat(g_srat);
    else require(g_srat.cpu_count == 0 && g_srat.memory_count == 0);

    // The input as an RSDT at 0x10000 (its entries may point back into it)
    // and, separately, as a MADT at 0x20000 that the RSDT's last slot names.
    auto rsdt = as_table(in, "RSDT");
    if (std::size_t entries = (size - 36) / 4; entries != 0) {
      set32(rsdt, 36 + 4 * (entries - 1), 0x20000);
      fix_sum(rsdt, 9, rsdt.size());
    }
    Memory mem;
    mem.blobs[0x10000] = Bytes(rsdt);
    mem.blobs[0x20000] = Bytes(madt);
    std::vector<std::uint8_t> rsdp(20, 0);
    set_text(rsdp, "RSD PTR ", 8);
    set32(rsdp, 16, 0x10000);
    fix_sum(rsdp, 8, 20);
    LogSink log;
    auto st = acpi::discover(mem, Bytes(rsdp), g_platform, log);
    if (st.ok()) {
      check_madt(g_platform.madt);
      require(g_platform.node_count >= 1);
      for (std::size_t i = 0; i < g_platform.srat.cpu_count; ++i)
        require(g_platform.node_of_cpu(g_platform.srat.cpus[i].apic_id) < g_platform.node_count);
    }
    // Every log line is one rejection.
    std::size_t pos = 0;
    while (pos < log.text.size()) {
      require(log.text.compare(pos, 15, "acpi: rejected ") == 0);
      std::size_t nl = log.text.find('\n', pos);
      require(nl != std::string::npos);
      pos = nl + 1;
    }
  }
  return 0;
}
