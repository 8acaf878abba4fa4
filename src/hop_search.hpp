// Private to src/: the search for elementary hops from one mobile site (paths.cpp).
#pragma once
#include <map>
#include <vector>

#include "channelmap/paths.hpp"

namespace channelmap::detail {

// Candidate hop ends: the occupied sites, then the vacancies; where they sit on the network.
struct HopEnds {
  std::vector<MobileSite> ends;
  int n_occupied = 0;
  std::multimap<int, int> at_node;  // network node -> ends mapped to it
  std::vector<double> nearest_A;    // per end: distance to the nearest other end (or image)
};

// Hops from occupied end `s` to every candidate end within the distance cutoff
// (max_hop_distance_A > 0: that; else tol::hop_shell_factor x the larger nearest_A of the two),
// over paths no longer than tol::hop_detour_factor x the distance that pass no third end: the
// widest such path (largest smallest edge bottleneck), the shortest among those. Hop::to
// indexes `ends` (paths.cpp splits it). Returns the largest cutoff used.
double hops_from(int s, const VoidNetwork& net, const HopEnds& ends, double max_hop_distance_A,
                 std::vector<Hop>& out);

}  // namespace channelmap::detail
