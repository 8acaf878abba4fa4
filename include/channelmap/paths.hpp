// Mobile-ion sites on the void network, the hops between them and mobile-ion percolation
// (DESIGN.md section 6).
#pragma once
#include <array>
#include <string>
#include <vector>

#include "channelmap/crystal.hpp"
#include "channelmap/network.hpp"
#include "channelmap/symmetry.hpp"

namespace channelmap {

// A mobile-ion site mapped to the network.
struct MobileSite {
  int site = -1;  // index into Crystal::sites
  std::string label;
  Fractional frac;
  char wyckoff = '?';
  int site_class = -1;  // symmetry class (SymmetryInfo::site_class), -1 without symmetry
  int nearest_node = -1;
  double node_distance_A = 0;  // distance to that node (CAVD's "rediscovery": < 0.5 A)
};

// A direct path between two mobile sites: the widest (maximin) path in the network from one
// site's node to another site's node (or an image of its own) that passes no third site.
struct Hop {
  int from = 0, to = 0;              // indices into MobilePaths::sites
  Offset offset{0, 0, 0};            // the hop ends at site `to` shifted by this lattice vector
  double distance_A = 0;             // straight-line distance between the two sites
  double path_length_A = 0;          // along the network: site-node links plus edges
  double bottleneck_A = 0;           // smallest edge bottleneck on the path
  Position bottleneck_point;         // Cartesian, in the frame of site `from` in the unit cell
  std::vector<int> nodes;            // network nodes along the path
  std::vector<Offset> node_offsets;  // their lattice offsets (frame of site `from`)
  std::vector<int> edges;            // network edges along the path
  int group = -1;                    // symmetry-distinct hop class (0, 1, ...)
};

struct MobilePaths {
  std::vector<MobileSite> sites;
  std::vector<Hop> hops;  // each hop once (from <= to), sorted by group
  int n_groups = 0;
  double shortest_distance_A = 0;  // between two mobile sites (images included)
  double max_hop_distance_A = 0;   // the cutoff used
  // Rmob_kD: largest probe radius at which mobile sites connect to their own images in k
  // independent directions (k = 1, 2, 3); -infinity when never.
  std::array<double, 3> rmob_A{};
  // Largest probe radius at which mobile sites connect to images displaced along a, b, c.
  std::array<double, 3> rmob_axis_A{};
};

struct PathOptions {
  // Hops join sites at most this far apart (straight line, A); 0: automatic, 1.6 times the
  // shortest distance between two mobile sites (nearest and next-nearest neighbours in the
  // common structure types), at most 8 A.
  double max_hop_distance_A = 0;
};

MobilePaths find_mobile_paths(const VoidNetwork& net, const Crystal& crystal,
                              const std::vector<int>& mobile_sites, const SymmetryInfo* symmetry,
                              const PathOptions& opt = {});

}  // namespace channelmap
