// MADT parser (see acpi/madt.h). No locking: plain function on bytes.
#include "acpi/madt.h"

#include "entries.h"

namespace acpi {
namespace {

using support::Bytes;
using support::Errc;
using support::make_error;
using support::Status;

constexpr std::size_t kMadtFixed = 44;  // header + local APIC address u32 + flags u32

void reset(Madt& m) {
  m.lapic_address = 0;
  m.has_8259 = false;
  m.cpu_count = 0;
  m.ioapic_count = 0;
  m.override_count = 0;
  m.dropped = 0;
}

void add_cpu(Madt& m, std::uint32_t apic_id, std::uint32_t uid, std::uint32_t flags, bool x2apic) {
  bool enabled = flags & 1, online_capable = flags & 2;
  if (!enabled && !online_capable) return;  // unusable
  for (std::size_t i = 0; i < m.cpu_count; ++i) {
    CpuEntry& c = m.cpus[i];
    if (c.apic_id != apic_id) continue;
    c.enabled = c.enabled || enabled;
    c.online_capable = c.online_capable || online_capable;
    c.x2apic = c.x2apic || x2apic;
    return;
  }
  if (m.cpu_count == Madt::kMaxCpus) {
    ++m.dropped;
    return;
  }
  m.cpus[m.cpu_count++] = CpuEntry{apic_id, uid, enabled, online_capable, x2apic};
}

Status visit(Madt& m, std::uint8_t type, Bytes e) {
  switch (type) {
    case 0: {  // processor local APIC
      if (e.size() < 8) return make_error(Errc::invalid, "MADT local APIC entry is shorter than 8 bytes");
      std::uint8_t uid = 0, id = 0;
      std::uint32_t flags = 0;
      support::read_le(e, 2, uid);
      support::read_le(e, 3, id);
      support::read_le(e, 4, flags);
      add_cpu(m, id, uid, flags, false);
      break;
    }
    case 1: {  // IOAPIC
      if (e.size() < 12) return make_error(Errc::invalid, "MADT IOAPIC entry is shorter than 12 bytes");
      std::uint8_t id = 0;
      std::uint32_t address = 0, gsi_base = 0;
      support::read_le(e, 2, id);
      support::read_le(e, 4, address);
      support::read_le(e, 8, gsi_base);
      if (m.ioapic_count == Madt::kMaxIoApics) ++m.dropped;
      else m.ioapics[m.ioapic_count++] = IoApic{id, address, gsi_base};
      break;
    }
    case 2: {  // interrupt source override
      if (e.size() < 10)
        return make_error(Errc::invalid, "MADT interrupt source override entry is shorter than 10 bytes");
      IsoOverride o{};
      support::read_le(e, 2, o.bus);
      support::read_le(e, 3, o.source);
      support::read_le(e, 4, o.gsi);
      support::read_le(e, 8, o.flags);
      if (m.override_count == Madt::kMaxOverrides) ++m.dropped;
      else m.overrides[m.override_count++] = o;
      break;
    }
    case 5: {  // local APIC address override
      if (e.size() < 12)
        return make_error(Errc::invalid, "MADT local APIC address override entry is shorter than 12 bytes");
      support::read_le(e, 4, m.lapic_address);
      break;
    }
    case 9: {  // processor local x2APIC
      if (e.size() < 16) return make_error(Errc::invalid, "MADT local x2APIC entry is shorter than 16 bytes");
      std::uint32_t id = 0, flags = 0, uid = 0;
      support::read_le(e, 4, id);
      support::read_le(e, 8, flags);
      support::read_le(e, 12, uid);
      add_cpu(m, id, uid, flags, true);
      break;
    }
    default: break;  // other types: skipped by length
  }
  return Status::success();
}

}  // namespace

Status parse_madt(Bytes table, Madt& out) {
  reset(out);
  Status st = validate_table(table, "APIC");
  if (!st.ok()) return st;
  Bytes t = table.first(table_length(table));
  if (t.size() < kMadtFixed) return make_error(Errc::invalid, "MADT is shorter than its 44 bytes of fixed fields");
  std::uint32_t lapic = 0, flags = 0;
  support::read_le(t, 36, lapic);
  support::read_le(t, 40, flags);
  out.lapic_address = lapic;
  out.has_8259 = flags & 1;

  static constexpr detail::EntryReasons kWhy{"MADT entry length is below 2 bytes",
                                             "MADT entry runs past the end of the table"};
  st = detail::for_each_entry(t, kMadtFixed, kWhy, [&](std::uint8_t type, Bytes e) { return visit(out, type, e); });
  if (!st.ok()) reset(out);
  return st;
}

}  // namespace acpi
