// The per-structure descriptor registry. To add a descriptor, add one entry to the list in
// descriptors() (its place there is its column in the `describe` table); the tables, the JSON
// report and the schema follow.
#include "channelmap/descriptor_registry.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include "channelmap/error.hpp"

namespace channelmap {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double finite_or_nan(double x) {
  return std::isfinite(x) ? x : nan;
}
double ratio(double a, double b) {
  return b > 0 ? a / b : nan;
}
// The widest hop (first of group 0), or null.
const Hop* best_hop(const Report& r) {
  return r.mobile.hops.empty() ? nullptr : &r.mobile.hops[0];
}
// The environment of the mobile site of interest (mobile_site_of_interest), or null.
const SiteEnvironment* mobile_env(const Report& r) {
  int s = mobile_site_of_interest(r);
  return s >= 0 ? &r.environments[s] : nullptr;
}
// The bond valence sum of the mobile site of interest, NaN without one.
double mobile_bvs(const Report& r) {
  int s = mobile_site_of_interest(r);
  return s >= 0 && s < static_cast<int>(r.bvs.size()) ? r.bvs[s] : nan;
}
// Its oxidation state, 0 when unknown or without a mobile site.
int mobile_state(const Report& r) {
  int s = mobile_site_of_interest(r);
  return s >= 0 ? r.states[s][0] : 0;
}

// ---- energy (BVSE) descriptors ----
// E_kD above the grid minimum (k = 1, 2, 3), NaN when the energy was not computed.
double e_kd(const Report& r, int k) {
  return r.energy.computed ? r.energy.percolation.e_kd_eV[k - 1] : nan;
}
// Lowest site energy of the mobile ion's sites above the grid minimum, NaN without one.
double lowest_site_energy(const Report& r) {
  if (!r.energy.computed || r.energy.site_energy_eV.empty()) return nan;
  double m = std::numeric_limits<double>::infinity();
  for (double e : r.energy.site_energy_eV) m = std::min(m, e);
  return m - r.energy.percolation.grid_min_eV;
}
// Lowest BVSE barrier over the hops with a minimum-energy path, NaN without one.
double lowest_hop_barrier(const Report& r) {
  if (!r.energy.computed) return nan;
  double m = nan;
  for (double b : r.energy.hop_barrier_eV)
    if (std::isfinite(b) && !(b >= m)) m = b;
  return m;
}
// Grid minima that are not a mobile site.
double interstitial_minima(const Report& r) {
  if (!r.energy.computed) return nan;
  int n = 0;
  for (const GridMinimum& m : r.energy.minima) n += m.mobile_site < 0;
  return n;
}

using R = const Report&;

}  // namespace

const std::vector<DescriptorUnit>& descriptor_units() {
  static const std::vector<DescriptorUnit> units = {
      {"A", "_A", "angstrom"},
      {"A^3", "_A3", "cubic angstrom"},
      {"deg", "_deg", "degree (angle)"},
      {"g/cm^3", "_g_cm3", "gram per cubic centimetre"},
      {"vu", "_vu", "valence units (bond valence)"},
      {"eV", "_eV", "electronvolt"},
      {"count", "",
       "a number of atoms, sites, hops or neighbours (occupancy-weighted: fractional)"},
      {"1", "", "dimensionless: a ratio, flag, shape measure or index"},
      {"text", "", "text, not a number (table columns only)"},
  };
  return units;
}

const DescriptorUnit& descriptor_unit(std::string_view unit) {
  for (const DescriptorUnit& u : descriptor_units())
    if (unit == u.unit) return u;
  fail("unknown descriptor unit '", unit, "'");
}

bool name_matches_unit(std::string_view name, std::string_view unit) {
  auto ends_with = [&](std::string_view s) {
    return name.size() > s.size() && name.substr(name.size() - s.size()) == s;
  };
  std::string_view suffix = descriptor_unit(unit).suffix;
  if (!suffix.empty()) return ends_with(suffix);
  for (const DescriptorUnit& u : descriptor_units())
    if (*u.suffix && ends_with(u.suffix)) return false;
  return true;
}

