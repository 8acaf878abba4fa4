// Chemistry of a crystal: Shannon ionic radii, bond-valence parameters and sums, and oxidation
// states (from the CIF, or assigned by charge neutrality and bond valence).
//
// Conventions
// - Oxidation states are per site and per species, in the shape of Crystal::sites[i].species:
//   `states[i][s]` is the state of species s on site i.
// - A bond valence sum is reported as a positive number for cations and anions alike; compare
//   it with |oxidation state|.
// - A cation-anion pair is a bond when the two states have opposite signs and the distance is at
//   most R0 + tol::bv_cutoff_margin_A, R0 being the largest tabulated for that element pair
//   (so the cutoff does not change with the state being tried). Each bond counts with the
//   occupancy of the neighbour species: s = occ * exp((R0 - d) / b).
#pragma once
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "channelmap/crystal.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

// ---------------------------------------------------------------------------------------------
// Shannon (1976) effective ionic radii

enum class Spin { None, High, Low };
const char* to_string(Spin s);  // "", "high", "low"

// One row of Shannon's Table 1 (R. D. Shannon, Acta Cryst. A32, 751 (1976)).
struct ShannonEntry {
  const char* element;
  int oxidation;
  int cn;                // coordination number
  const char* cn_label;  // Shannon's label: "VI", "IVSQ" (square planar), "IVPY", "IIIPY", ...
  Spin spin;             // Spin::None where Shannon gives no spin state
  double ionic_A;        // effective ionic radius
  double crystal_A;      // crystal radius (ionic + 0.14 A for cations, - 0.14 A for anions)
};

// Every row of the built-in table (492 rows; src/shannon_table.cpp says where they come from).
const std::vector<ShannonEntry>& shannon_table();

enum class RadiusFallback {
  Exact,      // Shannon lists this element, oxidation state and CN
  NearestCn,  // not this CN: the nearest tabulated CN (a tie goes to the larger CN)
  Default,    // nothing for this element and oxidation state: the caller's default radius
};
const char* to_string(RadiusFallback f);  // "exact", "nearest-cn", "default"

struct ShannonRadius {
  double radius_A = 0;                                          // effective ionic radius
  double crystal_A = std::numeric_limits<double>::quiet_NaN();  // crystal radius (NaN: Default)
  int cn = 0;              // CN of the tabulated value used (0 for Default)
  std::string cn_label;    // its Shannon label ("" for Default)
  Spin spin = Spin::None;  // its spin state
  RadiusFallback fallback = RadiusFallback::Exact;
};

// Shannon radius of `element` in `oxidation` at coordination `cn`: the exact CN, else the
// nearest tabulated CN (ties -> the larger CN), else `default_A` (fallback Default).
// Among rows of one CN: the requested spin first, then rows without a spin state, then the other
// spin; the plain geometry (IV) before square-planar/pyramidal variants (IVSQ, IVPY).
ShannonRadius shannon_radius(const std::string& element, int oxidation, int cn,
                             Spin spin = Spin::High,
                             double default_A = tol::default_ionic_radius_A);

// ---------------------------------------------------------------------------------------------
// Bond valence

enum class BvSource {
  BrownAltermatt1985,  // I. D. Brown & D. Altermatt, Acta Cryst. B41, 244 (1985)
  BreseOKeeffe1991,    // N. E. Brese & M. O'Keeffe, Acta Cryst. B47, 192 (1991)
};
const char* to_string(BvSource s);  // "brown-altermatt-1985", "brese-okeeffe-1991"

enum class BvMatch {
  State,         // a value for this cation oxidation state
  AnyState,      // Brese & O'Keeffe's value given without an oxidation state
  NearestState,  // no value for this state: that of the nearest tabulated state of the cation
};
const char* to_string(BvMatch m);  // "state", "any-state", "nearest-state"

struct BondValenceParam {
  double r0_A = 0;
  double b_A = tol::bv_b_A;
  BvSource source = BvSource::BreseOKeeffe1991;
  BvMatch match = BvMatch::State;
  int table_state = 0;  // cation state of the row used (0 for AnyState)
};

// The anions of the bond-valence table and their state: O, S, Se, Te (-2), F, Cl, Br, I (-1),
// N (-3). Returns 0 for any other element.
int bv_anion_state(const std::string& element);

// The one rule for an anion site, used by every step (site chemistry, coordination filters,
// frameworks, the path's host): the site's majority species (the first listed on a tie),
// leaving out `mobile`, has a negative oxidation state; where that species' state is unknown
// (0), its element decides (bv_anion_state() < 0: N, O, F, S, Cl, Se, Br, Te, I). A site
// holding only the mobile element is not an anion site.
bool is_anion_site(const Site& site, const std::vector<int>& states,
                   const std::string& mobile = "");
// The same with the input's own states (Species::oxidation; absent or 0 = unknown: some CIFs
// list 0 for every type).
bool is_anion_site(const Site& site, const std::string& mobile = "");

