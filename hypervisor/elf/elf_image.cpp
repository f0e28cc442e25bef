// ELF executable parsing for guest images (see elf_image.h). Layouts from
// the System V ABI (ELF32/ELF64 header, program header, note format).
#include "elf/elf_image.h"

namespace elf {
namespace {

using support::Bytes;
using support::make_error;
using support::read_le;
using support::Errc;

constexpr std::uint32_t kPtLoad = 1, kPtNote = 4;
constexpr std::uint32_t kPfX = 1, kPfW = 2;
constexpr std::uint16_t kEtExec = 2;
constexpr std::uint16_t kEm386 = 3, kEmX86_64 = 62;
constexpr std::uint32_t kXenNotePhys32Entry = 18;

struct Layout {
  bool is64;
  std::size_t ph_size;
};

// Reads one program header into a uniform record.
bool read_phdr(Bytes f, const Layout& l, std::uint64_t off, std::uint32_t& type, std::uint32_t& flags,
               std::uint64_t& offset, std::uint64_t& paddr, std::uint64_t& filesz, std::uint64_t& memsz) {
  if (l.is64) {
    return read_le(f, off, type) && read_le(f, off + 4, flags) && read_le(f, off + 8, offset) &&
           read_le(f, off + 24, paddr) && read_le(f, off + 32, filesz) && read_le(f, off + 40, memsz);
  }
  std::uint32_t o = 0, p = 0, fs = 0, ms = 0;
  bool ok = read_le(f, off, type) && read_le(f, off + 4, o) && read_le(f, off + 12, p) &&
            read_le(f, off + 16, fs) && read_le(f, off + 20, ms) && read_le(f, off + 24, flags);
  offset = o, paddr = p, filesz = fs, memsz = ms;
  return ok;
}

// Looks for the PVH entry note in a PT_NOTE segment.
bool find_pvh_entry(Bytes notes, std::uint64_t& entry) {
  std::size_t pos = 0;
  while (pos + 12 <= notes.size()) {
    std::uint32_t namesz = 0, descsz = 0, type = 0;
    read_le(notes, pos, namesz);
    read_le(notes, pos + 4, descsz);
    read_le(notes, pos + 8, type);
    std::uint64_t name_off = pos + 12;
    std::uint64_t desc_off = name_off + ((static_cast<std::uint64_t>(namesz) + 3) & ~3ull);
    std::uint64_t next = desc_off + ((static_cast<std::uint64_t>(descsz) + 3) & ~3ull);
    if (next > notes.size()) return false;
    bool xen = namesz == 4 && notes[name_off] == 'X' && notes[name_off + 1] == 'e' &&
               notes[name_off + 2] == 'n' && notes[name_off + 3] == 0;
    if (xen && type == kXenNotePhys32Entry && descsz >= 4) {
      std::uint32_t e = 0;
      read_le(notes, desc_off, e);
      entry = e;
      return true;
    }
    pos = next;
  }
  return false;
}

}  // namespace

support::Status parse(Bytes f, std::uint64_t memory_limit, Image& out) {
  Image img;
  if (f.size() < 52 || f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F')
    return make_error(Errc::invalid, "not an ELF file");
  if (f[4] != 1 && f[4] != 2) return make_error(Errc::invalid, "unknown ELF class");
  if (f[5] != 1) return make_error(Errc::invalid, "not a little-endian ELF file");
  Layout l{f[4] == 2, 0};
  img.is_64bit = l.is64;
  std::uint16_t type = 0, machine = 0, phentsize = 0, phnum = 0;
  std::uint64_t entry = 0, phoff = 0;
  read_le(f, 16, type);
  read_le(f, 18, machine);
  if (type != kEtExec) return make_error(Errc::invalid, "not an executable ELF file");
  if (machine != (l.is64 ? kEmX86_64 : kEm386)) return make_error(Errc::invalid, "not an x86 ELF file");
  if (l.is64) {
    if (f.size() < 64) return make_error(Errc::invalid, "ELF header truncated");
    read_le(f, 24, entry);
    read_le(f, 32, phoff);
    read_le(f, 54, phentsize);
    read_le(f, 56, phnum);
    l.ph_size = 56;
  } else {
    std::uint32_t e32 = 0, off32 = 0;
    read_le(f, 24, e32);
    read_le(f, 28, off32);
    read_le(f, 42, phentsize);
    read_le(f, 44, phnum);
    entry = e32, phoff = off32;
    l.ph_size = 32;
  }
  if (phentsize < l.ph_size) return make_error(Errc::invalid, "program header entries too small");
  if (phnum == 0) return make_error(Errc::invalid, "no program headers");
  if (phoff > f.size() || (f.size() - phoff) / phentsize < phnum)
    return make_error(Errc::invalid, "program headers run past the end of the file");

  img.lowest = ~0ull;
  for (std::uint16_t i = 0; i < phnum; ++i) {
    std::uint32_t ptype = 0, flags = 0;
    std::uint64_t offset = 0, paddr = 0, filesz = 0, memsz = 0;
    read_phdr(f, l, phoff + static_cast<std::uint64_t>(i) * phentsize, ptype, flags, offset, paddr,
              filesz, memsz);
    if (ptype == kPtNote) {
      if (offset <= f.size() && filesz <= f.size() - offset)
        img.pvh_note = img.pvh_note || find_pvh_entry(f.subspan(offset, filesz), img.entry);
      continue;
    }
    if (ptype != kPtLoad || memsz == 0) continue;
    if (filesz > memsz) return make_error(Errc::invalid, "segment file size exceeds its memory size");
    if (offset > f.size() || filesz > f.size() - offset)
      return make_error(Errc::invalid, "segment data runs past the end of the file");
    if (paddr >= memory_limit || memsz > memory_limit - paddr)
      return make_error(Errc::range, "segment lies outside the domain's memory");
    if (img.segment_count == Image::kMaxSegments)
      return make_error(Errc::no_space, "too many loadable segments");
    for (std::size_t j = 0; j < img.segment_count; ++j) {
      const Segment& s = img.segments[j];
      if (paddr < s.guest_physical + s.memory_size && s.guest_physical < paddr + memsz)
        return make_error(Errc::invalid, "loadable segments overlap");
    }
    img.segments[img.segment_count++] = {paddr, offset, filesz, memsz, (flags & kPfW) != 0,
                                         (flags & kPfX) != 0};
    if (paddr < img.lowest) img.lowest = paddr;
    if (paddr + memsz > img.highest) img.highest = paddr + memsz;
  }
  if (img.segment_count == 0) return make_error(Errc::invalid, "no loadable segments");
  if (!img.pvh_note) img.entry = entry;
  if (img.entry >= memory_limit || img.entry > 0xffffffffull)
    return make_error(Errc::range, "entry point outside the domain's 32-bit memory");
  out = img;
  return support::Status::success();
}

}  // namespace elf
