#include "channelmap/descriptors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "channelmap/neighbors.hpp"
#include "channelmap/read.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

bool is_polyanion_centre(const std::string& el) {
  static const std::set<std::string> centres = {"B",  "C",  "N",  "Si", "P", "S",  "As",
                                                "Se", "Cl", "Ge", "Br", "I", "Mo", "W"};
  return centres.count(el) != 0;
}

BulkDescriptors compute_bulk(const Crystal& c, const Framework& fw, const MobilePaths& mobile,
                             const std::string& mobile_element) {
  BulkDescriptors d;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  d.volume_A3 = c.lattice.volume();
  double mass = 0;
  for (const Site& s : c.sites)
    for (const Species& sp : s.species) mass += sp.occupancy * atomic_mass_u(sp.element);
  d.density_g_cm3 = mass * 1.66053906660 / d.volume_A3;  // u/A^3 -> g/cm^3
  double vol = 0;
  for (const Sphere& s : fw.spheres) vol += 4.0 / 3.0 * M_PI * std::pow(s.radius_A, 3);
  d.packing_fraction = vol / d.volume_A3;

  // Anions: framework spheres flagged anion; their occupancy from the crystal sites.
  std::vector<Fractional> anion_pos;
  std::vector<double> anion_occ;
  for (const Sphere& s : fw.spheres)
    if (s.anion) {
      double occ = 0;
      for (const Species& sp : c.sites[s.site].species)
        if (sp.element != mobile_element) occ += sp.occupancy;
      anion_pos.push_back(s.frac);
      anion_occ.push_back(occ);
      d.n_anions += occ;
    }
  d.volume_per_anion_A3 = d.n_anions > 0 ? d.volume_A3 / d.n_anions : nan;
  // Polyanions: a centre with anions within the bond cutoff groups them into one unit.
  std::vector<char> grouped(anion_pos.size(), 0);
  if (!anion_pos.empty()) {
    PeriodicIndex idx(c.lattice, anion_pos, 2.0);
    for (const Sphere& s : fw.spheres) {
      if (s.anion) continue;
      const Site& site = c.sites[s.site];
      if (!is_polyanion_centre(site.species.front().element)) continue;
      int bonded = 0;
      idx.for_each_within(c.lattice.orthogonalize(s.frac), tol::polyanion_bond_A,
                          [&](int j, const Position&, const Offset&) {
                            ++bonded;
                            grouped[j] = 1;
                          });
      if (bonded >= 2) ++d.n_polyanions;
    }
  }
  d.n_anion_units = d.n_polyanions;
  for (size_t j = 0; j < anion_pos.size(); ++j)
    if (!grouped[j]) d.n_anion_units += anion_occ[j];
  d.volume_per_anion_unit_A3 = d.n_anion_units > 0 ? d.volume_A3 / d.n_anion_units : nan;

  d.n_mobile_sites = static_cast<int>(mobile.sites.size());
  std::set<int> classes;
  for (const MobileSite& m : mobile.sites)
    classes.insert(m.site_class >= 0 ? m.site_class : m.site);
  d.n_distinct_mobile_sites = static_cast<int>(classes.size());
  d.shortest_mobile_mobile_A = mobile.sites.empty() ? nan : mobile.shortest_distance_A;
  d.shortest_mobile_cation_A = nan;
  if (!mobile.sites.empty()) {
    std::vector<Fractional> cations;
    for (const Sphere& s : fw.spheres)
      if (!s.anion) cations.push_back(s.frac);
    if (!cations.empty()) {
      PeriodicIndex idx(c.lattice, cations, 2.0);
      double best = std::numeric_limits<double>::infinity();
      for (const MobileSite& m : mobile.sites) {
        Position p = c.lattice.orthogonalize(m.frac);
        for (double r = 4.0; best == std::numeric_limits<double>::infinity() && r < 64; r *= 2)
          idx.for_each_within(p, r, [&](int, const Position& q, const Offset&) {
            double dist = distance(p, q);
            if (dist > 1e-6) best = std::min(best, dist);  // a mixed site is not its own neighbour
          });
        idx.for_each_within(p, best, [&](int, const Position& q, const Offset&) {
          double dist = distance(p, q);
          if (dist > 1e-6) best = std::min(best, dist);
        });
      }
      if (std::isfinite(best)) d.shortest_mobile_cation_A = best;
    }
  }
  return d;
}

}  // namespace channelmap