// R0 (and b) for a cation-anion pair. The anion must be one of bv_anion_state's with that state;
// nullopt when the table has nothing for the pair. Order of preference: a value for this
// cation state (Brown & Altermatt 1985 where they give one, Brese & O'Keeffe 1991 otherwise,
// except Si-O where Brese & O'Keeffe's 1.624 A is preferred, following the order of reliability
// in Brown's accumulated table); then Brese & O'Keeffe's value without a state; then the value
// for the nearest tabulated state of the cation (a tie goes to the higher state).
std::optional<BondValenceParam> bond_valence_param(const std::string& cation, int cation_state,
                                                   const std::string& anion, int anion_state);

// Largest R0 tabulated for the element pair over every cation state (A); nullopt if none.
std::optional<double> bond_valence_max_r0(const std::string& cation, const std::string& anion);

using OxidationStates = std::vector<std::vector<int>>;  // [site][species]

struct BondValenceSum {
  double value = 0;                  // v.u., positive for cations and anions
  int bonds = 0;                     // neighbour species counted
  bool complete = true;              // false when a bonded pair has no parameters
  std::vector<std::string> missing;  // such pairs, e.g. "Pm3+-S2-"
};

// Bond valence sum of species `species` on site `site`, the states of every atom given by
// `states` (shape of crystal.sites). Throws Error when the shape does not match.
BondValenceSum bond_valence_sum(const Crystal& crystal, size_t site, const OxidationStates& states,
                                size_t species = 0);
// The same for every site and species (one neighbour search).
std::vector<std::vector<BondValenceSum>> bond_valence_sums(const Crystal& crystal,
                                                           const OxidationStates& states);

// ---------------------------------------------------------------------------------------------
// Oxidation states

// The oxidation states channelmap tries for an element, ascending (a documented table, in the
// spirit of pymatgen's common oxidation states, widened to the states of transition metals met
// in battery materials); empty for elements it has none for (noble gases, heavy actinides).
const std::vector<int>& common_oxidation_states(const std::string& element);

// The element's usual state, one of common_oxidation_states(): the state taken when nothing
// says otherwise -- a neighbour's state in the charge search, the default radius of an atom
// without a state (RadiusTable::shannon_default), the states of a path's host when no
// assignment is neutral; 0 for elements without states. The one place this fact lives.
int usual_oxidation_state(const std::string& element);

enum class StateSource {
  Cif,          // given by the input file for every species
  BondValence,  // chosen among charge-neutral combinations by bond valence sums
  Default,      // the only charge-neutral combination, no bond valence sum to check it
};
const char* to_string(StateSource s);  // "cif", "bond-valence", "default"

struct OxidationOptions {
  long max_combinations = tol::max_oxidation_combinations;
  long max_dp_cells = tol::max_oxidation_dp_cells;
};

struct OxidationAssignment {
  bool assigned = false;
  std::string reason;      // when not assigned: why; otherwise empty
  OxidationStates states;  // [site][species], when assigned
  std::vector<std::vector<StateSource>> sources;
  std::string method;  // "cif", "exhaustive" or "charge-dp"
  // Sum over sites and species with a complete bond valence sum of occ * (BVS - |state|)^2
  // for the chosen states (v.u.^2); NaN for "cif".
  double score = std::numeric_limits<double>::quiet_NaN();
  long neutral_candidates = 0;  // charge-neutral combinations scored
  // Remarks on an assignment, e.g. how clearly bond valence places the two states of a
  // mixed-valence element on distinct sites.
  std::vector<std::string> notes;
};

// Oxidation state of every species on every site.
// - If the input gave a state for every species: those (source Cif).
// - Otherwise (states given for only some species are not used): species are grouped by
//   (CIF label, element) -- sites generated from one CIF label share a state. Each group takes a
//   state from common_oxidation_states(element); an element takes one state, or two states
//   adjacent in its list (mixed valence across distinct sites, e.g. Fe2+/Fe3+, Pb2+/Pb4+).
//   Among the combinations that are charge neutral (occupancy-weighted over the cell, within
//   tol::occupancy_uncertainty per partially occupied species), the one with the smallest
//   score (sum over cations and anions of occ * (BVS - |state|)^2) wins.
//   Ties go to the first combination found (states in ascending order).
//   Search: exhaustive (with charge bounds) when the number of combinations is at most
//   options.max_combinations; otherwise (many labels: P1 cells, POSCAR files, whose labels are
//   per atom) a dynamic programme over the total charge, once per choice of one state or two
//   adjacent states for each element, in which each group's cost is its own squared deviation
//   with its neighbours in their usual state (exact for a cation's own term; it leaves out how
//   a cation's state changes its anions' sums); each programme's optimum is then scored exactly.
// - With no complete bond valence sum at all (no parameters), a single neutral combination is
//   taken with source Default; several are not chosen among.
// - When no combination is charge neutral, or the search would exceed its limits, or an element
//   has no known states, `assigned` is false and `reason` says why; nothing is guessed.
// - For a mixed-valence element, `notes` says how many atoms take each state and by how much the
//   bond valence sums separate the two sets of sites (too little: the charge is certain, the
//   sites are not).
OxidationAssignment assign_oxidation_states(const Crystal& crystal,
                                            const OxidationOptions& options = {});

}  // namespace channelmap
