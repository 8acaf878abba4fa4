// Private to src/: steps of build_network that live outside the CGAL translation unit.
#pragma once
#include <array>
#include <unordered_map>
#include <vector>

#include "channelmap/network.hpp"
#include "int_array_hash.hpp"

namespace channelmap::detail {

// The network of `field.framework()` in its own cell (CGAL; network.cpp). build_network calls it
// on the whole cell or on the smaller cell of a supercell (network_smaller_cell.cpp).
VoidNetwork build_network_in_cell(const ClearanceField& field, const NetworkOptions& opt);

// An edge as a key: its ends and offset (in its canonical orientation, orient(), every edge of
// a network has one key); and the edges of a network by key.
inline std::array<int, 5> edge_key(const Edge& e) {
  return {e.from, e.to, e.offset[0], e.offset[1], e.offset[2]};
}
using EdgeIndex = std::unordered_map<std::array<int, 5>, int, IntArrayHash<5>>;
inline EdgeIndex index_edges(const std::vector<Edge>& edges) {
  EdgeIndex index;
  for (size_t i = 0; i < edges.size(); ++i) index.emplace(edge_key(edges[i]), static_cast<int>(i));
  return index;
}

// Puts an edge in the canonical orientation (from the smaller node index; equal indices: the
// positive offset), moving its bottleneck point with it (the point is given with node `from`
// at its own position).
void orient(Edge& e, const Lattice& L);

// A vertex of a power diagram joins at least four edges. A node with two comes from a flat
// cell (four coplanar atoms, split by rounding) and lies on a true edge: its two edges become
// one (bottleneck: the smaller), so the network does not depend on rounding or origin.
void splice_degree_two(VoidNetwork& net);

}  // namespace channelmap::detail
