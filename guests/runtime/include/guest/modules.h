// The PVH boot modules the hypervisor handed this domain (start_info
// nr_modules / modlist_paddr): each has a name (its NUL-terminated command
// line) and bytes. Read-only views of memory that lives as long as the
// domain; no locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace guest {

struct Module {
  std::string_view name;
  std::span<const std::uint8_t> bytes;
  std::string_view text() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
};

std::size_t module_count();
Module module(std::size_t index);  // index < module_count()
// Finds a module by name; false when there is none.
bool find_module(std::string_view name, Module& out);

}  // namespace guest
