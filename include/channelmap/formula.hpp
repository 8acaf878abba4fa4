// Chemical formulas as pymatgen writes them (Composition.reduced_formula), so that a table of
// channelmap joins a table made with pymatgen on the formula column.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace channelmap {

// Pauling electronegativity of an element (the values pymatgen 2022.11.7 tabulates in
// periodic_table.json); NaN for an element without one (He, Ne, Ar) or an unknown symbol.
double pauling_electronegativity(std::string_view element);

// Element symbols by increasing electronegativity, ties (and elements without one, last) by
// symbol: the order of pymatgen's formulas.
std::vector<std::string> by_electronegativity(std::vector<std::string> symbols);

// The reduced formula of element amounts, as pymatgen's Composition.reduced_formula:
// - amounts all integers (within tol::formula_integer_amount): divided by their greatest common
//   divisor; elements by increasing electronegativity, ties by symbol ("Mg2SiO4", "MgAl2O4");
//   when the two most electronegative elements differ by less than 1.65 and form a group with a
//   factor > 1 among three or more elements, that group is written last in parentheses
//   ("Li3Fe2(PO4)3"); pymatgen's special formulas for peroxides and diatomic elements ("Li2O2",
//   "O2", "H2O2");
// - otherwise: each amount with up to 8 decimals, 1 written as "1" ("Li0.5Fe1O2").
// Amounts <= 0 are dropped; "" when nothing is left.
std::string pymatgen_reduced_formula(const std::map<std::string, double>& amounts);

}  // namespace channelmap
