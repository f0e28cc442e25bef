// Multiboot2 boot information parser (see bootinfo/multiboot2.h). Reads only
// through support::read_le/sub_range, so no offset can leave `mbi`.
// No locking: the caller serializes.
#include "bootinfo/multiboot2.h"

namespace bootinfo {
namespace {

using support::Bytes;
using support::Errc;
using support::make_error;
using support::Status;

// One row per tag type the specification defines: number, name, smallest
// valid size (the 8-byte header plus the fixed layout this parser reads).
#define TACTUS_MB2_TAGS(X)                 \
  X(0, "end", 8)                           \
  X(1, "command line", 9)                  \
  X(2, "boot loader name", 9)              \
  X(3, "module", 17)                       \
  X(4, "basic memory information", 16)     \
  X(5, "BIOS boot device", 8)              \
  X(6, "memory map", 16)                   \
  X(7, "VBE information", 8)               \
  X(8, "framebuffer", 31)                  \
  X(9, "ELF sections", 8)                  \
  X(10, "APM table", 8)                    \
  X(11, "EFI 32-bit system table", 8)      \
  X(12, "EFI 64-bit system table", 8)      \
  X(13, "SMBIOS tables", 8)                \
  X(14, "ACPI 1.0 RSDP", 8 + 20)           \
  X(15, "ACPI 2.0 RSDP", 8 + 36)           \
  X(16, "networking information", 8)       \
  X(17, "EFI memory map", 8)               \
  X(18, "EFI boot services not terminated", 8) \
  X(19, "EFI 32-bit image handle", 8)      \
  X(20, "EFI 64-bit image handle", 8)      \
  X(21, "image load base address", 8)

#define TACTUS_MB2_MIN(n, name, min) min,
#define TACTUS_MB2_SMALL(n, name, min) "tag " #n " (" name ") is smaller than its layout",
#define TACTUS_MB2_PAST(n, name, min) "tag " #n " (" name ") runs past the end of the boot information",

constexpr std::size_t kMinSize[] = {TACTUS_MB2_TAGS(TACTUS_MB2_MIN)};
constexpr const char* kTooSmall[] = {TACTUS_MB2_TAGS(TACTUS_MB2_SMALL)};
constexpr const char* kPastEnd[] = {TACTUS_MB2_TAGS(TACTUS_MB2_PAST)};
constexpr std::size_t kKnownTags = sizeof(kMinSize) / sizeof(kMinSize[0]);

#undef TACTUS_MB2_MIN
#undef TACTUS_MB2_SMALL
#undef TACTUS_MB2_PAST
#undef TACTUS_MB2_TAGS

static_assert(kKnownTags == kTagLoadBaseAddr + 1);

constexpr std::size_t kHeader = 8;  // total_size u32, reserved u32; also the size of a tag header

void reset(BootInfo& out) {
  out.cmdline = {};
  out.loader_name = {};
  out.region_count = 0;
  out.dropped_regions = 0;
  out.module_count = 0;
  out.dropped_modules = 0;
  out.rsdp = {};
  out.framebuffer_addr = 0;
}

Status fail(BootInfo& out, Errc code, const char* reason) {
  reset(out);
  return make_error(code, reason);
}

// The NUL-terminated string in [offset, end of tag); false when it has no NUL.
bool tag_string(Bytes tag, std::size_t offset, std::string_view& out) {
  for (std::size_t i = offset; i < tag.size(); ++i) {
    if (tag[i] == 0) {
      out = std::string_view(reinterpret_cast<const char*>(tag.data() + offset), i - offset);
      return true;
    }
  }
  return false;
}

MemoryType map_type(std::uint32_t raw) {
  return raw >= 1 && raw <= 5 ? static_cast<MemoryType>(raw) : MemoryType::reserved;
}

Status parse_memory_map(Bytes tag, BootInfo& out) {
  std::uint32_t entry_size = 0;
  support::read_le(tag, 8, entry_size);  // the minimum size (16) guarantees both fields
  if (entry_size < kMemoryMapEntryMin)
    return make_error(Errc::invalid, "tag 6 (memory map) has entry_size below 24 bytes");
  std::size_t entries_bytes = tag.size() - 16;
  if (entries_bytes % entry_size != 0)
    return make_error(Errc::invalid, "tag 6 (memory map) ends inside an entry");
  out.region_count = 0;  // a later memory map tag replaces an earlier one
  out.dropped_regions = 0;
  for (std::size_t off = 16; off < tag.size(); off += entry_size) {
    std::uint64_t base = 0, length = 0;
    std::uint32_t type = 0;
    support::read_le(tag, off, base);
    support::read_le(tag, off + 8, length);
    support::read_le(tag, off + 16, type);
    if (length > ~std::uint64_t{0} - base) length = ~std::uint64_t{0} - base;  // clamp at 2^64
    if (length == 0) continue;
    if (out.region_count == BootInfo::kMaxRegions) {
      ++out.dropped_regions;
      continue;
    }
    out.regions[out.region_count++] = MemoryRegion{base, length, map_type(type)};
  }
  return Status::success();
}

Status parse_module(Bytes tag, BootInfo& out) {
  std::uint32_t start = 0, end = 0;
  support::read_le(tag, 8, start);
  support::read_le(tag, 12, end);
  if (end < start) return make_error(Errc::invalid, "tag 3 (module) ends before it starts");
  std::string_view cmdline;
  if (!tag_string(tag, 16, cmdline))
    return make_error(Errc::invalid, "tag 3 (module) command line is not NUL-terminated");
  if (out.module_count == BootInfo::kMaxModules) {
    ++out.dropped_modules;
    return Status::success();
  }
  out.modules[out.module_count++] = Module{start, end, cmdline};
  return Status::success();
}

}  // namespace

const char* memory_type_name(MemoryType type) {
  switch (type) {
    case MemoryType::usable: return "usable";
    case MemoryType::reserved: return "reserved";
    case MemoryType::acpi_reclaimable: return "ACPI reclaimable";
    case MemoryType::acpi_nvs: return "ACPI NVS";
    case MemoryType::bad: return "bad";
  }
  return "reserved";
}

Status parse_multiboot2(Bytes mbi, BootInfo& out) {
  reset(out);
  std::uint32_t total_size = 0;
  if (!support::read_le(mbi, 0, total_size) || mbi.size() < kHeader)
    return fail(out, Errc::invalid, "boot information is shorter than its 8-byte header");
  if (total_size < kHeader)
    return fail(out, Errc::invalid, "boot information total_size is smaller than its 8-byte header");
  if (total_size > mbi.size())
    return fail(out, Errc::range, "boot information total_size runs past the bytes provided");
  Bytes all = mbi.first(total_size);

  Bytes acpi_old, acpi_new;
  std::size_t off = kHeader;
  for (;;) {
    std::uint32_t type = 0, size = 0;
    if (!support::read_le(all, off, type) || !support::read_le(all, off + 4, size))
      return fail(out, Errc::invalid, "boot information has no end tag");
    bool known = type < kKnownTags;
    if (size < (known ? kMinSize[type] : kHeader))
      return fail(out, Errc::invalid, known ? kTooSmall[type] : "tag of unknown type is smaller than its 8-byte header");
    Bytes tag;
    if (!support::sub_range(all, off, size, tag))
      return fail(out, Errc::range, known ? kPastEnd[type] : "tag of unknown type runs past the end of the boot information");

    Status st;
    switch (type) {
      case kTagEnd:
        if (!acpi_new.empty()) out.rsdp = acpi_new;
        else out.rsdp = acpi_old;
        return Status::success();
      case kTagCmdline:
        if (!tag_string(tag, 8, out.cmdline))
          st = make_error(Errc::invalid, "tag 1 (command line) is not NUL-terminated");
        break;
      case kTagBootLoaderName:
        if (!tag_string(tag, 8, out.loader_name))
          st = make_error(Errc::invalid, "tag 2 (boot loader name) is not NUL-terminated");
        break;
      case kTagModule: st = parse_module(tag, out); break;
      case kTagMemoryMap: st = parse_memory_map(tag, out); break;
      case kTagFramebuffer: support::read_le(tag, 8, out.framebuffer_addr); break;
      case kTagAcpiOld: acpi_old = tag.subspan(8); break;
      case kTagAcpiNew: acpi_new = tag.subspan(8); break;
      default: break;  // other tags are checked for size only
    }
    if (!st.ok()) return fail(out, st.code(), st.reason());
    off = static_cast<std::size_t>(support::align_up(off + size, kTagAlign));
  }
}

}  // namespace bootinfo
