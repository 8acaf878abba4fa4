#include "channelmap/applicability.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "channelmap/neighbors.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

std::string Applicability::text() const {
  std::string s;
  for (const std::string& r : reasons) s += (s.empty() ? "" : "; ") + r;
  return s;
}

bool is_calibrated_mobile_ion(const std::string& element) {
  static const std::array<const char*, 9> ions = {"Li", "Na", "K",  "Rb", "Mg",
                                                  "Ca", "Sr", "Zn", "Al"};
  return std::any_of(ions.begin(), ions.end(), [&](const char* e) { return element == e; });
}

namespace {
const std::string& majority_element(const Site& s) {
  const Species* best = &s.species.front();
  for (const Species& sp : s.species)
    if (sp.occupancy > best->occupancy) best = &sp;
  return best->element;
}

// Bonds C-C, C-H and N-H (each counted once) shorter than tol::organic_bond_A.
int organic_bonds(const Crystal& c) {
  std::vector<Fractional> pos;
  std::vector<std::string> el;
  for (const Site& s : c.sites) {
    const std::string& e = majority_element(s);
    if (e == "C" || e == "H" || e == "N") {
      pos.push_back(s.frac);
      el.push_back(e);
    }
  }
  if (pos.size() < 2) return 0;
  PeriodicIndex index(c.lattice, pos, 2.0);
  int n = 0;
  for (size_t i = 0; i < pos.size(); ++i) {
    Position p = c.lattice.orthogonalize(pos[i]);
    index.for_each_within(p, tol::organic_bond_A, [&](int j, const Position& q, const Offset&) {
      if (static_cast<size_t>(j) <= i && distance(p, q) < 1e-9) return;  // itself
      if (static_cast<size_t>(j) < i) return;                            // counted from j
      const std::string &a = el[i], &b = el[j];
      bool organic = (a == "C" && (b == "C" || b == "H")) || (b == "C" && a == "H") ||
                     (a == "N" && b == "H") || (a == "H" && b == "N");
      if (organic) ++n;
    });
  }
  return n;
}

std::string fixed(double v, int digits) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(digits) << v;
  return os.str();
}
}  // namespace

Applicability check_applicability(const Report& r) {
  Applicability a;
  if (std::find(r.anion.begin(), r.anion.end(), 1) == r.anion.end())
    a.reasons.push_back("no anion");
  if (r.mobile.sites.empty())
    a.reasons.push_back("no mobile-ion site" +
                        (r.ion.none() ? std::string() : " (" + r.ion.element + ")"));
  if (int n = organic_bonds(r.crystal); n > 0)
    a.reasons.push_back("organic framework: " + std::to_string(n) + " C-C/C-H/N-H bonds");
  const double rho = r.bulk.density_g_cm3;
  if (!(rho >= tol::min_plausible_density_g_cm3 && rho <= tol::max_plausible_density_g_cm3))
    a.reasons.push_back("implausible density: " + fixed(rho, 2) + " g/cm3");
  if (!r.oxidation.assigned) a.reasons.push_back("oxidation states unassigned");
  if (!r.ion.none() && !is_calibrated_mobile_ion(r.ion.element))
    a.reasons.push_back("mobile ion not calibrated: " + r.ion.element);
  return a;
}

}  // namespace channelmap
