// ACPI discovery: RSDP -> XSDT/RSDT -> MADT, SRAT, HPET (see acpi/acpi.h).
// Every table is mapped through PhysMemory and validated before use.
// No locking: the caller serializes.
#include "acpi/acpi.h"

namespace acpi {
namespace {

using support::Bytes;
using support::Errc;
using support::make_error;
using support::Status;

constexpr std::size_t kHpetFixed = 56;  // header + block id + GAS (12) + number + min tick + attrs

void reject(support::Sink& log, const char* sig, std::uint64_t phys, const char* reason) {
  support::format_to(log, "acpi: rejected {} at {:#x}: {}\n", sig, phys, reason);
}

// Maps and validates the table at `phys`; logs one line and returns false
// when it cannot be used.
bool map_table(PhysMemory& mem, std::uint64_t phys, const char (&sig)[5], support::Sink& log, Bytes& out) {
  Bytes header = mem.view(phys, kHeaderSize);
  if (header.size() < kHeaderSize) {
    reject(log, sig, phys, "table header is not mapped");
    return false;
  }
  std::uint32_t length = table_length(header);
  if (length < kHeaderSize) {
    reject(log, sig, phys, "table length is smaller than its 36-byte header");
    return false;
  }
  if (length > kMaxTableBytes) {
    reject(log, sig, phys, "table length is implausibly large (over 1 MiB)");
    return false;
  }
  Bytes table = mem.view(phys, length);
  if (table.size() < length) {
    reject(log, sig, phys, "table is not mapped up to its length");
    return false;
  }
  table = table.first(length);
  Status st = validate_table(table, sig);
  if (!st.ok()) {
    reject(log, sig, phys, st.reason());
    return false;
  }
  out = table;
  return true;
}

bool signature_is(Bytes b, const char* sig) {
  return b.size() >= 4 && b[0] == static_cast<std::uint8_t>(sig[0]) && b[1] == static_cast<std::uint8_t>(sig[1]) &&
         b[2] == static_cast<std::uint8_t>(sig[2]) && b[3] == static_cast<std::uint8_t>(sig[3]);
}

void reset(Platform& p) {
  p.rsdp = Rsdp{};
  p.madt.cpu_count = p.madt.ioapic_count = p.madt.override_count = 0;
  p.madt.dropped = 0;
  p.madt.lapic_address = 0;
  p.madt.has_8259 = false;
  p.has_srat = false;
  p.srat.cpu_count = p.srat.memory_count = 0;
  p.srat.dropped = 0;
  p.hpet_address = 0;
  p.node_count = 1;
}

// Numbers the SRAT's distinct proximity domains densely, in ascending order.
void number_nodes(Platform& p) {
  std::uint32_t n = 0;
  auto add = [&](std::uint32_t d) {
    std::uint32_t i = n;
    while (i > 0 && p.domains[i - 1] > d) --i;
    if (i > 0 && p.domains[i - 1] == d) return;
    for (std::uint32_t j = n; j > i; --j) p.domains[j] = p.domains[j - 1];
    p.domains[i] = d;
    ++n;
  };
  for (std::size_t i = 0; i < p.srat.cpu_count; ++i) add(p.srat.cpus[i].node);
  for (std::size_t i = 0; i < p.srat.memory_count; ++i) add(p.srat.memory[i].node);
  p.node_count = n == 0 ? 1 : n;
  if (n == 0) p.domains[0] = 0;
}

// HPET: the register block's address, when it is in system memory.
bool parse_hpet(Bytes table, std::uint64_t& address, const char*& why) {
  std::uint8_t space = 0;
  if (table.size() < kHpetFixed) {
    why = "HPET is shorter than its 56 bytes of fixed fields";
    return false;
  }
  support::read_le(table, 40, space);
  if (space != 0) {
    why = "HPET registers are not in system memory space";
    return false;
  }
  support::read_le(table, 44, address);
  return true;
}

}  // namespace

std::uint32_t Platform::node_of_domain(std::uint32_t domain) const {
  if (!has_srat) return 0;
  std::uint32_t lo = 0, hi = node_count;
  while (lo < hi) {
    std::uint32_t mid = lo + (hi - lo) / 2;
    if (domains[mid] < domain) lo = mid + 1;
    else hi = mid;
  }
  return lo < node_count && domains[lo] == domain ? lo : 0;
}

std::uint32_t Platform::node_of_cpu(std::uint32_t apic_id) const {
  if (!has_srat) return 0;
  for (std::size_t i = 0; i < srat.cpu_count; ++i)
    if (srat.cpus[i].apic_id == apic_id) return node_of_domain(srat.cpus[i].node);
  return 0;
}

Status discover(PhysMemory& mem, Bytes rsdp_bytes, Platform& out, support::Sink& log) {
  reset(out);
  if (rsdp_bytes.empty())
    return make_error(Errc::not_found, "no RSDP: none from the boot loader and none found in the BIOS areas");
  auto rsdp = parse_rsdp(rsdp_bytes);
  if (!rsdp.ok()) return rsdp.error();
  out.rsdp = *rsdp;

  Bytes root;
  std::size_t entry_size = 0;
  const char* root_sig = "XSDT";
  if (out.rsdp.revision >= 2 && out.rsdp.xsdt_address != 0 && map_table(mem, out.rsdp.xsdt_address, "XSDT", log, root))
    entry_size = 8;
  if (entry_size == 0 && out.rsdp.rsdt_address != 0 && map_table(mem, out.rsdp.rsdt_address, "RSDT", log, root)) {
    entry_size = 4;
    root_sig = "RSDT";
  }
  if (entry_size == 0) return make_error(Errc::not_found, "no valid RSDT or XSDT");

  bool have_madt = false;
  for (std::size_t off = kHeaderSize; root.size() - off >= entry_size; off += entry_size) {
    std::uint64_t phys = 0;
    if (entry_size == 8) {
      support::read_le(root, off, phys);
    } else {
      std::uint32_t p32 = 0;
      support::read_le(root, off, p32);
      phys = p32;
    }
    if (phys == 0) continue;
    Bytes sig = mem.view(phys, 4);
    if (sig.size() < 4) {
      support::format_to(log, "acpi: rejected {} entry at {:#x}: table header is not mapped\n", root_sig, phys);
      continue;
    }
    Bytes table;
    if (signature_is(sig, "APIC") && !have_madt) {
      if (!map_table(mem, phys, "APIC", log, table)) continue;
      Status st = parse_madt(table, out.madt);
      if (st.ok()) have_madt = true;
      else reject(log, "APIC", phys, st.reason());
    } else if (signature_is(sig, "SRAT") && !out.has_srat) {
      if (!map_table(mem, phys, "SRAT", log, table)) continue;
      Status st = parse_srat(table, out.srat);
      if (st.ok()) out.has_srat = true;
      else reject(log, "SRAT", phys, st.reason());
    } else if (signature_is(sig, "HPET") && out.hpet_address == 0) {
      if (!map_table(mem, phys, "HPET", log, table)) continue;
      const char* why = "";
      if (!parse_hpet(table, out.hpet_address, why)) reject(log, "HPET", phys, why);
    }
  }
  if (!have_madt) return make_error(Errc::not_found, "no valid MADT");
  if (out.has_srat) number_nodes(out);
  return Status::success();
}

}  // namespace acpi
