// Private to src/: walking the 26 neighbours of a point of an energy grid (energy.cpp,
// energy_path.cpp).
#pragma once
#include <algorithm>
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
  for (int di = -1; di <= 1; ++di)
    for (int dj = -1; dj <= 1; ++dj)
      for (int dk = -1; dk <= 1; ++dk) {
        if (!di && !dj && !dk) continue;
        int a = i + di, b = j + dj, c = k + dk;
        Offset o{floor_div(a, g.n[0]), floor_div(b, g.n[1]), floor_div(c, g.n[2])};
        if (f(g.index(a - o[0] * g.n[0], b - o[1] * g.n[1], c - o[2] * g.n[2]), o)) return true;
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
inline std::vector<int> sort_by_energy(const EnergyGrid& g) {
  std::vector<int> order(g.e.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return g.e[a] < g.e[b] || (g.e[a] == g.e[b] && a < b); });
  return order;
}

// g.order when energy_grid() filled it, else the order sorted into `scratch`.
inline const std::vector<int>& energy_order(const EnergyGrid& g, std::vector<int>& scratch) {
  if (g.order.size() == g.e.size()) return g.order;
  scratch = sort_by_energy(g);
  return scratch;
}

}  // namespace channelmap::detail
