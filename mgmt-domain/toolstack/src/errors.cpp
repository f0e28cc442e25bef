// Errno names and descriptions (see toolstack/errors.h). No state.
#include "toolstack/errors.h"

namespace toolstack {
namespace {

struct Entry {
  tactus::abi::Errno e;
  const char* name;
  const char* text;
};

constexpr Entry kEntries[] = {
    {tactus::abi::Errno::perm, "EPERM", "not permitted"},
    {tactus::abi::Errno::noent, "ENOENT", "no such object"},
    {tactus::abi::Errno::srch, "ESRCH", "no such domain"},
    {tactus::abi::Errno::io, "EIO", "input/output error"},
    {tactus::abi::Errno::nomem, "ENOMEM", "out of memory"},
    {tactus::abi::Errno::fault, "EFAULT", "bad buffer address"},
    {tactus::abi::Errno::busy, "EBUSY", "busy"},
    {tactus::abi::Errno::exist, "EEXIST", "already exists"},
    {tactus::abi::Errno::inval, "EINVAL", "invalid argument"},
    {tactus::abi::Errno::nospc, "ENOSPC", "no free slot"},
    {tactus::abi::Errno::range, "ERANGE", "value out of range"},
    {tactus::abi::Errno::nosys, "ENOSYS", "not implemented by the hypervisor"},
    {tactus::abi::Errno::opnotsupp, "EOPNOTSUPP", "not supported"},
};

const Entry* find(std::int64_t result) {
  for (const Entry& e : kEntries)
    if (static_cast<std::int64_t>(e.e) == result) return &e;
  return nullptr;
}

}  // namespace

const char* errno_name(std::int64_t result) {
  const Entry* e = find(result);
  return e != nullptr ? e->name : "E?";
}

const char* errno_text(std::int64_t result) {
  const Entry* e = find(result);
  return e != nullptr ? e->text : "unexpected error";
}

}  // namespace toolstack
