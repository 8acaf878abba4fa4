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
  std::vector<char> wyckoff;         // per site of the Crystal, letter
  std::vector<int> equivalent_site;  // per site, index of the first symmetry-equivalent site
  // Index of each distinct class (0, 1, ...) per site.
  std::vector<int> site_class;
  int n_classes = 0;
};

// Throws Error with spglib's own message when spglib fails.
// Sites are told apart by their species (element and occupancy), since spglib cannot see
// partial occupancy.
// Which cell spglib is given when the crystal's cell is a supercell of a smaller one (a
// centred cell, or a P1 file of a centred structure): the whole cell, or the smaller cell (one
// site of each class of sites related by a pure translation; spglib compares every pair of
// sites, so this is much faster on large cells), whose answer is carried back to the sites.
// The two give the same space group, operations, equivalent sites and classes, but spglib may
// then take another origin of the same group, and so another, equivalent, set of Wyckoff
// letters (e.g. 8b and 16c for a spinel's 8a and 16d). Auto: the smaller cell from
// tol::symmetry_reduce_sites sites on, the whole cell below.
enum class SpglibCell { Auto, Whole, Smaller };
SymmetryInfo analyze_symmetry(const Crystal& c, double symprec_A = tol::default_symprec_A,
                              SpglibCell cell = SpglibCell::Auto);

// One operation of a space group in fractional coordinates: x -> rot x + trans.
struct SymmetryOperation {
  std::array<std::array<int, 3>, 3> rot{};
  std::array<double, 3> trans{};
};

// The space group of the points `pos` (told apart by `types`) within `symprec_A`, as spglib
// finds it (spg_get_symmetry): every operation, lattice translations of the cell included.
// Throws Error with spglib's message when spglib fails.
std::vector<SymmetryOperation> symmetry_operations(const Lattice& lattice,
                                                   const std::vector<Fractional>& pos,
                                                   const std::vector<int>& types, double symprec_A);

// The orbits of `seeds` under the space group of the points `pos` (told apart by `types`),
// e.g. the positions equivalent to the mobile sites in the host framework. Each orbit point is
// wrapped into [0, 1); points of one orbit closer than merge_A are one. seed_of[i] gives the
// seed of point i. Throws Error with spglib's message when spglib fails.
std::vector<Fractional> symmetry_orbits(const Lattice& lattice, const std::vector<Fractional>& pos,
                                        const std::vector<int>& types,
                                        const std::vector<Fractional>& seeds, double symprec_A,
                                        double merge_A, std::vector<int>* seed_of);

}  // namespace channelmap
