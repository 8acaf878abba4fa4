// The mobile ion's energy (DESIGN.md section 6a): bond-valence site energy (BVSE) of softBV
// (H. Chen, L. L. Wong, S. Adams, Acta Cryst. B 75, 18 (2019)), on a periodic grid, its
// percolation energies, and minimum-energy paths between two positions. See docs/energy.md.
//
// Model (energies in eV, distances in A), for a mobile ion M with charge q_M at point x:
//   E(x) = sum over anions X within the cutoff of  w_X * D0 [(exp(alpha (Rmin - R)) - 1)^2 - 1] / 2
//        + sum over framework cations C           w_C * 14.40 q_M q_C / R erfc(R / (f (r_M + r_C)))
// with q = V / sqrt(n) (n principal quantum number), r covalent radii (Cordero et al. 2008),
// f = tol::bvse_screening_factor, w the species' occupancy. The factor 1/2 on the Morse term is
// BVlain's (docs/energy.md explains why it is kept). Every atom of the mobile element is removed.
#pragma once
#include <array>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "channelmap/chemistry.hpp"
#include "channelmap/crystal.hpp"
#include "channelmap/framework.hpp"
#include "channelmap/mobile_ion.hpp"
#include "channelmap/neighbors.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

// ---------------------------------------------------------------------------------------------
// Parameters

// One row of the softBV table: Morse parameters of a cation-anion pair.
struct SoftBvParam {
  const char* cation;
  int cation_state;
  const char* anion;
  int anion_state;     // negative
  double r0_A;         // bond-valence R0
  double rmin_A;       // Morse minimum
  double alpha_per_A;  // Morse softness, 1 / b
  double d0_eV;        // Morse depth
  bool estimated;      // not the published value (docs/energy.md, "Estimated rows")
};

// Every row of channelmap's softBV table (src/softbv_table.cpp).
const std::vector<SoftBvParam>& softbv_table();
// The row for a pair, or nullopt.
std::optional<SoftBvParam> softbv_param(const std::string& cation, int cation_state,
                                        const std::string& anion, int anion_state);
// Principal quantum number of the element's valence shell (its period): 0 when unknown.
int principal_quantum_number(const std::string& element);
// Covalent radius (Cordero et al., Dalton Trans. 2832 (2008)) in A; NaN when unknown.
double covalent_radius_A(const std::string& element);
// default_mobile_charge(): channelmap/mobile_ion.hpp.

// ---------------------------------------------------------------------------------------------
// The field

struct EnergyOptions {
  double cutoff_A = tol::bvse_cutoff_A;  // Morse and Coulomb terms beyond this are left out
  double grid_A = tol::bvse_grid_A;      // grid spacing (at most this along each cell vector)
};

// A framework term: one species at one position.
struct BvseTerm {
  Fractional frac;
  double weight = 1;  // occupancy
  bool morse = true;  // anion (Morse) or cation (Coulomb)
  // Morse: rmin, alpha, d0 * tol::bvse_morse_factor. Coulomb: prefactor 14.40 q_M q_C (eV A),
  // screening length f (r_M + r_C) (A).
  double a = 0, b = 0, c = 0;
  // Beyond this distance the term is below tol::bvse_negligible_eV and left out (A); at most
  // the cutoff.
  double reach_A = 0;
  int site = -1;
};

// One kind of term (one Morse or Coulomb parameter set) as a cubic Hermite spline in R: knots
// tol::bvse_table_step_A apart from tol::bvse_table_start_A to the kind's reach, with the exact
// value and derivative at every knot; interval i holds c0 + t (c1 + t (c2 + t c3)), t in [0, 1).
struct BvseTable {
  bool morse = true;
  double a = 0, b = 0, c = 0;  // as BvseTerm
  std::vector<std::array<double, 4>> poly;
};

class BvseField {
 public:
  BvseField() = default;
  // The field of `crystal` for mobile ion `mobile` (charge `mobile_charge` > 0): every species
  // of that element and every species within tol::bvse_mobile_position_A of a position in
  // `also_mobile` is removed. `states` as Report::states ([site][species], 0 = unknown).
  // When the field cannot be built, ok() is false and reason() says why.
  BvseField(const Crystal& crystal, const OxidationStates& states, const std::string& mobile,
            int mobile_charge, const std::vector<Fractional>& also_mobile = {},
            const EnergyOptions& opt = {});
  bool ok() const { return reason_.empty(); }
  const std::string& reason() const { return reason_; }
  const Lattice& lattice() const { return lattice_; }
  const std::vector<BvseTerm>& terms() const { return terms_; }
  const EnergyOptions& options() const { return opt_; }
  const std::string& mobile() const { return mobile_; }
  const PeriodicIndex& index() const { return *index_; }
  int mobile_charge() const { return q_; }
  // Crystal sites removed as mobile.
  const std::vector<int>& removed_sites() const { return removed_; }

