// The void network: the power (radical Voronoi) diagram of the framework spheres, built from a
// CGAL regular triangulation. Nodes are diagram vertices in the unit cell, edges join them with
// the lattice offset they cross.
#pragma once
#include <vector>

#include "channelmap/crystal.hpp"
#include "channelmap/framework.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

struct Node {
  Fractional frac;      // in [0, 1)
  Position pos;         // Cartesian position of frac
  double radius_A = 0;  // clearance at the node
  // The node is not at its power-diagram vertex (NetworkOptions::exact_nodes moved it); its
  // edges then run from the node to the vertex, along the power-diagram edge, and on to the
  // next node, and their bottleneck is the smallest clearance along that whole path.
  bool moved = false;
};

struct Edge {
  int from = 0, to = 0;
  Offset offset{0, 0, 0};  // the edge joins node `from` to node `to` shifted by `offset`
  double length_A = 0;
  // Minimum clearance along the straight edge (exact), and where it occurs.
  double bottleneck_A = 0;
  Position bottleneck_point;
  // Passage radius of the triangular window (dual Delaunay facet) the edge crosses: the largest
  // sphere whose centre passes through the triangle, against the window's three atoms only.
  double window_radius_A = 0;
};

struct VoidNetwork {
  Lattice lattice;
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  int triangulated_points = 0;       // framework atoms and images in the triangulation
  double image_padding_A = 0;        // images within this distance of the cell are triangulated
  int degenerate_circumcentres = 0;  // solved exactly because the double solve was ill-conditioned
  // More than 1: the framework is a supercell and the network was built in the cell this many
  // times smaller (NetworkOptions::smaller_cell) and carried over by its pure translations;
  // triangulated_points and image_padding_A are then the smaller cell's. `symmetrized_A`: the
  // farthest any sphere is from its representative's translate (the spheres of the smaller cell),
  // a bound on how far any clearance, node radius or bottleneck can be from the input's.
  int lattice_points = 1;
  double symmetrized_A = 0;

  // Cartesian position of node `i` shifted by `o`.
  Position node_position(int i, const Offset& o) const {
    return nodes[i].pos + lattice.translation(o);
  }
};

struct NetworkOptions {
  // Vertices closer than this are one node (A); tol::zeopp_node_merge_A mimics Zeo++.
  double node_merge_A = tol::node_merge_A;
  // Nodes at the exact points of largest clearance (docs/geometry.md, "Exact nodes"): a vertex
  // whose four spheres differ in radius moves to the point equally clear of them
  // (apollonius_vertex), or, where another sphere covers that point, to the local maximum of
  // the clearance reached from it. Off: nodes stay at the power-diagram vertices, as Zeo++
  // (--zeopp). With equal radii the two are the same point.
  bool exact_nodes = true;
  // With exact nodes and unequal radii: edges through the saddles of three spheres that no
  // power-diagram edge passes (docs/geometry.md, "Saddles that no power-diagram edge
  // crosses"). Off only to measure what they change.
  bool window_saddles = true;
  // First image padding, in mean interatomic spacings (plus the largest sphere diameter and a
  // margin); widened as needed. Speed only: the network is the same for any padding that works
  // (tested in tests/regression/test_invariance.cpp).
  double first_padding_spacings = tol::image_padding_spacings;
  // The first padding in A, when > 0, instead (tests: paddings thinner than one sphere
  // diameter, where most vertices near the cell's faces are checked image by image).
  double first_padding_A = 0;
  // The clearance's minimum along a power-diagram edge is taken from the edge's own three
  // spheres where that is sure to be what the search over all spheres gives, to the bit
  // (src/network.cpp, power_edge_minimum). Off: always the search (tests).
  bool edge_shortcut = true;
  // A framework that is a supercell of a smaller cell (pure translations that take every sphere
  // to within tol::network_centring_A of a sphere of the same radius) is built in the smaller
  // cell, one sphere of each class, and the network carried over by the translations: the cost
  // divided by the number of lattice points. Auto: from tol::network_reduce_spheres spheres on
  // (below, the gain is a few milliseconds); Never: always the whole cell; Always: tests.
  enum class SmallerCell { Auto, Never, Always };
  SmallerCell smaller_cell = SmallerCell::Auto;
};

// Builds the network of `field.framework()`. Throws Error when it cannot.
VoidNetwork build_network(const ClearanceField& field, const NetworkOptions& opt = {});

// Passage radius through the triangle (p[0], p[1], p[2]) with sphere radii r: the largest
// min_i(|x - p_i| - r_i) over points x of the triangle (exact; exposed for tests).
// `at` (optional) gets the point where that largest value is reached.
double window_radius(const Position p[3], const double r[3], Position* at = nullptr);

}  // namespace channelmap
