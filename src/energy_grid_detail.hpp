// Private to src/: walking the 26 neighbours of a point of an energy grid (energy.cpp,
// energy_path.cpp).
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <vector>

#include "channelmap/energy.hpp"

namespace channelmap::detail {

inline int floor_div(int a, int b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// Calls f(neighbour index, lattice offset) for the 26 neighbours of grid point `idx`, in a
// fixed order, until f returns true; the offset is the lattice translation from the wrapped
// neighbour to the neighbour of `idx`. Returns whether f stopped it.
template <typename F>
bool visit_grid_neighbors(const EnergyGrid& g, int idx, F&& f) {
  int k = idx % g.n[2], j = (idx / g.n[2]) % g.n[1], i = idx / (g.n[1] * g.n[2]);
  // Along each axis, the wrapped coordinate and the lattice offset of x - 1, x, x + 1.
  int w[3][3], o[3][3];
  const int x[3] = {i, j, k};
  for (int a = 0; a < 3; ++a)
    for (int d = 0; d < 3; ++d) {
      o[a][d] = floor_div(x[a] + d - 1, g.n[a]);
      w[a][d] = x[a] + d - 1 - o[a][d] * g.n[a];
    }
  for (int di = 0; di < 3; ++di)
    for (int dj = 0; dj < 3; ++dj)
      for (int dk = 0; dk < 3; ++dk) {
        if (di == 1 && dj == 1 && dk == 1) continue;
        if (f(g.index(w[0][di], w[1][dj], w[2][dk]), Offset{o[0][di], o[1][dj], o[2][dk]}))
          return true;
      }
  return false;
}

// Calls f(neighbour index, lattice offset) for all 26 neighbours of grid point `idx`.
template <typename F>
void for_each_grid_neighbor(const EnergyGrid& g, int idx, F&& f) {
  visit_grid_neighbors(g, idx, [&](int q, const Offset& o) {
    f(q, o);
    return false;
  });
}

// Whether f(neighbour index) holds for one of the 26 neighbours of `idx`, stopping at the first.
template <typename F>
bool any_grid_neighbor(const EnergyGrid& g, int idx, F&& f) {
  return visit_grid_neighbors(g, idx, [&](int q, const Offset&) { return f(q); });
}

// Point indices of `g` in increasing energy, ties by index.
// A least-significant-digit radix sort (issue #10: std::sort with this comparison was a twentieth
// of the energy stage): each energy becomes an unsigned key in the order of the doubles (-0 as
// +0, since they compare equal), and a stable sort of the indices 0, 1, ... by key keeps ties
// in index order, as the comparison does. With a NaN (which the comparison does not order)
// std::sort is kept.
inline std::vector<int> sort_by_energy(const EnergyGrid& g) {
  const size_t n = g.e.size();
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  auto by_energy = [&](int a, int b) { return g.e[a] < g.e[b] || (g.e[a] == g.e[b] && a < b); };
  if (n < 4096 || std::any_of(g.e.begin(), g.e.end(), [](double e) { return e != e; })) {
    std::sort(order.begin(), order.end(), by_energy);
    return order;
  }
  std::vector<std::uint64_t> key(n), key2(n);
  for (size_t i = 0; i < n; ++i) {
    const double e = g.e[i] == 0 ? 0.0 : g.e[i];
    std::uint64_t b;
    std::memcpy(&b, &e, sizeof b);
    key[i] = b >> 63 ? ~b : b | (std::uint64_t{1} << 63);
  }
  std::vector<int> order2(n);
  constexpr int bits = 11;
  constexpr std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
  std::vector<size_t> count(mask + 2);
  for (int shift = 0; shift < 64; shift += bits) {
    std::fill(count.begin(), count.end(), 0);
    for (size_t i = 0; i < n; ++i) ++count[((key[i] >> shift) & mask) + 1];
    if (count[((key[0] >> shift) & mask) + 1] == n) continue;  // one digit for all: no change
    for (size_t d = 1; d < count.size(); ++d) count[d] += count[d - 1];
    for (size_t i = 0; i < n; ++i) {
      const size_t at = count[(key[i] >> shift) & mask]++;
      order2[at] = order[i];
      key2[at] = key[i];
    }
    order.swap(order2);
    key.swap(key2);
  }
  return order;
}

// g.order when energy_grid() filled it, else the order sorted into `scratch`.
inline const std::vector<int>& energy_order(const EnergyGrid& g, std::vector<int>& scratch) {
  if (g.order.size() == g.e.size()) return g.order;
  scratch = sort_by_energy(g);
  return scratch;
}

}  // namespace channelmap::detail
