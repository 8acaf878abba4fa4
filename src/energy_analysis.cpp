// One energy path in one structure: oxidation states, field, grid, path, geometry, descriptors.
#include <algorithm>
#include <cmath>

#include "channelmap/chemistry.hpp"
#include "channelmap/energy.hpp"
#include "channelmap/error.hpp"
#include "channelmap/site_chemistry.hpp"

namespace channelmap {

namespace {
int site_at(const Crystal& c, const Fractional& f) {
  int best = -1;
  double bd = tol::bvse_mobile_position_A;
  for (size_t i = 0; i < c.sites.size(); ++i) {
    double d = c.lattice.periodic_distance(c.sites[i].frac, f);
    if (d <= bd) bd = d, best = static_cast<int>(i);
  }
  return best;
}

// The crystal without the sites listed.
Crystal without_sites(const Crystal& c, const std::vector<char>& drop) {
  Crystal h = c;
  h.sites.clear();
  for (size_t i = 0; i < c.sites.size(); ++i)
    if (!drop[i]) h.sites.push_back(c.sites[i]);
  return h;
}
}  // namespace

std::vector<Position> path_images(const EnergyPath& path, int n) {
  std::vector<Position> out;
  if (path.points.empty() || n < 2) return out;
  const auto& p = path.points;
  const double total = p.back().s_A;
  size_t seg = 1;
  for (int k = 0; k < n; ++k) {
    double t = total * k / (n - 1);
    while (seg + 1 < p.size() && p[seg].s_A < t) ++seg;
    if (p.size() < 2) {
      out.push_back(p[0].cart);
      continue;
    }
    double len = p[seg].s_A - p[seg - 1].s_A;
    double u = len > 0 ? std::clamp((t - p[seg - 1].s_A) / len, 0.0, 1.0) : 0.0;
    out.push_back(p[seg - 1].cart + (p[seg].cart - p[seg - 1].cart) * u);
  }
  return out;
}

Framework path_framework(const Crystal& c, const OxidationStates& states, const std::string& mobile,
                         const std::vector<int>& exclude) {
  std::vector<char> drop(c.sites.size(), 0);
  for (int i : exclude) drop[i] = 1;
  Crystal host = without_sites(c, drop);
  std::vector<std::vector<double>> rad;
  std::vector<char> anion;
  for (size_t i = 0; i < c.sites.size(); ++i) {
    if (drop[i]) continue;
    std::vector<double> r_site;
    for (size_t k = 0; k < c.sites[i].species.size(); ++k) {
      const Species& sp = c.sites[i].species[k];
      int q = states[i][k];
      double r = tol::default_ionic_radius_A;
      if (q != 0) r = shannon_radius(sp.element, q, tol::bvse_path_radius_cn).radius_A;
      r_site.push_back(std::max(0.0, r));
    }
    rad.push_back(r_site);
    anion.push_back(is_anion_site(c.sites[i], states[i], mobile));
  }
  FrameworkOptions fo;
  fo.mobile_element = mobile;
  return build_framework(host, rad, anion, fo);
}

std::vector<std::pair<std::string, double>> host_descriptors(const Crystal& c,
                                                             const OxidationStates& states,
                                                             const std::string& mobile,
                                                             int mobile_charge,
                                                             const std::vector<int>& exclude) {
  const double nan = std::nan("");
  std::vector<char> drop(c.sites.size(), 0);
  for (int i : exclude) drop[i] = 1;
  double n_an = 0, r_an = 0, q_an = 0, n_cat = 0, q_cat = 0;
  for (size_t i = 0; i < c.sites.size(); ++i) {
    if (drop[i]) continue;
    for (size_t k = 0; k < c.sites[i].species.size(); ++k) {
      const Species& sp = c.sites[i].species[k];
      int q = states[i][k];
      if (sp.element == mobile || q == 0) continue;
      if (q < 0) {
        n_an += sp.occupancy;
        q_an += sp.occupancy * -q;
        r_an += sp.occupancy * shannon_radius(sp.element, q, tol::bvse_path_radius_cn).radius_A;
      } else {
        n_cat += sp.occupancy;
        q_cat += sp.occupancy * q;
      }
    }
  }
  double r_mob = mobile_charge > 0
                     ? shannon_radius(mobile, mobile_charge, tol::bvse_path_radius_cn).radius_A
                     : nan;
  return {
      {"mobile_radius_A", r_mob},
      {"anion_radius_A", n_an > 0 ? r_an / n_an : nan},
      {"anion_charge", n_an > 0 ? q_an / n_an : nan},
      {"cation_charge", n_cat > 0 ? q_cat / n_cat : nan},
      {"volume_per_anion_A3", n_an > 0 ? c.lattice.volume() / n_an : nan},
  };
}

std::vector<std::pair<std::string, double>> path_descriptors(
    const EnergyPath& p, const EnergyPercolation& perc, int mobile_charge, double grid_A,
    const std::vector<std::pair<std::string, double>>& host) {
  // Descriptors.
  const double nan = std::nan("");
  double bottleneck = nan, saddle_clear = nan;
  int cn_min = -1, cn_max = -1;
  size_t i_saddle = 0;
  for (size_t i = 0; i < p.points.size(); ++i) {
    const auto& pt = p.points[i];
    if (!std::isnan(pt.clearance_A))
      bottleneck = std::isnan(bottleneck) ? pt.clearance_A : std::min(bottleneck, pt.clearance_A);
    if (pt.cn >= 0) {
      cn_min = cn_min < 0 ? pt.cn : std::min(cn_min, pt.cn);
      cn_max = std::max(cn_max, pt.cn);
    }
    if (std::abs(pt.s_A - p.saddle_s_A) < std::abs(p.points[i_saddle].s_A - p.saddle_s_A))
      i_saddle = i;
  }
  saddle_clear = p.points[i_saddle].clearance_A;
  // Curvature of the profile at the saddle (central difference along the path).
  double curvature = nan;
  if (i_saddle > 0 && i_saddle + 1 < p.points.size()) {
    double h1 = p.points[i_saddle].s_A - p.points[i_saddle - 1].s_A;
    double h2 = p.points[i_saddle + 1].s_A - p.points[i_saddle].s_A;
    if (h1 > 0 && h2 > 0)
      curvature = 2 *
                  (h1 * p.points[i_saddle + 1].energy_eV + h2 * p.points[i_saddle - 1].energy_eV -
                   (h1 + h2) * p.points[i_saddle].energy_eV) /
                  (h1 * h2 * (h1 + h2));
  }
  auto cn_or_nan = [&](int v) { return v < 0 ? nan : double(v); };
  std::vector<std::pair<std::string, double>> d = {
      {"bvse_barrier_eV", p.barrier_eV},
      {"bvse_barrier_from_start_eV", p.e_max_eV - p.e_start_eV},
      {"grid_barrier_eV", p.grid_saddle_eV - std::min(p.e_start_eV, p.e_end_eV)},
      {"e_start_eV", p.e_start_eV},
      {"e_end_eV", p.e_end_eV},
      {"e_saddle_eV", p.e_max_eV},
      {"e_path_min_eV", p.e_min_eV},
      {"e_end_minus_start_eV", p.e_end_eV - p.e_start_eV},
      {"e_start_given_eV", p.e_start_given_eV},
      {"e_end_given_eV", p.e_end_given_eV},
      {"start_shift_A", p.start_shift_A},
      {"end_shift_A", p.end_shift_A},
      {"path_length_A", p.length_A},
      {"hop_distance_A", p.hop_distance_A},
      {"tortuosity", p.hop_distance_A > 0 ? p.length_A / p.hop_distance_A : nan},
      {"saddle_position", p.length_A > 0 ? p.saddle_s_A / p.length_A : nan},
      {"profile_curvature_eV_per_A2", curvature},
      {"bottleneck_radius_A", bottleneck},
      {"saddle_clearance_A", saddle_clear},
      {"start_clearance_A", p.points.front().clearance_A},
      {"cn_start", cn_or_nan(p.points.front().cn)},
      {"cn_end", cn_or_nan(p.points.back().cn)},
      {"cn_saddle", cn_or_nan(p.points[i_saddle].cn)},
      {"cn_min", cn_or_nan(cn_min)},
      {"cn_max", cn_or_nan(cn_max)},
      {"mobile_charge", double(mobile_charge)},
      {"e_1d_eV", perc.e_kd_eV[0]},
      {"e_2d_eV", perc.e_kd_eV[1]},
      {"e_3d_eV", perc.e_kd_eV[2]},
      {"grid_A", grid_A},
  };
  const double r_mob = [&] {
    for (const auto& [name, v] : host)
      if (name == "mobile_radius_A") return v;
    return nan;
  }();
  d.push_back({"bottleneck_ratio", r_mob > 0 ? bottleneck / r_mob : nan});
  d.insert(d.end(), host.begin(), host.end());
  return d;
}

PathAnalysis analyze_path(const Crystal& c, const PathRequest& rq) {
  PathAnalysis a;
  const int at_from = site_at(c, rq.from);
  a.mobile = rq.mobile;
  if (a.mobile.empty() && at_from >= 0) a.mobile = c.sites[at_from].species.front().element;
  if (a.mobile.empty()) {
    a.reason = "no atom at the start position and no mobile element given (--mobile)";
    return a;
  }
  if (at_from < 0)
    a.warnings.push_back("no atom at the start position; the field is that of the cell as read");
  else if (!c.sites[at_from].has_element(a.mobile))
    a.warnings.push_back("the atom at the start position is " +
                         c.sites[at_from].species.front().element + ", not " + a.mobile +
                         "; it is removed all the same");
  // Oxidation states: the whole cell, else the host without the mobile ion.
  OxidationStates states;
  OxidationAssignment ox = assign_oxidation_states(c);
  std::vector<char> mobile_site(c.sites.size(), 0);
  for (size_t i = 0; i < c.sites.size(); ++i)
    mobile_site[i] = c.sites[i].has_element(a.mobile) || static_cast<int>(i) == at_from;
  if (ox.assigned) {
    states = ox.states;
    a.states_from = "crystal";
    a.mobile_charge = assigned_mobile_charge(c, ox, a.mobile);
  } else {
    Crystal host = without_sites(c, mobile_site);
    OxidationAssignment hox;
    if (!host.sites.empty()) hox = assign_oxidation_states(host);
    states.assign(c.sites.size(), {});
    if (hox.assigned) {
      a.states_from = "host";
      a.warnings.push_back("oxidation states assigned on the host without " + a.mobile + " (" +
                           ox.reason + ")");
      size_t j = 0;
      for (size_t i = 0; i < c.sites.size(); ++i) {
        if (mobile_site[i]) {
          states[i].assign(c.sites[i].species.size(), 0);
          continue;
        }
        states[i] = hox.states[j++];
      }
    } else {
      // NEB cells with a vacancy or an extra ion are neither neutral with nor without the
      // mobile ion: each element's most common state (anions: their bond-valence state).
      a.states_from = "common";
      a.warnings.push_back("oxidation states not assigned (" + ox.reason +
                           "); each element's most common state is used");
      for (size_t i = 0; i < c.sites.size(); ++i)
        for (const Species& sp : c.sites[i].species) {
          int q = bv_anion_state(sp.element);
          if (q == 0) q = usual_oxidation_state(sp.element);
          states[i].push_back(q);
        }
    }
  }
  if (a.mobile_charge == 0) a.mobile_charge = default_mobile_charge(a.mobile);
  a.states = states;
  EnergyOptions eo;
  eo.grid_A = rq.grid_A;
  BvseField field(c, states, a.mobile, a.mobile_charge, {rq.from}, eo);
  if (!field.ok()) {
    a.reason = field.reason();
    return a;
  }
  EnergyGrid grid = energy_grid(field, rq.grid_A);
  a.grid_n = grid.n;
  a.percolation = grid_percolation(grid);
  EnergyPathOptions po = rq.path;
  if (rq.offset) po.offset = rq.offset;
  a.path = minimum_energy_path(field, grid, rq.from, rq.to, po);
  if (!a.path.found) {
    a.reason = a.path.reason;
    return a;
  }
  std::vector<int> exclude;
  if (at_from >= 0) exclude.push_back(at_from);
  try {
    add_path_geometry(a.path, path_framework(c, states, a.mobile, exclude));
  } catch (const std::exception& e) {
    a.warnings.push_back(std::string("no clearance along the path: ") + e.what());
  }
  a.descriptors = path_descriptors(a.path, a.percolation, a.mobile_charge, rq.grid_A,
                                   host_descriptors(c, states, a.mobile, a.mobile_charge, exclude));
  a.ok = true;
  return a;
}

std::vector<Crystal> path_image_cells(const Crystal& c, const PathRequest& rq,
                                      const PathAnalysis& a, int n) {
  std::vector<Crystal> out;
  if (!a.ok) return out;
  std::vector<char> drop(c.sites.size(), 0);
  int at_from = site_at(c, rq.from);
  if (at_from >= 0) drop[at_from] = 1;
  Crystal base = without_sites(c, drop);
  std::vector<Position> pts = path_images(a.path, n + 2);
  // The NEB ends are the given positions (the path's ends may have relaxed).
  if (pts.size() >= 2) {
    pts.front() = c.lattice.orthogonalize(rq.from);
    Offset o = a.path.offset;
    pts.back() =
        c.lattice.orthogonalize(Fractional(rq.to.x + o[0], rq.to.y + o[1], rq.to.z + o[2]));
  }
  for (const Position& p : pts) {
    Crystal img = base;
    Site s;
    s.frac = wrap(c.lattice.fractionalize(p));
    Species sp;
    sp.label = a.mobile + "_path";
    sp.element = a.mobile;
    s.species.push_back(sp);
    img.sites.push_back(s);
    out.push_back(img);
  }
  return out;
}

}  // namespace channelmap
