// The one place that includes Boost.Intrusive, so every user gets the same
// configuration (no asserts, no exceptions in freestanding builds). Objects
// embed their hooks; containers never allocate.
#pragma once

#include <boost/intrusive/list.hpp>
#include <boost/intrusive/rbtree.hpp>
#include <boost/intrusive/set.hpp>

namespace support {
namespace bi = boost::intrusive;
}  // namespace support
