// Private to src/: a hash for short arrays of ints (a node with a lattice offset, an edge's ends
// and offset) as unordered_map keys.
#pragma once
#include <array>
#include <cstddef>

namespace channelmap::detail {

template <std::size_t N>
struct IntArrayHash {
  std::size_t operator()(const std::array<int, N>& k) const {
    std::size_t h = 0;
    for (int x : k) h = h * 1000003u ^ static_cast<std::size_t>(static_cast<unsigned>(x));
    return h;
  }
};

}  // namespace channelmap::detail
