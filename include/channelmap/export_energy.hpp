// The mobile ion's energy grid as files VESTA opens as an isosurface over the structure: VESTA's
// periodic-grid text format (.grd) and Gaussian cube (.cube). Energies in eV relative to the grid
// minimum (0 = the lowest point of the grid). See docs/energy.md, "Exporting the grid".
#pragma once
#include <ostream>
#include <string>

#include "channelmap/energy.hpp"
#include "channelmap/report.hpp"

namespace channelmap {

// A BVSE field and its grid, rebuilt for output (the Report keeps only numbers derived from it).
struct EnergyLandscape {
  bool ok = false;
  std::string reason;  // when not ok
  BvseField field;
  EnergyGrid grid;
};

// The field and grid compute_energy() used for `r` (same crystal, states, mobile ion and charge,
// grid spacing r.energy.grid_A): not ok when r.energy was not computed.
EnergyLandscape report_energy_landscape(const Report& r);

// The field and grid analyze_path() used for `request` (same oxidation states as
// `analysis.states_from` says, the atom at `request.from` removed). Not ok when !analysis.ok.
// (Rebuilt here because PathAnalysis does not keep its grid.)
EnergyLandscape path_energy_landscape(const Crystal& crystal, const PathRequest& request,
                                      const PathAnalysis& analysis);

// The minimum-energy path of hop `h` of `r` on `land` (as compute_energy finds it), with the
// clearance and anion coordination along it (path_framework). found = false when there is no
// such hop or path.
EnergyPath report_hop_energy_path(const Report& r, const EnergyLandscape& land, size_t h);

// VESTA .grd, periodic grid (no repeated last plane): a title line; "a b c alpha beta gamma"
// (A, degrees); "n0 n1 n2"; then n0*n1*n2 values, one per line, the first index (along a)
// varying fastest, then b, then c: value number i + n0 * (j + n1 * k) is the point at
// fractional (i/n0, j/n1, k/n2). Values: energy minus the grid minimum (eV).
void write_energy_grd(std::ostream& os, const EnergyGrid& grid, const Lattice& lattice,
                      const std::string& title);

// Gaussian cube: two comment lines; "natoms ox oy oz" (origin 0, Bohr); per cell vector
// "n_i v_x v_y v_z" with v = cell vector / n_i in Bohr; one line per atom "Z 0.0 x y z" (Bohr;
// one atom per position, its species of largest occupancy); then the values, the last index
// (along c) varying fastest, six per line. Values: energy minus the grid minimum (eV, not
// Hartree; the first comment line says so).
void write_energy_cube(std::ostream& os, const EnergyGrid& grid, const Crystal& crystal,
                       const std::string& title);

// Writes `grid` to `path` as .grd or .cube by its extension; throws Error for another
// extension or when the file cannot be written.
void write_energy_file(const std::string& path, const EnergyGrid& grid, const Crystal& crystal,
                       const std::string& title);

// Throws Error unless `path` ends in .grd or .cube (checked before the analysis runs).
void check_energy_file_name(const std::string& path);

}  // namespace channelmap
