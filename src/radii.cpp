#include "channelmap/radii.hpp"

#include <fstream>
#include <sstream>
#include <vector>

#include "channelmap/error.hpp"
#include "channelmap/neighbors.hpp"
#include "channelmap/read.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

namespace {
struct Row {
  const char* el;
  int ox;
  int cn;
  double r;
};
// R. D. Shannon, Acta Cryst. A32, 751-767 (1976), effective ionic radii (A), most common
// oxidation state, CN 6 unless noted (HS = high spin where Shannon distinguishes).
// H has only negative radii in Shannon's table (CN 1, 2); channelmap uses 0 (a point).
const Row kShannon[] = {
    {"H", 1, 1, 0.0},    {"Li", 1, 6, 0.76},  {"Be", 2, 6, 0.45},  {"B", 3, 6, 0.27},
    {"C", 4, 6, 0.16},   {"N", -3, 4, 1.46},  {"O", -2, 6, 1.40},  {"F", -1, 6, 1.33},
    {"Na", 1, 6, 1.02},  {"Mg", 2, 6, 0.72},  {"Al", 3, 6, 0.535}, {"Si", 4, 6, 0.40},
    {"P", 5, 6, 0.38},   {"S", -2, 6, 1.84},  {"Cl", -1, 6, 1.81}, {"K", 1, 6, 1.38},
    {"Ca", 2, 6, 1.00},  {"Sc", 3, 6, 0.745}, {"Ti", 4, 6, 0.605}, {"V", 5, 6, 0.54},
    {"Cr", 3, 6, 0.615}, {"Mn", 2, 6, 0.83},  {"Fe", 3, 6, 0.645}, {"Co", 2, 6, 0.745},
    {"Ni", 2, 6, 0.69},  {"Cu", 2, 6, 0.73},  {"Zn", 2, 6, 0.74},  {"Ga", 3, 6, 0.62},
    {"Ge", 4, 6, 0.53},  {"As", 5, 6, 0.46},  {"Se", -2, 6, 1.98}, {"Br", -1, 6, 1.96},
    {"Rb", 1, 6, 1.52},  {"Sr", 2, 6, 1.18},  {"Y", 3, 6, 0.90},   {"Zr", 4, 6, 0.72},
    {"Nb", 5, 6, 0.64},  {"Mo", 6, 6, 0.59},  {"Tc", 4, 6, 0.645}, {"Ru", 4, 6, 0.62},
    {"Rh", 3, 6, 0.665}, {"Pd", 2, 6, 0.86},  {"Ag", 1, 6, 1.15},  {"Cd", 2, 6, 0.95},
    {"In", 3, 6, 0.80},  {"Sn", 4, 6, 0.69},  {"Sb", 5, 6, 0.60},  {"Te", -2, 6, 2.21},
    {"I", -1, 6, 2.20},  {"Cs", 1, 6, 1.67},  {"Ba", 2, 6, 1.35},  {"La", 3, 6, 1.032},
    {"Ce", 3, 6, 1.01},  {"Pr", 3, 6, 0.99},  {"Nd", 3, 6, 0.983}, {"Pm", 3, 6, 0.97},
    {"Sm", 3, 6, 0.958}, {"Eu", 3, 6, 0.947}, {"Gd", 3, 6, 0.938}, {"Tb", 3, 6, 0.923},
    {"Dy", 3, 6, 0.912}, {"Ho", 3, 6, 0.901}, {"Er", 3, 6, 0.89},  {"Tm", 3, 6, 0.88},
    {"Yb", 3, 6, 0.868}, {"Lu", 3, 6, 0.861}, {"Hf", 4, 6, 0.71},  {"Ta", 5, 6, 0.64},
    {"W", 6, 6, 0.60},   {"Re", 7, 6, 0.53},  {"Os", 4, 6, 0.63},  {"Ir", 4, 6, 0.625},
    {"Pt", 4, 6, 0.625}, {"Au", 3, 6, 0.85},  {"Hg", 2, 6, 1.02},  {"Tl", 1, 6, 1.50},
    {"Pb", 2, 6, 1.19},  {"Bi", 3, 6, 1.03},  {"Po", 4, 6, 0.94},  {"Fr", 1, 6, 1.80},
    {"Ra", 2, 8, 1.48},  {"Ac", 3, 6, 1.12},  {"Th", 4, 6, 0.94},  {"Pa", 5, 6, 0.78},
    {"U", 6, 6, 0.73},   {"Np", 5, 6, 0.75},  {"Pu", 4, 6, 0.86},  {"Am", 3, 6, 0.975},
};
}  // namespace

