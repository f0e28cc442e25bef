// The PVH start-of-day structure (hvm_start_info, version 1) a guest finds
// in ebx at entry, and its memory-map entries. The layout is the public PVH
// boot ABI, so an unmodified PVH-capable kernel can be booted. Plain structs.
#pragma once

#include <cstdint>

namespace tactus::abi {

constexpr std::uint32_t kStartInfoMagic = 0x336ec578;

struct StartInfo {
  std::uint32_t magic;
  std::uint32_t version;        // 1
  std::uint32_t flags;
  std::uint32_t nr_modules;
  std::uint64_t modlist_paddr;
  std::uint64_t cmdline_paddr;  // NUL-terminated
  std::uint64_t rsdp_paddr;
  std::uint64_t memmap_paddr;
  std::uint32_t memmap_entries;
  std::uint32_t reserved;
};
static_assert(sizeof(StartInfo) == 56);

struct MemmapEntry {
  std::uint64_t addr;
  std::uint64_t size;
  std::uint32_t type;  // 1 = RAM, 2 = reserved (E820 types)
  std::uint32_t reserved;
};
static_assert(sizeof(MemmapEntry) == 24);

struct ModuleEntry {
  std::uint64_t paddr;
  std::uint64_t size;
  std::uint64_t cmdline_paddr;
  std::uint64_t reserved;
};
static_assert(sizeof(ModuleEntry) == 32);

}  // namespace tactus::abi
