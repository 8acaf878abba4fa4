// Mobile-ion sites on the void network, the hops between them and mobile-ion percolation
// (DESIGN.md section 6).
#pragma once
#include <array>
#include <string>
#include <vector>

#include "channelmap/crystal.hpp"
#include "channelmap/framework.hpp"
#include "channelmap/network.hpp"
#include "channelmap/symmetry.hpp"

namespace channelmap {

// A mobile-ion site mapped to the network, or a vacant position equivalent to one.
struct MobileSite {
  int site = -1;  // index into Crystal::sites (of a vacancy: the occupied site it is equivalent to)
  std::string label;
  Fractional frac;
  char wyckoff = '?';
  int site_class = -1;  // symmetry class (SymmetryInfo::site_class), -1 without symmetry
  int nearest_node = -1;
  double node_distance_A = 0;  // distance to that node (CAVD's "rediscovery": < 0.5 A)
  // An empty position equivalent to an occupied mobile site under the symmetry of the host
  // framework (the mobile ion removed): where the ion would sit in a dilute cell.
  bool vacant = false;
};

// An elementary hop from an occupied mobile site to a neighbouring candidate site (occupied,
// vacant, or an image of its own): among the network paths that pass no third candidate site
// and are no detour (path length <= tol::hop_detour_factor x straight distance), the widest
// (maximin), and among those the shortest.
struct Hop {
  int from = 0;  // index into MobilePaths::sites
  int to = 0;    // into MobilePaths::sites, or vacancies when to_vacant
  bool to_vacant = false;
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
  std::vector<MobileSite> sites;      // occupied mobile sites
  std::vector<MobileSite> vacancies;  // vacant equivalent positions (vacant = true)
  // Each hop between occupied sites once (from <= to), every hop to a vacancy; sorted by group.
  std::vector<Hop> hops;
  int n_groups = 0;
  double shortest_distance_A = 0;  // between two mobile sites (images included)
  double max_hop_distance_A = 0;   // the largest hop-distance cutoff used
  const MobileSite& end_site(const Hop& h) const {
    return h.to_vacant ? vacancies[h.to] : sites[h.to];
  }
  // Rmob_kD: largest probe radius at which mobile sites connect to their own images in k
  // independent directions (k = 1, 2, 3); -infinity when never.
  std::array<double, 3> rmob_A{};
  // Largest probe radius at which mobile sites connect to images displaced along a, b, c.
  std::array<double, 3> rmob_axis_A{};
};

// Vacant positions equivalent to the occupied mobile sites.
struct VacantSites {
  std::vector<Fractional> frac;
  std::vector<int> source;  // per position: index into the mobile_sites list it is equivalent to
  std::string error;        // why none could be found (spglib failed), else empty
};

// The orbits of the mobile sites under the space group of the host framework (spheres of `fw`,
// told apart by the species of their Crystal site), minus the occupied mobile sites: in a dilute
// cell, the other positions of the occupied site's kind (e.g. the empty 8a sites of a spinel
// supercell holding one Mg). Empty in a fully occupied cell. A cell with a single mobile site
// and no vacant equivalent at symprec_A is tried again at tol::host_symprec_single_site_A.
VacantSites find_vacant_sites(const Crystal& crystal, const Framework& fw,
                              double symprec_A = tol::host_symprec_A);

struct PathOptions {
  // Hops join sites at most this far apart (straight line, A); 0: automatic, the
  // nearest-neighbour shells: tol::hop_shell_factor times the larger of the two sites' nearest
  // candidate distances (whatever the cell size).
  double max_hop_distance_A = 0;
  VacantSites vacant;  // candidate end positions besides the occupied sites
  // The network around each site that the hop search looks at: node images within this many
  // times the largest hop distance (plus the site's node distance) of the site; 0: the least
  // radius that holds every path within its detour budget ((f + 1) / 2 with f =
  // tol::hop_detour_factor; src/hop_search.cpp). Only the cost changes with a larger one (for
  // tests).
  double hop_graph_factor = 0;
};

MobilePaths find_mobile_paths(const VoidNetwork& net, const Crystal& crystal,
                              const std::vector<int>& mobile_sites, const SymmetryInfo* symmetry,
                              const PathOptions& opt = {});

}  // namespace channelmap
