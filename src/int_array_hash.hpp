// Private to src/: a hash for short arrays of ints (a node with a lattice offset, an edge's ends
// and offset) as unordered_map keys.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace channelmap::detail {

template <std::size_t N>
struct IntArrayHash {
  std::size_t operator()(const std::array<int, N>& k) const {
    std::size_t h = 0;
    for (int x : k) h = h * 1000003u ^ static_cast<std::size_t>(static_cast<unsigned>(x));
    return h;
  }
};

// An insert-only set of int arrays in one flat table (open addressing, linear probing): no
// allocation per key, for the millions of keys the saddle search looks up (issue #10).
template <std::size_t N>
class IntArraySet {
 public:
  IntArraySet() { rehash(64); }
  // True when k was not in the set (it is now).
  bool insert(const std::array<int, N>& k) {
    if (2 * (size_ + 1) > keys_.size()) rehash(2 * keys_.size());
    std::size_t i = slot(k);
    for (; used_[i]; i = (i + 1) & mask_)
      if (keys_[i] == k) return false;
    used_[i] = 1;
    keys_[i] = k;
    ++size_;
    return true;
  }

 private:
  std::size_t slot(const std::array<int, N>& k) const {
    // Fibonacci hashing: the high bits of the product, mixed from every bit of the hash.
    return static_cast<std::size_t>(
        (static_cast<std::uint64_t>(IntArrayHash<N>{}(k)) * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  void rehash(std::size_t capacity) {  // a power of two
    std::vector<std::array<int, N>> keys(capacity);
    std::vector<unsigned char> used(capacity, 0);
    keys.swap(keys_);
    used.swap(used_);
    mask_ = capacity - 1;
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
    size_ = 0;
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (used[i]) insert(keys[i]);
  }
  std::vector<std::array<int, N>> keys_;
  std::vector<unsigned char> used_;
  std::size_t mask_ = 0, size_ = 0;
  int shift_ = 64;
};

}  // namespace channelmap::detail
