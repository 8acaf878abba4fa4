// Private to src/: a union-find over network nodes that tracks lattice offsets.
#pragma once
#include <algorithm>
#include <numeric>
#include <vector>

#include "channelmap/channels.hpp"

namespace channelmap::detail {

inline Offset add(const Offset& a, const Offset& b) {
  return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
inline Offset sub(const Offset& a, const Offset& b) {
  return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
inline bool is_zero(const Offset& a) {
  return a[0] == 0 && a[1] == 0 && a[2] == 0;
}

// Union-find whose elements carry their lattice offset relative to the root, so that a loop
// closing with a non-zero offset adds a translation to the component's lattice.
class PeriodicUnionFind {
 public:
  explicit PeriodicUnionFind(size_t n) : parent_(n), off_(n, Offset{0, 0, 0}), lat_(n) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  // Root of i; *off = offset of i relative to the root.
  int find(int i, Offset* off) {
    Offset acc{0, 0, 0};
    int r = i;
    while (parent_[r] != r) {
      acc = add(acc, off_[r]);
      r = parent_[r];
    }
    // Path compression.
    Offset rest = acc;
    for (int k = i; parent_[k] != k;) {
      int next = parent_[k];
      Offset here = off_[k];
      parent_[k] = r;
      off_[k] = rest;
      rest = sub(rest, here);
      k = next;
    }
    *off = acc;
    return r;
  }
  // Joins a (at its offset) to b shifted by o. Returns the root of the result.
  int unite(int a, int b, const Offset& o) {
    Offset oa, ob;
    int ra = find(a, &oa), rb = find(b, &ob);
    if (ra == rb) {
      Offset t = sub(add(oa, o), ob);
      if (!is_zero(t)) lat_[ra].add(t);
      return ra;
    }
    // b sits at oa + o relative to ra, so rb sits at oa + o - ob.
    parent_[rb] = ra;
    off_[rb] = sub(add(oa, o), ob);
    lat_[ra].add(lat_[rb]);
    return ra;
  }
  const IntLattice& lattice(int root) const { return lat_[root]; }

 private:
  std::vector<int> parent_;
  std::vector<Offset> off_;
  std::vector<IntLattice> lat_;
};

// Edge indices from the widest bottleneck down (stable: equal values keep their order).
inline std::vector<int> edges_by_bottleneck(const VoidNetwork& net) {
  std::vector<int> order(net.edges.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return net.edges[a].bottleneck_A > net.edges[b].bottleneck_A;
  });
  return order;
}

}  // namespace channelmap::detail