  // Energy at a Cartesian point (eV); `grad` receives dE/dx (eV/A) when given. Each term comes
  // from its kind's spline (BvseTable) beyond tol::bvse_table_start_A and exactly closer: within
  // 1e-7 eV of exact_energy() (tests/unit/test_energy.cpp; docs/energy.md, "Tabulated terms").
  double energy(const Position& x, Vec3* grad = nullptr) const;
  // The same sum with every term computed from exp and erfc: the reference for the tests.
  double exact_energy(const Position& x, Vec3* grad = nullptr) const;
  // The splines, one per kind of term, and the kind of each term (what energy_grid() uses).
  const std::vector<BvseTable>& tables() const { return tables_; }
  const std::vector<int>& term_table() const { return term_table_; }

 private:
  Lattice lattice_;
  EnergyOptions opt_;
  std::string mobile_, reason_;
  int q_ = 0;
  std::vector<BvseTerm> terms_;
  std::vector<BvseTable> tables_;
  std::vector<int> term_table_;
  std::vector<int> removed_;
  std::shared_ptr<PeriodicIndex> index_;  // over the terms
};

// The terms of a field near a point, gathered once: energy() at any point within `radius_A`
// of the centre sums the same terms as BvseField::energy() (in another order: the sums differ
// by rounding). For the string method, whose images move a little at each of its iterations:
// a neighbour search per call cost more than the terms themselves.
class BvseLocal {
 public:
  BvseLocal() = default;
  BvseLocal(const BvseField& field, const Position& centre, double radius_A);
  // x within the radius of the centre (a default-constructed BvseLocal covers nothing).
  bool covers(const Position& x) const {
    return field_ && (x - centre_).length_sq() <= radius_A_ * radius_A_;
  }
  // As BvseField::energy(); x must be covered.
  double energy(const Position& x, Vec3* grad = nullptr) const;

 private:
  const BvseField* field_ = nullptr;
  Position centre_;
  double radius_A_ = 0;
  std::vector<double> qx_, qy_, qz_, reach2_, weight_;
  std::vector<int> table_;
};

// Energy on a periodic grid: point (i, j, k) at fractional (i/n0, j/n1, k/n2).
struct EnergyGrid {
  std::array<int, 3> n{0, 0, 0};
  std::vector<double> e;  // eV, index (i * n1 + j) * n2 + k
  // Point indices in increasing energy (ties by index), filled by energy_grid(): the order in
  // which grid_percolation() and every minimum_energy_path() on this grid add points. Empty for
  // a grid filled by hand; the functions then sort themselves.
  std::vector<int> order;
  int index(int i, int j, int k) const { return (i * n[1] + j) * n[2] + k; }
  Fractional frac(int idx) const;
  double min() const;
};

// Grid with at most `spacing_A` between points along each cell vector. Fails (Error) when it
// would have more than tol::max_energy_grid_points points.
EnergyGrid energy_grid(const BvseField& field, double spacing_A);
// The number of points energy_grid() makes for this cell and spacing.
long long energy_grid_points(const Lattice& lattice, double spacing_A);

struct GridMinimum {
  Fractional frac;
  double energy_eV = 0;
  int mobile_site = -1;  // Crystal site within tol::bvse_site_match_A, else -1 (interstitial)
};

struct EnergyPercolation {
  // E_kD (k = 1, 2, 3): lowest energy above the grid minimum at which the points below it
  // link to their own images in k independent directions (eV); NaN when never.
  std::array<double, 3> e_kd_eV{};
  // Translations of the component that first reaches 1D, 2D, 3D (basis of its lattice).
  std::array<std::vector<Offset>, 3> directions;
  double grid_min_eV = 0;  // the reference energy
};

// Exact on the grid: points in increasing energy order into a periodic union-find
// (26-neighbour connectivity, as BVlain's scipy labelling).
EnergyPercolation grid_percolation(const EnergyGrid& grid);

// Local minima of the grid (lower than all 26 neighbours), deduplicated within
// tol::bvse_minimum_merge_A (lowest kept), sorted by energy. `sites`: Crystal sites of the
// mobile ion, to mark minima that are those sites.
std::vector<GridMinimum> grid_minima(const EnergyGrid& grid, const Lattice& lattice,
                                     const Crystal& crystal, const std::vector<int>& sites);

// ---------------------------------------------------------------------------------------------
// Minimum-energy path

struct EnergyPathOptions {
  int images = tol::bvse_string_images;  // images of the refined string (ends included)
  bool refine = true;                    // string-method relaxation on the continuous field
  // The ends may move down the gradient by at most this (A); 0 keeps them at the given points.
  double end_relax_A = tol::bvse_end_relax_A;
  std::optional<Offset> offset;  // target = to + offset; default: image of `to` nearest `from`
};

struct EnergyPathPoint {
  Fractional frac;  // unwrapped (continuous along the path)
  Position cart;
  double s_A = 0;  // distance along the path
  double energy_eV = 0;
  double clearance_A = std::numeric_limits<double>::quiet_NaN();
  int cn = -1;  // anions within clearance + anion radius + tol::path_coordination_A
};

