// Multiboot2 boot information: the tag constants and a bounds-checked parser
// that turns the loader's information structure into a BootInfo (memory
// map, modules, command line, loader name, ACPI RSDP copy, framebuffer).
// The structure is untrusted input: nothing outside the given bytes is read,
// and malformed structures are rejected with a reason naming the tag.
// No locking: the caller serializes (the BSP parses once at boot).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "support/bytes.h"
#include "support/error.h"

namespace bootinfo {

constexpr std::uint32_t kBootloaderMagic = 0x36d76289;  // eax on entry from a multiboot2 loader

// Tag types of the boot information structure (multiboot2 specification §3.6).
constexpr std::uint32_t kTagEnd = 0;
constexpr std::uint32_t kTagCmdline = 1;
constexpr std::uint32_t kTagBootLoaderName = 2;
constexpr std::uint32_t kTagModule = 3;
constexpr std::uint32_t kTagBasicMeminfo = 4;
constexpr std::uint32_t kTagBootDevice = 5;
constexpr std::uint32_t kTagMemoryMap = 6;
constexpr std::uint32_t kTagVbe = 7;
constexpr std::uint32_t kTagFramebuffer = 8;
constexpr std::uint32_t kTagElfSections = 9;
constexpr std::uint32_t kTagApm = 10;
constexpr std::uint32_t kTagEfi32 = 11;
constexpr std::uint32_t kTagEfi64 = 12;
constexpr std::uint32_t kTagSmbios = 13;
constexpr std::uint32_t kTagAcpiOld = 14;
constexpr std::uint32_t kTagAcpiNew = 15;
constexpr std::uint32_t kTagNetwork = 16;
constexpr std::uint32_t kTagEfiMemoryMap = 17;
constexpr std::uint32_t kTagEfiBootServices = 18;
constexpr std::uint32_t kTagEfi32ImageHandle = 19;
constexpr std::uint32_t kTagEfi64ImageHandle = 20;
constexpr std::uint32_t kTagLoadBaseAddr = 21;

constexpr std::size_t kTagAlign = 8;           // every tag starts 8-byte aligned
constexpr std::size_t kMemoryMapEntryMin = 24; // base u64, length u64, type u32, reserved u32

// Memory map entry types; values the specification does not define map to reserved.
enum class MemoryType : std::uint32_t { usable = 1, reserved = 2, acpi_reclaimable = 3, acpi_nvs = 4, bad = 5 };

const char* memory_type_name(MemoryType type);

struct MemoryRegion {
  std::uint64_t base;
  std::uint64_t length;  // never makes base + length wrap past 2^64 (clamped)
  MemoryType type;
};

struct Module {
  std::uint64_t start;  // [start, end) physical
  std::uint64_t end;
  std::string_view cmdline;
};

// Everything the hypervisor takes from the loader. string_views and `rsdp`
// point into the parsed boot information, which must stay mapped (and
// reserved) for as long as they are used.
struct BootInfo {
  static constexpr std::size_t kMaxRegions = 128, kMaxModules = 32;
  std::string_view cmdline;
  std::string_view loader_name;
  MemoryRegion regions[kMaxRegions];
  std::size_t region_count = 0;
  std::uint32_t dropped_regions = 0;  // valid entries that did not fit in `regions`
  Module modules[kMaxModules];
  std::size_t module_count = 0;
  std::uint32_t dropped_modules = 0;  // modules that did not fit in `modules`
  support::Bytes rsdp;                // RSDP copy from the ACPI new (preferred) or old tag; empty if absent
  std::uint64_t framebuffer_addr = 0; // 0 if absent
};

// Parses the whole multiboot2 information structure. `mbi` must hold at least
// total_size bytes (its first u32); bytes past total_size are ignored.
// Rules enforced: tags 8-byte aligned, each tag at least its 8-byte header and
// the fixed layout of its type, no tag past total_size, an end tag present,
// strings NUL-terminated inside their tag (the views exclude the NUL), memory
// map entry_size >= 24 and a whole number of entries. Any entry_version is
// accepted: the specification promises later versions stay compatible with
// version 0's first 24 bytes. Entries of length 0 are skipped. When the
// command line, loader name, memory map, framebuffer or one ACPI tag appears
// twice, the later one wins; every module tag adds a module.
// On error `out` is left empty (as if freshly constructed) and the reason
// names the offending tag type.
support::Status parse_multiboot2(support::Bytes mbi, BootInfo& out);

}  // namespace bootinfo
