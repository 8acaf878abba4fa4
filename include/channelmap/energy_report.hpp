// The mobile ion's energy in one analysed structure (BVSE, docs/energy.md): the grid, its
// percolation energies, a minimum-energy path per symmetry-distinct hop and the predicted
// barrier. compute_energy() returns it; the pipeline (report.hpp) calls it when asked.
#pragma once
#include <array>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "channelmap/energy.hpp"

namespace channelmap {

struct Report;  // channelmap/report.hpp

// The mobile ion's bond-valence site energy in a Report (when AnalysisOptions::energy is on).
struct EnergyReport {
  bool computed = false;
  std::string reason;  // why not computed (options off, states unassigned, no parameters...)
  double grid_A = 0;
  std::array<int, 3> grid_n{0, 0, 0};
  int mobile_charge = 0;               // the charge the field was computed for (Report::ion.charge)
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

// The energy of the Report's mobile ion (r.ion, its charge), from r.crystal, r.oxidation and
// r.states, and r.mobile (sites and hops), on a grid of spacing `grid_A`. Never throws for
// chemistry: the result's reason says why not computed. Appends a warning when it computes the
// paths of only the tol::max_energy_hop_paths shortest distinct hops.
EnergyReport compute_energy(const Report& r, double grid_A, std::vector<std::string>& warnings);

// The positions removed whole from the Report's energy field besides the mobile element: the
// mobile sites (a minority framework species sharing one is elsewhere when the ion sits there).
std::vector<Fractional> energy_removed_positions(const Report& r);

}  // namespace channelmap
