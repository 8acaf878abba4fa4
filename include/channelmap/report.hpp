// One structure's analysis: reading is done; this runs symmetry, framework, network, channels.
#pragma once
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "channelmap/channels.hpp"
#include "channelmap/chemistry.hpp"
#include "channelmap/crystal.hpp"
#include "channelmap/descriptors.hpp"
#include "channelmap/energy.hpp"
#include "channelmap/framework.hpp"
#include "channelmap/network.hpp"
#include "channelmap/paths.hpp"
#include "channelmap/radii.hpp"
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

// ---- energy (BVSE, docs/energy.md) ----
// The mobile ion's bond-valence site energy in a Report (when AnalysisOptions::energy is on).
struct EnergyReport {
  bool computed = false;
  std::string reason;  // why not computed (options off, states unassigned, no parameters...)
  double grid_A = 0;
  std::array<int, 3> grid_n{0, 0, 0};
  int mobile_charge = 0;
  EnergyPercolation percolation;       // E_1D/E_2D/E_3D above the grid minimum
  std::vector<double> site_energy_eV;  // per MobilePaths::sites, at the site position
  std::vector<GridMinimum> minima;     // local minima of the grid (sites and interstitials)
  // Per hop (same order as MobilePaths::hops): the minimum-energy path's barrier (highest
  // energy minus the lower end, eV), its saddle energy and length; NaN when not found.
  std::vector<double> hop_barrier_eV;
  std::vector<double> hop_saddle_eV;
  std::vector<double> hop_path_length_A;
  // Per hop: the per-path descriptors of `channelmap path` (path_descriptors(), same names and
  // definitions), empty when no path was found.
  std::vector<std::vector<std::pair<std::string, double>>> hop_descriptors;
  // Per hop: the predicted NEB barrier (barrier_model.hpp; eV), NaN without descriptors.
  std::vector<double> hop_predicted_em_eV;
  // The structure's predicted barrier (eV): the lowest predicted hop barrier at which hops join
  // mobile sites (occupied or vacant) to their own images (basis "percolating hops"); when the
  // hops never do (dilute cells whose hops reach vacant positions only), the lowest predicted
  // hop barrier (basis "best hop"). NaN without hops.
  double predicted_em_eV = std::numeric_limits<double>::quiet_NaN();
  int predicted_em_hop = -1;  // the hop that decides it
  std::string predicted_em_basis;
};
// ---- end energy ----

// Coordination of one site by anions (cation sites only; cn = -1 elsewhere).
struct SiteEnvironment {
  int cn = -1;             // Voronoi neighbours (solid-angle weight > 0.5) that are anions
  double econ = 0;         // Hoppe's effective coordination number
  std::string polyhedron;  // best ChemEnv shape symbol, e.g. "T:4", "O:6" ("" outside CN 2-12)
  std::string polyhedron_name;
  double csm = 0;  // its continuous shape measure (0 = ideal)
};

// Where a framework sphere's radius came from, per species.
struct RadiusChoice {
  double radius_A = 0;
  int oxidation = 0;  // state the radius is for (0 when not used)
  int cn = 0;         // coordination number asked for (the site's own)
  // "shannon" (exact CN), "shannon-nearest-cn", "shannon-negative-as-0" (H+: Shannon's values
  // are negative, a point is used), "shannon-default" (no entry for the state:
  // the default radius), "element-default" (no oxidation state: the element's CN-6 value for
  // its usual state, usual_oxidation_state()), "vdw-bondi1964" / "vdw-mantina2009" (--radii-set
  // vdw), "file" (AnalysisOptions::radius_overrides: --radii FILE, or the Python module's radii=),
  // "uniform" (--uniform-radius), "mobile" (removed)
  std::string source;
};

struct Report {
  static constexpr const char* schema_version = "0.4";
  Crystal crystal;
  std::optional<SymmetryInfo> symmetry;
  std::string symmetry_error;  // spglib's message when it failed (analysis goes on)
  std::string mobile_element;
  double mobile_radius_A = 0;  // Shannon CN 6 radius of the mobile ion (reference probe)
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
  // Per hop: the intermediate site, the cavity the ion passes between the two sites: among the
  // path's nodes outside both sites' own cavities (farther than tol::site_cavity_A from either
  // site), the one of largest clearance (index into Hop::nodes; -1 when every node belongs to a
  // site's cavity, e.g. two sites sharing a face). Its environment: Voronoi coordination by the
  // anions of the framework (mobile ions removed, as the ion leaving its site sees it).
  std::vector<int> hop_intermediate;
  std::vector<SiteEnvironment> hop_intermediate_env;
  std::vector<std::string> warnings;
  // ---- energy (BVSE, docs/energy.md) ----
  EnergyReport energy;
  // ---- end energy ----
};

// ---- energy (BVSE, docs/energy.md) ----
// Fills r.energy from r.crystal, r.oxidation/r.states and r.mobile (sites and hops); called by
// analyze() when opt.energy is on. Never throws for chemistry: r.energy.reason says why not.
void compute_energy(Report& r, const AnalysisOptions& opt);
// The positions removed whole from the Report's energy field besides the mobile element: the
// mobile sites (a minority framework species sharing one is elsewhere when the ion sits there).
std::vector<Fractional> energy_removed_positions(const Report& r);
// ---- end energy ----

// The radius table the options ask for (built-in Shannon, file overrides, or uniform).
RadiusTable make_radius_table(const AnalysisOptions& opt);

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
