#include "channelmap/formula.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "channelmap/tolerances.hpp"

namespace channelmap {

namespace {
// Pauling electronegativities of H..Lr as pymatgen 2022.11.7 tabulates them (NaN: none given).
struct ElementX {
  const char* symbol;
  double x;
};
constexpr double none = std::numeric_limits<double>::quiet_NaN();
constexpr std::array<ElementX, 103> pauling = {{
    {"H", 2.2},   {"He", none}, {"Li", 0.98}, {"Be", 1.57}, {"B", 2.04},  {"C", 2.55},
    {"N", 3.04},  {"O", 3.44},  {"F", 3.98},  {"Ne", none}, {"Na", 0.93}, {"Mg", 1.31},
    {"Al", 1.61}, {"Si", 1.9},  {"P", 2.19},  {"S", 2.58},  {"Cl", 3.16}, {"Ar", none},
    {"K", 0.82},  {"Ca", 1.0},  {"Sc", 1.36}, {"Ti", 1.54}, {"V", 1.63},  {"Cr", 1.66},
    {"Mn", 1.55}, {"Fe", 1.83}, {"Co", 1.88}, {"Ni", 1.91}, {"Cu", 1.9},  {"Zn", 1.65},
    {"Ga", 1.81}, {"Ge", 2.01}, {"As", 2.18}, {"Se", 2.55}, {"Br", 2.96}, {"Kr", 3.0},
    {"Rb", 0.82}, {"Sr", 0.95}, {"Y", 1.22},  {"Zr", 1.33}, {"Nb", 1.6},  {"Mo", 2.16},
    {"Tc", 1.9},  {"Ru", 2.2},  {"Rh", 2.28}, {"Pd", 2.2},  {"Ag", 1.93}, {"Cd", 1.69},
    {"In", 1.78}, {"Sn", 1.96}, {"Sb", 2.05}, {"Te", 2.1},  {"I", 2.66},  {"Xe", 2.6},
    {"Cs", 0.79}, {"Ba", 0.89}, {"La", 1.1},  {"Ce", 1.12}, {"Pr", 1.13}, {"Nd", 1.14},
    {"Pm", 1.13}, {"Sm", 1.17}, {"Eu", 1.2},  {"Gd", 1.2},  {"Tb", 1.1},  {"Dy", 1.22},
    {"Ho", 1.23}, {"Er", 1.24}, {"Tm", 1.25}, {"Yb", 1.1},  {"Lu", 1.27}, {"Hf", 1.3},
    {"Ta", 1.5},  {"W", 2.36},  {"Re", 1.9},  {"Os", 2.2},  {"Ir", 2.2},  {"Pt", 2.28},
    {"Au", 2.54}, {"Hg", 2.0},  {"Tl", 1.62}, {"Pb", 2.33}, {"Bi", 2.02}, {"Po", 2.0},
    {"At", 2.2},  {"Rn", 2.2},  {"Fr", 0.7},  {"Ra", 0.9},  {"Ac", 1.1},  {"Th", 1.3},
    {"Pa", 1.5},  {"U", 1.38},  {"Np", 1.36}, {"Pu", 1.28}, {"Am", 1.3},  {"Cm", 1.3},
    {"Bk", 1.3},  {"Cf", 1.3},  {"Es", 1.3},  {"Fm", 1.3},  {"Md", 1.3},  {"No", 1.3},
    {"Lr", 1.3},
}};

// pymatgen's formula_double_format: an integer without decimals ("" for 1 when `ignore_ones`),
// otherwise rounded to 8 decimals and written shortest.
std::string amount_text(double v, bool ignore_ones) {
  if (ignore_ones && v == 1) return "";
  if (v == std::round(v)) return std::to_string(std::llround(v));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.8f", v);
  std::string s = buf;
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// pymatgen's reduce_formula on integer amounts: the formula and the factor divided out.
std::pair<std::string, long> reduce_integers(const std::vector<std::pair<std::string, long>>& in) {
  std::vector<std::string> symbols;
  long factor = 0;
  for (const auto& [el, n] : in) {
    symbols.push_back(el);
    factor = std::gcd(factor, n);
  }
  if (factor == 0) factor = 1;
  auto amount = [&](const std::string& el) {
    for (const auto& [e, n] : in)
      if (e == el) return n;
    return 0L;
  };
  std::vector<std::string> syms = by_electronegativity(symbols);
  std::string polyanion;
  const size_t n = syms.size();
  if (n >= 3 && pauling_electronegativity(syms[n - 1]) - pauling_electronegativity(syms[n - 2]) <
                    tol::formula_polyanion_electronegativity) {
    auto [form, poly_factor] = reduce_integers(
        {{syms[n - 2], amount(syms[n - 2]) / factor}, {syms[n - 1], amount(syms[n - 1]) / factor}});
    if (poly_factor != 1) polyanion = "(" + form + ")" + std::to_string(poly_factor);
  }
  if (!polyanion.empty()) syms.resize(n - 2);
  std::string out;
  for (const std::string& el : syms)
    out += el + amount_text(static_cast<double>(amount(el)) / factor, true);
  return {out + polyanion, factor};
}
}  // namespace

std::vector<std::string> by_electronegativity(std::vector<std::string> v) {
  std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) {
    double xa = pauling_electronegativity(a), xb = pauling_electronegativity(b);
    if (std::isnan(xa) != std::isnan(xb)) return std::isnan(xb);
    if (!std::isnan(xa) && xa != xb) return xa < xb;
    return a < b;
  });
  return v;
}

double pauling_electronegativity(std::string_view element) {
  for (const ElementX& e : pauling)
    if (element == e.symbol) return e.x;
  return none;
}

std::string pymatgen_reduced_formula(const std::map<std::string, double>& amounts) {
  std::vector<std::pair<std::string, double>> kept;
  for (const auto& [el, n] : amounts)
    if (n > 0) kept.emplace_back(el, n);
  if (kept.empty()) return "";
  bool integral = std::all_of(kept.begin(), kept.end(), [](const auto& p) {
    return std::fabs(p.second - std::round(p.second)) < tol::formula_integer_amount;
  });
  if (!integral) {  // pymatgen's Composition.formula without spaces
    std::vector<std::string> symbols;
    for (const auto& p : kept) symbols.push_back(p.first);
    std::string out;
    for (const std::string& el : by_electronegativity(symbols))
      out += el + amount_text(amounts.at(el), false);
    return out;
  }
  std::vector<std::pair<std::string, long>> ints;
  for (const auto& [el, n] : kept) ints.emplace_back(el, std::lround(n));
  std::string formula = reduce_integers(ints).first;
  static const std::array<std::pair<const char*, const char*>, 11> special = {{{"LiO", "Li2O2"},
                                                                               {"NaO", "Na2O2"},
                                                                               {"KO", "K2O2"},
                                                                               {"HO", "H2O2"},
                                                                               {"CsO", "Cs2O2"},
                                                                               {"RbO", "Rb2O2"},
                                                                               {"O", "O2"},
                                                                               {"N", "N2"},
                                                                               {"F", "F2"},
                                                                               {"Cl", "Cl2"},
                                                                               {"H", "H2"}}};
  for (const auto& [from, to] : special)
    if (formula == from) return to;
  return formula;
}

}  // namespace channelmap
