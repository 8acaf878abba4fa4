// Space-group analysis through spglib.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "channelmap/crystal.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

struct SymmetryInfo {
  int number = 0;      // International Tables number (1..230)
  std::string symbol;  // Hermann-Mauguin symbol as spglib writes it, e.g. "Fd-3m"
  std::string hall_symbol;
  double symprec_A = tol::default_symprec_A;
  int n_operations = 0;
  std::vector<char> wyckoff;         // per site of the Crystal, letter ('?': not asked for)
  std::vector<int> equivalent_site;  // per site, index of the first symmetry-equivalent site
  // Index of each distinct class (0, 1, ...) per site.
  std::vector<int> site_class;
  int n_classes = 0;
};

// Throws Error with spglib's own message when spglib fails.
// Sites are told apart by their species (element and occupancy), since spglib cannot see
// partial occupancy.
// What spglib is given. Whole: the cell as it is, its sites told apart by species. Smaller:
// when the cell is a supercell of a smaller one (a centred cell, or a P1 file of a centred
// structure), the smaller cell (one site of each class of sites related by a pure translation;
// spglib compares every pair of sites, so this is much faster on large cells), whose answer is
// carried back to the sites; and in either cell the sites told apart by their orbits under
// channelmap's own operations (find_symmetry_operations) as well as by species, so that spglib
// searches translations among a few sites instead of all those of an element (a 2,572-site
// carbon nanotube: 1.5 s -> 0.1 s), and a cell whose only operation is the identity is P1
// without asking spglib. The two give the same space group, operations,
// equivalent sites and classes, but spglib may then take another origin of the same group, and
// so another, equivalent, set of Wyckoff letters (e.g. 8b and 16c for a spinel's 8a and 16d).
// Auto: Smaller from tol::symmetry_reduce_sites sites on, Whole below.
enum class SpglibCell { Auto, Whole, Smaller };
// `wyckoff_letters` false (below tol::symmetry_reduce_sites sites): no Wyckoff letters (each
// '?'), and no spglib dataset: the operations are channelmap's own (find_symmetry_operations),
// spglib names their space-group type (spg_get_spacegroup_type_from_symmetry), and the
// equivalent sites are their orbits. A cell whose own operations differ at half the tolerance
// (near the tolerance, where spglib may decide otherwise), or a supercell whose lattice does
// not keep every operation of its smaller cell (spglib names the group by those), takes the
// dataset, letters and all. The same number, symbols, operation count, equivalent sites and
// classes as the dataset on 750 corpus structures (tests/unit/test_symmetry.cpp), and the same
// screen table of the whole corpus, at a fifth of the dataset's cost on cubic cells,
// where spglib's exact positions for the letters take 20 ms. For callers that show no letters
// (the screen table).
SymmetryInfo analyze_symmetry(const Crystal& c, double symprec_A = tol::default_symprec_A,
                              SpglibCell cell = SpglibCell::Auto, bool wyckoff_letters = true);

// One operation of a space group in fractional coordinates: x -> rot x + trans.
struct SymmetryOperation {
  std::array<std::array<int, 3>, 3> rot{};
  std::array<double, 3> trans{};
  // rot x + trans (not wrapped into the cell).
  Fractional apply(const Fractional& x) const {
    Fractional y;
    for (int i = 0; i < 3; ++i)
      y[i] = trans[i] + rot[i][0] * x[0] + rot[i][1] * x[1] + rot[i][2] * x[2];
    return y;
  }
};

// The space group of the points `pos` (told apart by `types`) within `symprec_A`, as spglib
// finds it (spg_get_symmetry): every operation, lattice translations of the cell included.
// Throws Error with spglib's message when spglib fails.
std::vector<SymmetryOperation> symmetry_operations(const Lattice& lattice,
                                                   const std::vector<Fractional>& pos,
                                                   const std::vector<int>& types, double symprec_A);

// The same operations found by channelmap itself, without spglib (src/symmetry_search.cpp):
// the rotations of the lattice that keep its metric within symprec_A (spglib's test of lengths
// and angles), each with every translation that takes each point within symprec_A of a point of
// its type; the translation is the one that takes the points closest to their images on
// average; the whole closed into the group it generates. No space-group type, no
// standardization, no idealized positions: spglib computes all of these for any query, which
// makes it slow on small cells of high symmetry (23 ms on a 56-site spinel). Where spglib, after
// identifying the type, goes on at a smaller tolerance, these can be more than spglib's
// (tests/unit/test_symmetry.cpp compares the two on 2,235 corpus cells and hosts at 0.1 A and
// 1e-7 A: the same on all but one cell and its host at 0.1 A, where these hold spglib's).
std::vector<SymmetryOperation> find_symmetry_operations(const Lattice& lattice,
                                                        const std::vector<Fractional>& pos,
                                                        const std::vector<int>& types,
                                                        double symprec_A);
// The same at symprec_A (`ops`) and at a smaller tolerance (`smaller_ops`) in one pass, each
// what a call at that tolerance gives.
void find_symmetry_operations(const Lattice& lattice, const std::vector<Fractional>& pos,
                              const std::vector<int>& types, double symprec_A, double smaller_A,
                              std::vector<SymmetryOperation>* ops,
                              std::vector<SymmetryOperation>* smaller_ops);

// The orbits of `seeds` under the operations `ops` (a space group, e.g. the host framework's,
// for the positions equivalent to the mobile sites). The images of a seed closer than merge_A
// are one point, their mean (so the points do not depend on the order of the operations), and
// a seed's points come in order of their coordinates; each point is wrapped into [0, 1); a
// point closer than merge_A to a point of an earlier seed is left out. seed_of[i] gives the seed
// of point i.
std::vector<Fractional> symmetry_orbits(const Lattice& lattice,
                                        const std::vector<SymmetryOperation>& ops,
                                        const std::vector<Fractional>& seeds, double merge_A,
                                        std::vector<int>* seed_of);

}  // namespace channelmap