struct EnergyPath {
  bool found = false;
  std::string reason;
  std::vector<EnergyPathPoint> points;  // refined string (or grid path when refine is off)
  double grid_saddle_eV = 0;            // minimax energy on the grid
  double e_start_eV = 0, e_end_eV = 0, e_max_eV = 0, e_min_eV = 0;  // at the relaxed ends
  double e_start_given_eV = 0, e_end_given_eV = 0;                  // at the given positions
  double start_shift_A = 0, end_shift_A = 0;                        // how far the ends relaxed
  // Highest energy along the path minus the lower of the two end energies (eV).
  double barrier_eV = 0;
  Fractional saddle_frac;
  Position saddle_cart;
  double saddle_s_A = 0;
  double length_A = 0;        // along the path
  double hop_distance_A = 0;  // straight line between the ends
  Offset offset{0, 0, 0};     // lattice offset of the target image
};

// Minimax path from `from` to `to` (fractional) on `grid` of `field`, then relaxed as a string.
EnergyPath minimum_energy_path(const BvseField& field, const EnergyGrid& grid,
                               const Fractional& from, const Fractional& to,
                               const EnergyPathOptions& opt = {});

// Several paths on one grid: the same as minimum_energy_path for each, with the grid's minimax
// search done once for all of them.
struct EnergyPathRequest {
  Fractional from, to;
  EnergyPathOptions options;
};
std::vector<EnergyPath> minimum_energy_paths(const BvseField& field, const EnergyGrid& grid,
                                             const std::vector<EnergyPathRequest>& requests);

// Fills clearance_A and cn of every point from the framework (spheres with anion flags).
void add_path_geometry(EnergyPath& path, const Framework& framework);

}  // namespace channelmap

namespace channelmap {

// ---------------------------------------------------------------------------------------------
// One path in one structure (what `channelmap path` runs)

struct PathRequest {
  Fractional from, to;           // fractional positions in the crystal's cell
  std::optional<Offset> offset;  // explicit lattice offset of `to`
  std::string mobile;            // "" = the element of the atom at `from` (none there: no path)
  double grid_A = tol::bvse_grid_A;
  EnergyPathOptions path;
};

struct PathAnalysis {
  bool ok = false;
  std::string reason;  // when not ok
  std::string mobile;
  int mobile_charge = 0;
  // "crystal": states assigned on the whole cell; "host": on the cell without the mobile ion
  // (dilute NEB cells are often not neutral with it); "common": neither is charge neutral (a
  // vacancy in a NEB cell), each element's most common state (anions: bv_anion_state).
  std::string states_from;
  OxidationStates states;  // the states used ([site][species] of the crystal; 0 = none)
  std::array<int, 3> grid_n{0, 0, 0};
  EnergyPercolation percolation;
  EnergyPath path;
  // Per-path descriptors, one flat list of (snake_case name with unit, value); NaN = missing.
  std::vector<std::pair<std::string, double>> descriptors;
  std::vector<std::string> warnings;
};

// The framework whose clearance and anion coordination `path` descriptors use: every atom but
// the mobile element's and the sites in `exclude`, as spheres of Shannon radius for the state
// in `states` at CN 6 (tol::default_ionic_radius_A for state 0); anions are negative states.
// The same definition for `channelmap path` and for the hops of a Report, so that the barrier
// model sees the same descriptors in both.
Framework path_framework(const Crystal& crystal, const OxidationStates& states,
                         const std::string& mobile, const std::vector<int>& exclude = {});

// Chemistry of the host around a path, as descriptors: mobile_radius_A (Shannon, CN 6, for
// `mobile_charge`), anion_radius_A and anion_charge (occupancy-weighted means over the anions),
// cation_charge (the same over framework cations), volume_per_anion_A3 (cell volume / anion
// atoms). The mobile element and the sites in `exclude` are left out.
std::vector<std::pair<std::string, double>> host_descriptors(const Crystal& crystal,
                                                             const OxidationStates& states,
                                                             const std::string& mobile,
                                                             int mobile_charge,
                                                             const std::vector<int>& exclude = {});

// The per-path descriptors (`path --json`'s "descriptors"; docs/energy.md lists them): the
// energy profile, geometry along `path` (add_path_geometry must have run), the percolation
// energies of the grid and the host chemistry. `host` from host_descriptors().
std::vector<std::pair<std::string, double>> path_descriptors(
    const EnergyPath& path, const EnergyPercolation& percolation, int mobile_charge, double grid_A,
    const std::vector<std::pair<std::string, double>>& host);

// Energy path from `from` to `to` in `crystal`: the atom at `from` and every atom of the mobile
// element are removed from the field; oxidation states assigned as described for states_from;
// framework radii for the clearance are Shannon's for the assigned state at CN 6.
PathAnalysis analyze_path(const Crystal& crystal, const PathRequest& request);

// n + 2 cells (00 .. n+1) along the path: the crystal without the atom at `from`, plus the
// mobile ion at equally spaced points of the path (ends included); for NEB inputs.
std::vector<Crystal> path_image_cells(const Crystal& crystal, const PathRequest& request,
                                      const PathAnalysis& analysis, int n);

// n points equally spaced in arc length along the path (ends included).
std::vector<Position> path_images(const EnergyPath& path, int n);

}  // namespace channelmap