const std::vector<Descriptor>& descriptors() {
  static const std::vector<Descriptor> list = {
      {"spacegroup_number", "1", "International Tables number from spglib (empty if it failed)", 0,
       [](R r) { return r.symmetry ? r.symmetry->number : nan; }},
      {"n_atoms", "count", "atom positions in the cell", 0,
       [](R r) { return static_cast<double>(r.crystal.sites.size()); }},
      {"disordered", "1", "1 when some position has partial or mixed occupancy, else 0", 0,
       [](R r) { return r.crystal.is_disordered() ? 1.0 : 0.0; }},
      {"a_A", "A", "cell length a of the cell as read", 4,
       [](R r) { return r.crystal.lattice.a(); }},
      {"b_A", "A", "cell length b", 4, [](R r) { return r.crystal.lattice.b(); }},
      {"c_A", "A", "cell length c", 4, [](R r) { return r.crystal.lattice.c(); }},
      {"alpha_deg", "deg", "cell angle alpha (between b and c)", 3,
       [](R r) { return r.crystal.lattice.alpha(); }},
      {"beta_deg", "deg", "cell angle beta (between a and c)", 3,
       [](R r) { return r.crystal.lattice.beta(); }},
      {"gamma_deg", "deg", "cell angle gamma (between a and b)", 3,
       [](R r) { return r.crystal.lattice.gamma(); }},
      {"volume_A3", "A^3", "cell volume", 4, [](R r) { return r.bulk.volume_A3; }},
      {"density_g_cm3", "g/cm^3", "density", 4, [](R r) { return r.bulk.density_g_cm3; }},
      {"packing_fraction", "1", "framework sphere volume / cell volume (overlaps not subtracted)",
       4, [](R r) { return r.bulk.packing_fraction; }},
      {"mobile_radius_A", "A", "Shannon CN-6 ionic radius of the mobile ion", 3,
       [](R r) { return r.ion.radius_A; }},
      {"n_mobile_sites", "count", "mobile-ion sites in the cell", 0,
       [](R r) { return static_cast<double>(r.bulk.n_mobile_sites); }},
      {"n_distinct_mobile_sites", "count", "symmetry-distinct mobile-ion sites", 0,
       [](R r) { return static_cast<double>(r.bulk.n_distinct_mobile_sites); }},
      {"di_A", "A", "largest included sphere diameter", 5, [](R r) { return r.percolation.di_A; }},
      {"df_A", "A", "largest free sphere diameter", 5, [](R r) { return r.percolation.df_A; }},
      {"dif_A", "A", "largest included sphere reachable along the free-sphere path, diameter", 5,
       [](R r) { return r.percolation.dif_A; }},
      {"dif_min_A", "A",
       "smallest included sphere along a free-sphere path, diameter; below dif_A when several "
       "widest paths pass included spheres of different sizes",
       5, [](R r) { return r.percolation.dif_range_A[0]; }},
      {"rf_1d_A", "A", "largest probe radius with a network channel percolating in >= 1 dimension",
       5, [](R r) { return r.percolation.rf_A[0]; }},
      {"rf_2d_A", "A", "the same for >= 2 dimensions", 5,
       [](R r) { return r.percolation.rf_A[1]; }},
      {"rf_3d_A", "A", "the same for 3 dimensions", 5, [](R r) { return r.percolation.rf_A[2]; }},
      {"rmob_1d_A", "A",
       "largest probe radius joining mobile sites to their images in >= 1 dimension", 5,
       [](R r) { return r.mobile.rmob_A[0]; }},
      {"rmob_2d_A", "A", "the same for >= 2 dimensions", 5, [](R r) { return r.mobile.rmob_A[1]; }},
      {"rmob_3d_A", "A", "the same for 3 dimensions", 5, [](R r) { return r.mobile.rmob_A[2]; }},
      {"rmob_1d_ratio", "1", "rmob_1d_A / mobile_radius_A", 4,
       [](R r) { return ratio(r.mobile.rmob_A[0], r.ion.radius_A); }},
      {"rmob_a_A", "A", "largest probe radius joining mobile sites to images displaced along a", 5,
       [](R r) { return r.mobile.rmob_axis_A[0]; }},
      {"rmob_b_A", "A", "the same along b", 5, [](R r) { return r.mobile.rmob_axis_A[1]; }},
      {"rmob_c_A", "A", "the same along c", 5, [](R r) { return r.mobile.rmob_axis_A[2]; }},
      {"mobile_site_cn", "count",
       "anion coordination number of the mobile site the widest hop starts from", 0,
       [](R r) {
         const SiteEnvironment* e = mobile_env(r);
         return e && e->cn >= 0 ? e->cn : nan;
       }},
      {"mobile_site_csm", "1", "continuous shape measure of its polyhedron (0 = ideal)", 3,
       [](R r) {
         const SiteEnvironment* e = mobile_env(r);
         return e && !e->polyhedron.empty() ? e->csm : nan;
       }},
      {"mobile_site_bvs_vu", "vu", "bond valence sum of that site", 3, mobile_bvs},
      {"mobile_site_bvs_deviation_vu", "vu",
       "bond valence sum of that site minus its oxidation state (empty when the state is unknown)",
       3,
       [](R r) {
         int state = mobile_state(r);
         return state != 0 ? mobile_bvs(r) - state : nan;
       }},
      {"n_hops", "count", "hops between mobile sites in the cell", 0,
       [](R r) { return static_cast<double>(r.mobile.hops.size()); }},
      {"n_distinct_hops", "count", "symmetry-distinct hops", 0,
       [](R r) { return static_cast<double>(r.mobile.n_groups); }},
      {"best_hop_bottleneck_A", "A", "bottleneck radius of the widest hop", 5,
       [](R r) {
         const Hop* h = best_hop(r);
         return h ? h->bottleneck_A : nan;
       }},
      {"best_hop_distance_A", "A", "site-to-site distance of the widest hop", 4,
       [](R r) {
         const Hop* h = best_hop(r);
         return h ? h->distance_A : nan;
       }},
      {"best_hop_path_length_A", "A", "length along the network of the widest hop", 4,
       [](R r) {
         const Hop* h = best_hop(r);
         return h ? h->path_length_A : nan;
       }},
      {"best_hop_bottleneck_cn", "count",
       "anions coordinating the mobile ion at the widest hop's bottleneck", 0,
       [](R r) {
         return r.hop_bottleneck_cn.empty() ? nan : static_cast<double>(r.hop_bottleneck_cn[0]);
       }},
      {"best_hop_cn_change", "count",
       "widest hop's intermediate-site CN minus site CN (Rong et al. 2015; tet -> oct = +2)", 0,
       [](R r) { return hop_cn_change(r, 0); }},
      {"n_anions", "count", "anion atoms in the cell (occupancy-weighted)", 3,
       [](R r) { return r.bulk.n_anions; }},
      {"volume_per_anion_A3", "A^3", "cell volume / anion atoms", 4,
       [](R r) { return r.bulk.volume_per_anion_A3; }},
      {"n_polyanions", "count", "polyanion groups (PO4, SiO4, BH4, ...) in the cell", 0,
       [](R r) { return static_cast<double>(r.bulk.n_polyanions); }},
      {"volume_per_anion_unit_A3", "A^3", "cell volume / anion units, a polyanion counting once", 4,
       [](R r) { return r.bulk.volume_per_anion_unit_A3; }},
      {"shortest_mobile_mobile_A", "A",
       "shortest distance between two mobile sites, images included", 4,
       [](R r) { return r.bulk.shortest_mobile_mobile_A; }},
      {"shortest_mobile_cation_A", "A",
       "shortest distance from a mobile site to a framework cation", 4,
       [](R r) { return r.bulk.shortest_mobile_cation_A; }},
      // ---- energy (BVSE, docs/energy.md); empty when the energy is not computed (see
      // energy_note) ----
      {"e_1d_eV", "eV",
       "BVSE percolation energy: lowest energy above the grid minimum at which the region below "
       "it links a point to its images in >= 1 dimension",
       3, [](R r) { return e_kd(r, 1); }},
      {"e_2d_eV", "eV", "the same for >= 2 dimensions", 3, [](R r) { return e_kd(r, 2); }},
      {"e_3d_eV", "eV", "the same for 3 dimensions", 3, [](R r) { return e_kd(r, 3); }},
      {"mobile_site_energy_eV", "eV",
       "BVSE of the lowest mobile-ion site above the grid minimum (0: the ion sits in the "
       "deepest well; large: BVSE puts the ion elsewhere)",
       3, lowest_site_energy},
      {"best_hop_bvse_barrier_eV", "eV",
       "lowest BVSE barrier over the hops (minimum-energy path: highest energy minus the lower "
       "end)",
       3, lowest_hop_barrier},
      {"predicted_em_eV", "eV",
       "predicted NEB migration barrier of the best percolating hop (the lowest predicted hop "
       "barrier at which hops join mobile sites to their images; docs/barrier_model.md)",
       3, [](const Report& r) { return r.energy.computed ? r.energy.predicted_em_eV : nan; }},
      {"n_interstitial_minima", "count",
       "local minima of the BVSE grid that are not a mobile-ion site (merged within 0.5 A)", 0,
       interstitial_minima},
  };
  return list;
}

const Descriptor& descriptor(std::string_view name) {
  for (const Descriptor& d : descriptors())
    if (name == d.name) return d;
  fail("unknown descriptor '", name, "'");
}

double descriptor_value(const Report& r, std::string_view name) {
  return finite_or_nan(descriptor(name).value(r));
}

std::vector<double> descriptor_values(const Report& r) {
  std::vector<double> v;
  v.reserve(descriptors().size());
  for (const Descriptor& d : descriptors()) v.push_back(finite_or_nan(d.value(r)));
  return v;
}

std::string format_descriptor(double v, int precision) {
  if (!std::isfinite(v)) return "";
  std::ostringstream os;
  os << std::fixed << std::setprecision(precision) << v;
  std::string text = os.str();
  // A value that rounds to zero is "0.000", whatever its sign ("-0.000" would read as a
  // different number: site energies a hair below the grid minimum give it).
  if (text[0] == '-' && text.find_first_not_of("0.", 1) == std::string::npos) text.erase(0, 1);
  return text;
}

}  // namespace channelmap
