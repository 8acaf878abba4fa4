// Coordination in a structure: of every site (cations by anions, anions by cations), of the
// void network's nodes, and of the mobile ion along each hop. Each function returns its own
// result; the pipeline (report.hpp) puts them in the Report.
#pragma once
#include <limits>
#include <string>
#include <vector>

#include "channelmap/crystal.hpp"
#include "channelmap/framework.hpp"
#include "channelmap/network.hpp"
#include "channelmap/paths.hpp"
#include "channelmap/symmetry.hpp"

namespace channelmap {

// Coordination of one site or point (missing values: cn -1, econ and csm NaN, polyhedron "").
struct SiteEnvironment {
  int cn = -1;  // Voronoi neighbours (solid-angle weight > 0.5) of the other sign of charge
  double econ = std::numeric_limits<double>::quiet_NaN();  // Hoppe's effective coordination
  std::string polyhedron;  // best ChemEnv shape symbol, e.g. "T:4", "O:6" ("" outside CN 2-12)
  std::string polyhedron_name;
  double csm =
      std::numeric_limits<double>::quiet_NaN();  // its continuous shape measure (0 = ideal)
};

// Coordination of every site, once per symmetry class of `sym` (null: every site): cations by
// anions, anions by cations (`anion`: is_anion_site() per site). The polyhedron and its CSM
// for every site when `all_shapes`, else only for sites holding `shape_element` ("" : none).
std::vector<SiteEnvironment> site_environments(const Crystal& c, const SymmetryInfo* sym,
                                               const std::vector<char>& anion, bool all_shapes,
                                               const std::string& shape_element);

// Coordination of the network's nodes by anions: CN and ECoN of every node when the network has
// at most tol::max_nodes_with_environment nodes, else only of the nodes on hops; the polyhedron
// and CSM only for nodes on hops (the shape search dominates the cost); cn -1 where not computed.
std::vector<SiteEnvironment> node_environments(const Crystal& c, const std::vector<char>& anion,
                                               const VoidNetwork& network,
                                               const MobilePaths& mobile);

// The mobile ion's coordination along each hop (same order as MobilePaths::hops).
struct HopCoordination {
  // Anions around each node of the hop's path and around its bottleneck point (anions within
  // radius + anion radius + tol::path_coordination_A of the point); bottleneck_cn -1 without
  // anions.
  std::vector<std::vector<int>> node_cn;
  std::vector<int> bottleneck_cn;
  // The intermediate site, the cavity the ion passes between the two sites: among the path's
  // nodes outside both sites' own cavities (farther than tol::site_cavity_A from either site),
  // the one of largest clearance (index into Hop::nodes; -1 when every node belongs to a site's
  // cavity, e.g. two sites sharing a face). Its environment: Voronoi coordination by the anions
  // of the framework (mobile ions removed, as the ion leaving its site sees it); its polyhedron
  // only when `shapes`.
  std::vector<int> intermediate;
  std::vector<SiteEnvironment> intermediate_env;
};
HopCoordination hop_coordination(const Lattice& lattice, const Framework& framework,
                                 const VoidNetwork& network, const MobilePaths& mobile,
                                 bool shapes);

}  // namespace channelmap
