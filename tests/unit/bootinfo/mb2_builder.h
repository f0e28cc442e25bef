// Test helper: builds multiboot2 information structures byte by byte, the
// way a loader lays them out (8-byte header, tags padded to 8 bytes, end tag).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mb2test {

inline void put32(std::vector<std::uint8_t>& v, std::uint32_t x) {
  for (int i = 0; i < 4; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
}
inline void put64(std::vector<std::uint8_t>& v, std::uint64_t x) {
  for (int i = 0; i < 8; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
}
inline void set32(std::vector<std::uint8_t>& v, std::size_t off, std::uint32_t x) {
  for (int i = 0; i < 4; ++i) v[off + i] = static_cast<std::uint8_t>(x >> (8 * i));
}

struct MmapEntry {
  std::uint64_t base, length;
  std::uint32_t type;
};

class Builder {
 public:
  Builder() { bytes_.assign(8, 0); }

  // A raw tag: header with `size` = 8 + payload (unless overridden), then padding.
  Builder& tag(std::uint32_t type, const std::vector<std::uint8_t>& payload, long size_override = -1) {
    last_tag_ = bytes_.size();
    put32(bytes_, type);
    put32(bytes_, size_override >= 0 ? static_cast<std::uint32_t>(size_override)
                                     : static_cast<std::uint32_t>(8 + payload.size()));
    bytes_.insert(bytes_.end(), payload.begin(), payload.end());
    if (pad_) while (bytes_.size() % 8 != 0) bytes_.push_back(0);
    return *this;
  }
  Builder& string_tag(std::uint32_t type, const std::string& s) {
    std::vector<std::uint8_t> p(s.begin(), s.end());
    p.push_back(0);
    return tag(type, p);
  }
  Builder& module(std::uint32_t start, std::uint32_t end, const std::string& cmdline) {
    std::vector<std::uint8_t> p;
    put32(p, start);
    put32(p, end);
    p.insert(p.end(), cmdline.begin(), cmdline.end());
    p.push_back(0);
    return tag(3, p);
  }
  Builder& mmap(const std::vector<MmapEntry>& entries, std::uint32_t entry_size = 24,
                std::uint32_t version = 0) {
    std::vector<std::uint8_t> p;
    put32(p, entry_size);
    put32(p, version);
    for (const auto& e : entries) {
      std::size_t start = p.size();
      put64(p, e.base);
      put64(p, e.length);
      put32(p, e.type);
      while (p.size() - start < entry_size) p.push_back(0xee);  // reserved / newer fields
    }
    return tag(6, p);
  }
  Builder& framebuffer(std::uint64_t addr) {
    std::vector<std::uint8_t> p;
    put64(p, addr);
    put32(p, 4096);  // pitch
    put32(p, 1024);  // width
    put32(p, 768);   // height
    p.push_back(32); // bpp
    p.push_back(1);  // RGB
    p.push_back(0);
    p.push_back(0);
    return tag(8, p);
  }
  Builder& end() { return tag(0, {}); }
  Builder& no_padding() { pad_ = false; return *this; }

  // Patches total_size to the bytes written so far and returns them.
  std::vector<std::uint8_t> build() {
    set32(bytes_, 0, static_cast<std::uint32_t>(bytes_.size()));
    return bytes_;
  }
  std::size_t last_tag_offset() const { return last_tag_; }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t last_tag_ = 0;
  bool pad_ = true;
};

inline std::vector<std::uint8_t> rsdp_bytes(std::size_t n, std::uint8_t fill) {
  std::vector<std::uint8_t> v(n, fill);
  const char sig[] = "RSD PTR ";
  for (int i = 0; i < 8; ++i) v[i] = static_cast<std::uint8_t>(sig[i]);
  return v;
}

// A structure like GRUB hands over: every tag kind the parser interprets.
inline std::vector<std::uint8_t> grub_like() {
  Builder b;
  b.string_tag(1, "console=com1 max_cpus=4")
      .string_tag(2, "GRUB 2.06")
      .module(0x200000, 0x210000, "mgmt.elf")
      .module(0x210000, 0x210400, "rt1.cfg")
      .tag(4, std::vector<std::uint8_t>(8, 0))
      .mmap({{0, 0x9fc00, 1}, {0x9fc00, 0x400, 2}, {0xf0000, 0x10000, 2}, {0x100000, 0x7ee0000, 1},
             {0x7fe0000, 0x20000, 3}, {0xfffc0000, 0x40000, 2}})
      .framebuffer(0xfd000000)
      .tag(14, rsdp_bytes(20, 0x11))
      .tag(15, rsdp_bytes(36, 0x22))
      .end();
  return b.build();
}

}  // namespace mb2test
