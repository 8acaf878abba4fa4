#include "channelmap/radii.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "channelmap/chemistry.hpp"
#include "channelmap/error.hpp"
#include "channelmap/neighbors.hpp"
#include "channelmap/read.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

namespace {}  // namespace

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
  // Each element's Shannon radius (R. D. Shannon, Acta Cryst. A32, 751-767 (1976), the table of
  // src/shannon_table.cpp) for its usual oxidation state (usual_oxidation_state()) at CN 6, or
  // the nearest CN Shannon gives (N3- IV, Ra2+ VIII), high spin where Shannon distinguishes.
  // H+ has only negative radii in Shannon's table: channelmap uses 0 (a point).
  // Built once (every structure asks for it).
  static const RadiusTable table = [] {
    RadiusTable t;
    for (const ShannonEntry& row : shannon_table()) {
      const std::string el = row.element;
      if (t.table_.count(el)) continue;
      const int ox = usual_oxidation_state(el);
      if (ox == 0) continue;
      ShannonRadius s = shannon_radius(el, ox, 6);
      if (s.fallback == RadiusFallback::Default) continue;
      t.table_[el] = RadiusEntry{std::max(0.0, s.radius_A), ox, s.cn, "shannon1976"};
    }
    return t;
  }();
  return table;
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
