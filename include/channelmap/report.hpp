// One structure's analysis: reading is done; this runs symmetry, framework, network, channels.
#pragma once
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "channelmap/channels.hpp"
#include "channelmap/chemistry.hpp"
#include "channelmap/coordination.hpp"
#include "channelmap/crystal.hpp"
#include "channelmap/descriptors.hpp"
#include "channelmap/energy_report.hpp"
#include "channelmap/framework.hpp"
#include "channelmap/mobile_ion.hpp"
#include "channelmap/network.hpp"
#include "channelmap/paths.hpp"
#include "channelmap/radii.hpp"
#include "channelmap/site_chemistry.hpp"
#include "channelmap/symmetry.hpp"

namespace channelmap {

struct StageTimes;  // channelmap/stage_times.hpp

struct AnalysisOptions {
  std::string mobile_element = "Mg";  // "" = none: every atom is framework
  std::optional<double> probe_A;      // default: the mobile ion's radius
  std::optional<double> uniform_radius_A;
  // Per-element radii (A) replacing the radii set's (--radii FILE, read by
  // read_radius_overrides(); the Python module's radii={...}); RadiusChoice::source "file".
  RadiusOverrides radius_overrides;
  // Shannon's ionic radii (inorganic hosts) or van der Waals radii (molecular and metal-organic
  // frameworks; elements without one keep their Shannon radius, with a warning).
  RadiiSet radii_set = RadiiSet::Shannon;
  double symprec_A = tol::default_symprec_A;
  double min_occupancy = tol::framework_min_occupancy;
  // Merge network vertices as Zeo++ does (0.02 A, smaller radius) to compare Di/Df/Dif with it.
  bool zeopp_compatible = false;
  // Every environment the report can hold: the polyhedron and CSM of every site and the
  // coordination of network nodes (Report::node_environments), as `inspect --json` and the site
  // table show them. false: only what the structure table and the text summary show -- the
  // polyhedron and CSM of sites holding the mobile element; other sites and hop intermediates
  // keep CN and ECoN, without a polyhedron (the hop table's intermediate_polyhedron is empty),
  // and node_environments is empty. No number of the structure table changes; the shape search
  // is most of the geometric analysis's time (docs/benchmark.md). `screen`, `describe` without
  // --sites, --hops or jsonl, and `inspect` without --json use false.
  bool all_environments = true;
  // The Wyckoff letter of every site (SymmetryInfo::wyckoff), from spglib's dataset. false: the
  // letters are '?' and the symmetry is found without the dataset (analyze_symmetry), the same
  // otherwise; on cubic cells the dataset's exact positions for the letters are most of the
  // analysis's time (20 of a spinel's 36 ms). `screen` uses false (its table shows no letters).
  bool wyckoff_letters = true;
  // ---- energy (BVSE, docs/energy.md) ----
  // Compute the mobile ion's energy landscape (Report::energy). Off by default: it costs about
  // as much as the rest of the analysis again (docs/energy.md, "Timing").
  bool energy = false;
  double energy_grid_A = tol::bvse_grid_A;  // grid spacing (A)
  // ---- end energy ----
  // When set, analyze() adds each stage's wall time to it (tools/benchmark/). One analysis at a
  // time: the pointee is not synchronised. Never changes the results.
  StageTimes* stage_times = nullptr;
};

struct Report {
  static constexpr const char* schema_version = "0.4";
  Crystal crystal;
  std::optional<SymmetryInfo> symmetry;
  std::string symmetry_error;  // spglib's message when it failed (analysis goes on)
  MobileIon ion;  // the mobile ion (none: every atom is framework), built once by analyze()
  double probe_A = 0;
  Framework framework;
  VoidNetwork network;
  Percolation percolation;
  ChannelSet channels;
  MobilePaths mobile;  // mobile sites, hops, Rmob
  BulkDescriptors bulk;
  OxidationAssignment oxidation;              // states and where they came from
  std::vector<std::vector<int>> states;       // [site][species] states used (0: unknown)
  std::vector<char> anion;                    // per site: majority species is an anion
  std::vector<SiteEnvironment> environments;  // per Crystal site
  // Anion coordination of network nodes (empty sites): CN and ECoN of every node when the
  // network has at most tol::max_nodes_with_environment nodes, else only of the nodes on hops;
  // polyhedron and CSM only for nodes on hops (cn = -1 where not computed).
  std::vector<SiteEnvironment> node_environments;
  std::vector<std::vector<RadiusChoice>> radii;  // [site][species]
  // Bond valence sum of each cation site's first species (NaN when states are unknown).
  std::vector<double> bvs;
  // Per hop (same order as mobile.hops): anions coordinating the mobile ion at each node of the
  // path, and at the bottleneck point (anions within radius + anion radius +
  // tol::path_coordination_A of the point).
  std::vector<std::vector<int>> hop_node_cn;
  std::vector<int> hop_bottleneck_cn;  // the window's CN
  // Per hop: the intermediate site and its environment (HopCoordination, coordination.hpp).
  std::vector<int> hop_intermediate;
  std::vector<SiteEnvironment> hop_intermediate_env;
  std::vector<std::string> warnings;
  // ---- energy (BVSE, docs/energy.md) ----
  EnergyReport energy;
  // ---- end energy ----
};

// Where the structure's oxidation states came from: "cif" (the input gave every one),
// "bond-valence", "default" (the only charge-neutral combination) or "unassigned".
std::string oxidation_source(const Report& r);

// The mobile site the widest hop starts from, else the first mobile site: an index into
// Crystal::sites, or -1 without mobile sites (the site the mobile_site_* columns describe).
int mobile_site_of_interest(const Report& r);

// Anion CN of the start site of hop `h` (Report::environments), -1 when unknown.
int hop_site_cn(const Report& r, size_t h);
// CN change of hop `h` as Rong et al. (Chem. Mater. 27, 6016 (2015)) define it: intermediate-site
// CN minus site CN (spinel tet -> oct -> tet: 6 - 4 = +2; rock salt oct -> tet -> oct: -2).
// NaN when there is no such hop, no intermediate site, or a CN is unknown.
double hop_cn_change(const Report& r, size_t h);

// Fails (Error, naming the option and the value) on options no analysis can use: a probe or
// uniform radius that is negative or not finite (or above tol::max_probe_A), a symmetry
// tolerance outside (0, tol::max_symprec_A], a minimum occupancy outside [0, 1], an energy grid
// spacing below tol::bvse_min_grid_A. analyze() calls it; the CLI calls it to exit with 2.
void check_options(const AnalysisOptions& opt);

// Runs the whole analysis. Throws Error (with file and block filled in) on failure.
Report analyze(const Crystal& crystal, const AnalysisOptions& opt);

}  // namespace channelmap
