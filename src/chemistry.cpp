// Chemistry: Shannon radius look-up. The Shannon rows are in shannon_table.cpp; bond-valence
// parameters and sums are in bond_valence.cpp, oxidation states in oxidation.cpp (all declared in
// chemistry.hpp).
#include "channelmap/chemistry.hpp"

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace channelmap {

const char* to_string(Spin s) {
  return s == Spin::High ? "high" : s == Spin::Low ? "low" : "";
}
const char* to_string(RadiusFallback f) {
  return f == RadiusFallback::Exact       ? "exact"
         : f == RadiusFallback::NearestCn ? "nearest-cn"
                                          : "default";
}

// ---------------------------------------------------------------------------------------------
// Shannon radii

ShannonRadius shannon_radius(const std::string& element, int oxidation, int cn, Spin spin,
                             double default_A) {
  // The table's rows by element, in table order (built once).
  static const std::map<std::string, std::vector<const ShannonEntry*>> by_element = [] {
    std::map<std::string, std::vector<const ShannonEntry*>> m;
    for (const ShannonEntry& e : shannon_table()) m[e.element].push_back(&e);
    return m;
  }();
  std::vector<const ShannonEntry*> rows;
  if (auto it = by_element.find(element); it != by_element.end())
    for (const ShannonEntry* e : it->second)
      if (e->oxidation == oxidation) rows.push_back(e);
  ShannonRadius out;
  if (rows.empty()) {
    out.radius_A = default_A;
    out.fallback = RadiusFallback::Default;
    return out;
  }
  int best_cn = rows.front()->cn;
  for (const ShannonEntry* e : rows) {
    int d = std::abs(e->cn - cn), db = std::abs(best_cn - cn);
    if (d < db || (d == db && e->cn > best_cn)) best_cn = e->cn;
  }
  // Rank rows of that CN: requested spin, no spin, other spin; plain label before SQ/PY.
  auto rank = [&](const ShannonEntry* e) {
    int r = e->spin == spin ? 0 : e->spin == Spin::None ? 1 : 2;
    bool plain = std::string(e->cn_label).find_first_not_of("IVX") == std::string::npos;
    return 2 * r + (plain ? 0 : 1);
  };
  const ShannonEntry* pick = nullptr;
  for (const ShannonEntry* e : rows)
    if (e->cn == best_cn && (!pick || rank(e) < rank(pick))) pick = e;
  out.radius_A = pick->ionic_A;
  out.crystal_A = pick->crystal_A;
  out.cn = pick->cn;
  out.cn_label = pick->cn_label;
  out.spin = pick->spin;
  out.fallback = best_cn == cn ? RadiusFallback::Exact : RadiusFallback::NearestCn;
  return out;
}

}  // namespace channelmap
