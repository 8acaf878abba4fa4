// Private to src/: the search for elementary hops from one mobile site (paths.cpp).
#pragma once
#include <map>
#include <vector>

#include "channelmap/paths.hpp"
#include "periodic_union_find.hpp"

namespace channelmap::detail {

// The network's edges by node, in both directions (the edges in order; each from its `from`
// node with its offset, and from its `to` node with the opposite offset).
struct NetworkArcs {
  struct Arc {
    int to;
    Offset offset;
    int edge;
  };
  std::vector<std::vector<Arc>> of_node;
  // Each edge's place among the edges by decreasing bottleneck (edges_by_bottleneck), and the
  // number of edges: hops_from orders arcs by it without sorting (issue #10).
  std::vector<int> rank;
  NetworkArcs() = default;
  explicit NetworkArcs(const VoidNetwork& net) : of_node(net.nodes.size()), rank(net.edges.size()) {
    for (size_t i = 0; i < net.edges.size(); ++i) {
      const Edge& e = net.edges[i];
      of_node[e.from].push_back({e.to, e.offset, static_cast<int>(i)});
      of_node[e.to].push_back(
          {e.from, Offset{-e.offset[0], -e.offset[1], -e.offset[2]}, static_cast<int>(i)});
    }
    const std::vector<int> order = edges_by_bottleneck(net);
    for (size_t k = 0; k < order.size(); ++k) rank[order[k]] = static_cast<int>(k);
  }
};

// Candidate hop ends: the occupied sites, then the vacancies; where they sit on the network.
struct HopEnds {
  std::vector<MobileSite> ends;
  int n_occupied = 0;
  std::multimap<int, int> at_node;  // network node -> ends mapped to it
  std::vector<double> nearest_A;    // per end: distance to the nearest other end (or image)
  NetworkArcs arcs;                 // of the network the ends are on
  double node_slack_A = 0;          // node_image_slack of the ends
};

// The most by which an end's distance to the image of its node that hops_from pairs it with
// (the rounded fractional difference) exceeds its node distance (the nearest image): 0 but in
// skewed cells.
double node_image_slack(const VoidNetwork& net, const std::vector<MobileSite>& ends);

// Hops from occupied end `s` to every candidate end within the distance cutoff
// (max_hop_distance_A > 0: that; else tol::hop_shell_factor x the larger nearest_A of the two),
// over paths no longer than tol::hop_detour_factor x the distance that pass no third end: the
// widest such path (largest smallest edge bottleneck), the shortest among those. Hop::to
// indexes `ends` (paths.cpp splits it). Returns the largest cutoff used.
// `graph_factor` > 0: the local graph's radius as PathOptions::hop_graph_factor says.
double hops_from(int s, const VoidNetwork& net, const HopEnds& ends, double max_hop_distance_A,
                 std::vector<Hop>& out, double graph_factor = 0);

}  // namespace channelmap::detail
