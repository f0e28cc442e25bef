// Test helpers: ACPI structures as byte arrays (header + body with the length
// and checksum fixed up), and a fake physical memory made of blobs.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "acpi/acpi.h"

namespace acpitest {

using Blob = std::vector<std::uint8_t>;

inline void put8(Blob& v, std::uint64_t x) { v.push_back(static_cast<std::uint8_t>(x)); }
inline void put16(Blob& v, std::uint64_t x) { for (int i = 0; i < 2; ++i) put8(v, x >> (8 * i)); }
inline void put32(Blob& v, std::uint64_t x) { for (int i = 0; i < 4; ++i) put8(v, x >> (8 * i)); }
inline void put64(Blob& v, std::uint64_t x) { for (int i = 0; i < 8; ++i) put8(v, x >> (8 * i)); }
inline void puts(Blob& v, const char* s, std::size_t n) { for (std::size_t i = 0; i < n; ++i) put8(v, static_cast<std::uint8_t>(s[i])); }
inline void set32(Blob& v, std::size_t off, std::uint32_t x) {
  for (int i = 0; i < 4; ++i) v[off + i] = static_cast<std::uint8_t>(x >> (8 * i));
}

inline std::uint8_t sum(const Blob& v, std::size_t from, std::size_t to) {
  std::uint8_t s = 0;
  for (std::size_t i = from; i < to; ++i) s = static_cast<std::uint8_t>(s + v[i]);
  return s;
}

// Recomputes the checksum byte (offset 9) over the length field's bytes.
inline void fix_checksum(Blob& t) {
  std::uint32_t len = static_cast<std::uint32_t>(t[4] | t[5] << 8 | t[6] << 16 | t[7] << 24);
  t[9] = 0;
  t[9] = static_cast<std::uint8_t>(0 - sum(t, 0, std::min<std::size_t>(len, t.size())));
}

// A system description table: 36-byte header followed by `body`.
inline Blob table(const char* sig, const Blob& body, std::uint8_t revision = 1) {
  Blob t;
  puts(t, sig, 4);
  put32(t, 36 + body.size());
  put8(t, revision);
  put8(t, 0);  // checksum, fixed below
  puts(t, "TACTUS", 6);
  puts(t, "TESTTABL", 8);
  put32(t, 1);
  puts(t, "TEST", 4);
  put32(t, 1);
  t.insert(t.end(), body.begin(), body.end());
  fix_checksum(t);
  return t;
}

// ---- MADT entries
inline Blob lapic(std::uint8_t uid, std::uint8_t id, std::uint32_t flags) {
  Blob e{0, 8, uid, id};
  put32(e, flags);
  return e;
}
inline Blob ioapic(std::uint8_t id, std::uint32_t addr, std::uint32_t gsi) {
  Blob e{1, 12, id, 0};
  put32(e, addr);
  put32(e, gsi);
  return e;
}
inline Blob iso(std::uint8_t bus, std::uint8_t src, std::uint32_t gsi, std::uint16_t flags) {
  Blob e{2, 10, bus, src};
  put32(e, gsi);
  put16(e, flags);
  return e;
}
inline Blob lapic_nmi(std::uint8_t uid) { return Blob{4, 6, uid, 5, 0, 1}; }
inline Blob lapic_override(std::uint64_t addr) {
  Blob e{5, 12, 0, 0};
  put64(e, addr);
  return e;
}
inline Blob x2apic(std::uint32_t id, std::uint32_t flags, std::uint32_t uid) {
  Blob e{9, 16, 0, 0};
  put32(e, id);
  put32(e, flags);
  put32(e, uid);
  return e;
}

inline Blob madt(const std::vector<Blob>& entries, std::uint32_t lapic_addr = 0xfee00000, std::uint32_t flags = 1) {
  Blob body;
  put32(body, lapic_addr);
  put32(body, flags);
  for (const auto& e : entries) body.insert(body.end(), e.begin(), e.end());
  return table("APIC", body, 5);
}

// ---- SRAT entries
inline Blob srat_lapic(std::uint32_t domain, std::uint8_t apic_id, std::uint32_t flags) {
  Blob e{0, 16, static_cast<std::uint8_t>(domain), apic_id};
  put32(e, flags);
  put8(e, 0);  // local SAPIC EID
  put8(e, domain >> 8);
  put8(e, domain >> 16);
  put8(e, domain >> 24);
  put32(e, 0);  // clock domain
  return e;
}
inline Blob srat_memory(std::uint32_t domain, std::uint64_t base, std::uint64_t length, std::uint32_t flags) {
  Blob e{1, 40};
  put32(e, domain);
  put16(e, 0);
  put64(e, base);
  put64(e, length);
  put32(e, 0);
  put32(e, flags);
  put64(e, 0);
  return e;
}
inline Blob srat_x2apic(std::uint32_t domain, std::uint32_t apic_id, std::uint32_t flags) {
  Blob e{2, 24, 0, 0};
  put32(e, domain);
  put32(e, apic_id);
  put32(e, flags);
  put32(e, 0);
  put32(e, 0);
  return e;
}
inline Blob srat(const std::vector<Blob>& entries) {
  Blob body;
  put32(body, 1);
  put64(body, 0);
  for (const auto& e : entries) body.insert(body.end(), e.begin(), e.end());
  return table("SRAT", body, 3);
}

inline Blob hpet(std::uint64_t address, std::uint8_t space = 0) {
  Blob body;
  put32(body, 0x8086a201);  // event timer block id
  put8(body, space);
  put8(body, 64);
  put8(body, 0);
  put8(body, 0);
  put64(body, address);
  put8(body, 0);       // HPET number
  put16(body, 0x80);   // minimum tick
  put8(body, 0);       // page protection
  return table("HPET", body, 1);
}

inline Blob rsdt(const std::vector<std::uint32_t>& addrs) {
  Blob body;
  for (auto a : addrs) put32(body, a);
  return table("RSDT", body);
}
inline Blob xsdt(const std::vector<std::uint64_t>& addrs) {
  Blob body;
  for (auto a : addrs) put64(body, a);
  return table("XSDT", body);
}

inline Blob rsdp_v1(std::uint32_t rsdt_addr) {
  Blob r;
  puts(r, "RSD PTR ", 8);
  put8(r, 0);
  puts(r, "TACTUS", 6);
  put8(r, 0);
  put32(r, rsdt_addr);
  r[8] = static_cast<std::uint8_t>(0 - sum(r, 0, 20));
  return r;
}
inline Blob rsdp_v2(std::uint32_t rsdt_addr, std::uint64_t xsdt_addr) {
  Blob r;
  puts(r, "RSD PTR ", 8);
  put8(r, 0);
  puts(r, "TACTUS", 6);
  put8(r, 2);
  put32(r, rsdt_addr);
  put32(r, 36);
  put64(r, xsdt_addr);
  put8(r, 0);
  put8(r, 0);
  put8(r, 0);
  put8(r, 0);
  r[8] = static_cast<std::uint8_t>(0 - sum(r, 0, 20));
  r[32] = static_cast<std::uint8_t>(0 - sum(r, 0, 36));
  return r;
}

inline support::Bytes bytes(const Blob& b) { return support::Bytes(b.data(), b.size()); }

// Physical memory made of separate blobs; a view must lie inside one blob.
class FakeMemory final : public acpi::PhysMemory {
 public:
  void map(std::uint64_t phys, Blob b) { blobs_[phys] = std::move(b); }
  Blob& at(std::uint64_t phys) { return blobs_.at(phys); }
  support::Bytes view(std::uint64_t phys, std::size_t len) override {
    ++views;
    auto it = blobs_.upper_bound(phys);
    if (it == blobs_.begin()) return {};
    --it;
    std::uint64_t off = phys - it->first;
    if (off > it->second.size() || it->second.size() - off < len) return {};
    return support::Bytes(it->second.data() + off, len);
  }
  int views = 0;

 private:
  std::map<std::uint64_t, Blob> blobs_;
};

class StringSink final : public support::Sink {
 public:
  void write(const char* data, std::size_t len) override { text.append(data, len); }
  std::size_t lines() const { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }
  std::string text;
};

}  // namespace acpitest
