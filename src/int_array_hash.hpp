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

// An insert-only map from int arrays to ints in one flat table (open addressing, linear
// probing): no allocation per key, for the millions of keys the saddle search and the hop
// search look up (issue #10).
template <std::size_t N>
class IntArrayMap {
 public:
  IntArrayMap() { rehash(64); }
  // Room for n keys without growing.
  void reserve(std::size_t n) {
    std::size_t c = keys_.size();
    while (c < 2 * n) c *= 2;
    if (c > keys_.size()) rehash(c);
  }
  // The value of k, or -1 when k is not in the map.
  int find(const std::array<int, N>& k) const {
    for (std::size_t i = slot(k); used_[i]; i = (i + 1) & mask_)
      if (keys_[i] == k) return values_[i];
    return -1;
  }
  // Adds k with value v when k is not in the map; returns the value k has now.
  int emplace(const std::array<int, N>& k, int v) {
    if (2 * (size_ + 1) > keys_.size()) rehash(2 * keys_.size());
    std::size_t i = slot(k);
    for (; used_[i]; i = (i + 1) & mask_)
      if (keys_[i] == k) return values_[i];
    used_[i] = 1;
    keys_[i] = k;
    values_[i] = v;
    ++size_;
    return v;
  }
  std::size_t size() const { return size_; }

 private:
  std::size_t slot(const std::array<int, N>& k) const {
    // Fibonacci hashing: the high bits of the product, mixed from every bit of the hash.
    return static_cast<std::size_t>(
        (static_cast<std::uint64_t>(IntArrayHash<N>{}(k)) * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  void rehash(std::size_t capacity) {  // a power of two
    std::vector<std::array<int, N>> keys(capacity);
    std::vector<int> values(capacity);
    std::vector<unsigned char> used(capacity, 0);
    keys.swap(keys_);
    values.swap(values_);
    used.swap(used_);
    mask_ = capacity - 1;
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
    size_ = 0;
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (used[i]) emplace(keys[i], values[i]);
  }
  std::vector<std::array<int, N>> keys_;
  std::vector<int> values_;
  std::vector<unsigned char> used_;
  std::size_t mask_ = 0, size_ = 0;
  int shift_ = 64;
};

// An insert-only set of int arrays (the map's keys).
template <std::size_t N>
class IntArraySet {
 public:
  void reserve(std::size_t n) { map_.reserve(n); }
  // True when k was not in the set (it is now).
  bool insert(const std::array<int, N>& k) {
    const std::size_t before = map_.size();
    map_.emplace(k, 0);
    return map_.size() > before;
  }

 private:
  IntArrayMap<N> map_;
};

}  // namespace channelmap::detail