const char* radii_set_name(RadiiSet set) {
  return set == RadiiSet::Vdw ? "vdw" : "shannon";
}

std::optional<RadiiSet> parse_radii_set(const std::string& name) {
  if (name == "shannon") return RadiiSet::Shannon;
  if (name == "vdw") return RadiiSet::Vdw;
  return std::nullopt;
}

OrganicCheck check_organic(const Crystal& c) {
  OrganicCheck out;
  std::vector<Fractional> pos;
  std::vector<char> carbon;
  for (const Site& s : c.sites) {
    const Species* main = &s.species.front();
    for (const Species& sp : s.species)
      if (sp.occupancy > main->occupancy) main = &sp;
    if (main->element == "C" || main->element == "H") {
      pos.push_back(s.frac);
      carbon.push_back(main->element == "C");
    }
  }
  if (c.sites.empty()) return out;
  out.ch_share = static_cast<double>(pos.size()) / c.sites.size();
  if (pos.size() >= 2) {
    PeriodicIndex index(c.lattice, pos, 2.0);
    for (size_t i = 0; i < pos.size(); ++i) {
      if (!carbon[i]) continue;  // every bond has a carbon: count from it
      Position p = c.lattice.orthogonalize(pos[i]);
      index.for_each_within(p, tol::organic_bond_A, [&](int j, const Position& q, const Offset&) {
        if (distance(p, q) < 1e-9) return;                     // itself
        if (carbon[j] && static_cast<size_t>(j) < i) return;   // C-C counted from j
        if (carbon[j] && static_cast<size_t>(j) == i) return;  // its own image
        ++out.bonds;
      });
    }
  }
  out.organic = out.bonds > 0 && out.ch_share >= tol::organic_atom_share;
  return out;
}

RadiusTable RadiusTable::shannon_default() {
  RadiusTable t;
  for (const Row& r : kShannon) t.table_[r.el] = RadiusEntry{r.r, r.ox, r.cn, "shannon1976"};
  return t;
}

int RadiusTable::common_oxidation(const std::string& element) {
  for (const Row& r : kShannon)
    if (element == r.el) return r.ox;
  return 0;
}

bool RadiusTable::has(const std::string& element) const {
  return uniform_.has_value() || table_.count(element) != 0;
}

const RadiusEntry& RadiusTable::get(const std::string& element) const {
  if (uniform_) return uniform_entry_;
  auto it = table_.find(element);
  if (it == table_.end()) fail("no radius for element ", element, " (give one with --radii FILE)");
  return it->second;
}

void RadiusTable::set(const std::string& element, double radius_A, const std::string& source) {
  RadiusEntry e;
  if (auto it = table_.find(element); it != table_.end()) e = it->second;
  e.radius_A = radius_A;
  e.source = source;
  table_[element] = e;
}

void RadiusTable::set_uniform(double r) {
  uniform_ = r;
  uniform_entry_ = RadiusEntry{r, 0, 0, "uniform"};
}

void RadiusTable::apply_overrides(const RadiusOverrides& overrides) {
  for (const auto& [el, r] : overrides) set(el, r, "file");
}

namespace {
// The reason an override is refused, "" when it is usable.
std::string override_problem(const std::string& el, double r) {
  if (normalize_element(el) != el) return cat("unknown element '", el, "'");
  if (!(r >= 0) || r > 10) return cat("radius ", r, " A is out of range [0, 10]");
  return {};
}
}  // namespace

void check_radius_overrides(const RadiusOverrides& overrides) {
  for (const auto& [el, r] : overrides)
    if (std::string p = override_problem(el, r); !p.empty()) fail("radius override: ", p);
}

RadiusOverrides read_radius_overrides(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail(path, ": cannot open the radii file");
  RadiusOverrides out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (size_t h = line.find('#'); h != std::string::npos) line.erase(h);
    std::istringstream is(line);
    std::string el, rest;
    double r;
    if (!(is >> el)) continue;
    if (!(is >> r) || (is >> rest)) fail(path, ":", n, ": expected 'Element radius_A'");
    std::string norm = normalize_element(el);
    if (norm.empty()) fail(path, ":", n, ": unknown element '", el, "'");
    if (std::string p = override_problem(norm, r); !p.empty()) fail(path, ":", n, ": ", p);
    out[norm] = r;
  }
  return out;
}

}  // namespace channelmap
