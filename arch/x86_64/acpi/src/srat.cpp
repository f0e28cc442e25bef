// SRAT parser (see acpi/srat.h). No locking: plain function on bytes.
#include "acpi/srat.h"

#include "entries.h"

namespace acpi {
namespace {

using support::Bytes;
using support::Errc;
using support::make_error;
using support::Status;

constexpr std::size_t kSratFixed = 48;  // header + reserved u32 + reserved u64

void reset(Srat& s) {
  s.cpu_count = 0;
  s.memory_count = 0;
  s.dropped = 0;
}

void add_cpu(Srat& s, std::uint32_t apic_id, std::uint32_t node) {
  for (std::size_t i = 0; i < s.cpu_count; ++i)
    if (s.cpus[i].apic_id == apic_id) return;  // first entry wins
  if (s.cpu_count == Srat::kMaxCpus) {
    ++s.dropped;
    return;
  }
  s.cpus[s.cpu_count++] = Srat::Cpu{apic_id, node};
}

Status visit(Srat& s, std::uint8_t type, Bytes e) {
  switch (type) {
    case 0: {  // processor local APIC/SAPIC affinity
      if (e.size() < 16) return make_error(Errc::invalid, "SRAT local APIC affinity entry is shorter than 16 bytes");
      std::uint8_t pd_low = 0, apic_id = 0;
      std::uint32_t flags = 0;
      support::read_le(e, 2, pd_low);
      support::read_le(e, 3, apic_id);
      support::read_le(e, 4, flags);
      std::uint32_t pd_high = static_cast<std::uint32_t>(e[9]) | static_cast<std::uint32_t>(e[10]) << 8 |
                              static_cast<std::uint32_t>(e[11]) << 16;
      if (flags & 1) add_cpu(s, apic_id, pd_low | pd_high << 8);
      break;
    }
    case 1: {  // memory affinity
      if (e.size() < 40) return make_error(Errc::invalid, "SRAT memory affinity entry is shorter than 40 bytes");
      std::uint32_t domain = 0, flags = 0;
      std::uint64_t base = 0, length = 0;
      support::read_le(e, 2, domain);
      support::read_le(e, 8, base);
      support::read_le(e, 16, length);
      support::read_le(e, 28, flags);
      if (length > ~std::uint64_t{0} - base) length = ~std::uint64_t{0} - base;
      if (!(flags & 1) || length == 0) break;
      if (s.memory_count == Srat::kMaxMemory) ++s.dropped;
      else s.memory[s.memory_count++] = Srat::Memory{base, length, domain, (flags & 2) != 0};
      break;
    }
    case 2: {  // processor local x2APIC affinity
      if (e.size() < 24) return make_error(Errc::invalid, "SRAT x2APIC affinity entry is shorter than 24 bytes");
      std::uint32_t domain = 0, apic_id = 0, flags = 0;
      support::read_le(e, 4, domain);
      support::read_le(e, 8, apic_id);
      support::read_le(e, 12, flags);
      if (flags & 1) add_cpu(s, apic_id, domain);
      break;
    }
    default: break;  // GICC, GIC ITS, generic initiator, ...: skipped by length
  }
  return Status::success();
}

}  // namespace

Status parse_srat(Bytes table, Srat& out) {
  reset(out);
  Status st = validate_table(table, "SRAT");
  if (!st.ok()) return st;
  Bytes t = table.first(table_length(table));
  if (t.size() < kSratFixed) return make_error(Errc::invalid, "SRAT is shorter than its 48 bytes of fixed fields");
  static constexpr detail::EntryReasons kWhy{"SRAT entry length is below 2 bytes",
                                             "SRAT entry runs past the end of the table"};
  st = detail::for_each_entry(t, kSratFixed, kWhy, [&](std::uint8_t type, Bytes e) { return visit(out, type, e); });
  if (!st.ok()) reset(out);
  return st;
}

}  // namespace acpi
