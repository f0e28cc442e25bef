// Walks the variable-length entries (type u8, length u8, ...) that follow
// the fixed fields of the MADT and the SRAT. Private to the acpi library.
// No locking.
#pragma once

#include "support/bytes.h"
#include "support/error.h"

namespace acpi::detail {

struct EntryReasons {
  const char* too_short;  // length field < 2
  const char* past_end;   // entry runs past the table
};

// Calls visit(type, entry bytes) for each entry of table[first, table.size());
// stops at the first error from the walk or from visit.
template <typename Visit>
support::Status for_each_entry(support::Bytes table, std::size_t first, const EntryReasons& why, Visit visit) {
  std::size_t off = first;
  while (off < table.size()) {
    std::uint8_t type = 0, length = 0;
    if (!support::read_le(table, off, type) || !support::read_le(table, off + 1, length))
      return support::make_error(support::Errc::invalid, why.past_end);
    if (length < 2) return support::make_error(support::Errc::invalid, why.too_short);
    support::Bytes entry;
    if (!support::sub_range(table, off, length, entry)) return support::make_error(support::Errc::range, why.past_end);
    support::Status st = visit(type, entry);
    if (!st.ok()) return st;
    off += length;
  }
  return support::Status::success();
}

}  // namespace acpi::detail
