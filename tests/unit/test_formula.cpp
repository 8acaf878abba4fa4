// pymatgen_reduced_formula against pymatgen 2022.11.7's Composition(d).reduced_formula (each
// expected string printed by /usr/bin/python3 with that pymatgen), and the electronegativities
// it orders by.
#include <catch2/catch.hpp>
#include <cmath>

#include "channelmap/formula.hpp"

using channelmap::pauling_electronegativity;
using channelmap::pymatgen_reduced_formula;

TEST_CASE("reduced formulas as pymatgen writes them", "[formula]") {
  // By electronegativity, divided by the gcd.
  CHECK(pymatgen_reduced_formula({{"Mg", 8}, {"Al", 16}, {"O", 32}}) == "MgAl2O4");
  CHECK(pymatgen_reduced_formula({{"Na", 2}, {"Cl", 2}}) == "NaCl");
  CHECK(pymatgen_reduced_formula({{"H", 2}, {"O", 1}}) == "H2O");
  CHECK(pymatgen_reduced_formula({{"C", 1}, {"H", 4}}) == "H4C");  // H 2.20 < C 2.55
  // A polyanion group with a factor > 1 goes last in parentheses; factor 1 stays plain.
  CHECK(pymatgen_reduced_formula({{"Li", 3}, {"Fe", 2}, {"P", 3}, {"O", 12}}) == "Li3Fe2(PO4)3");
  CHECK(pymatgen_reduced_formula({{"Li", 6}, {"P", 2}, {"S", 8}}) == "Li3PS4");
  // Special formulas: peroxides and diatomic elements.
  CHECK(pymatgen_reduced_formula({{"Li", 2}, {"O", 2}}) == "Li2O2");
  CHECK(pymatgen_reduced_formula({{"O", 4}}) == "O2");
  // Amounts that are not integers: pymatgen's formula, 1 written as "1".
  CHECK(pymatgen_reduced_formula({{"Li", 0.5}, {"Fe", 1}, {"O", 2}}) == "Li0.5Fe1O2");
  CHECK(pymatgen_reduced_formula({{"Mg", 1.5}, {"Al", 1}, {"O", 4}}) == "Mg1.5Al1O4");
  // Nothing: empty.
  CHECK(pymatgen_reduced_formula({}) == "");
  CHECK(pymatgen_reduced_formula({{"O", 0}}) == "");
}

TEST_CASE("Pauling electronegativities", "[formula]") {
  // Values of pymatgen's periodic_table.json (Pauling scale).
  CHECK(pauling_electronegativity("Mg") == 1.31);
  CHECK(pauling_electronegativity("O") == 3.44);
  CHECK(pauling_electronegativity("F") == 3.98);
  CHECK(std::isnan(pauling_electronegativity("He")));
  CHECK(std::isnan(pauling_electronegativity("Xx")));
}
