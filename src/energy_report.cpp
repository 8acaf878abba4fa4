#include "channelmap/energy_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "channelmap/barrier_model.hpp"
#include "channelmap/error.hpp"
#include "channelmap/report.hpp"
#include "periodic_union_find.hpp"

namespace channelmap {

namespace {
// The predicted barrier of every hop with descriptors and of the structure (EnergyReport).
void predict_barriers(const Report& r, EnergyReport& er) {
  const auto& hops = r.mobile.hops;
  er.hop_predicted_em_eV.assign(hops.size(), std::nan(""));
  er.predicted_em_eV = std::nan("");
  er.predicted_em_hop = -1;
  er.predicted_em_basis.clear();
  std::vector<int> order;
  for (size_t h = 0; h < hops.size() && h < er.hop_descriptors.size(); ++h) {
    if (er.hop_descriptors[h].empty()) continue;
    DescriptorMap d(er.hop_descriptors[h].begin(), er.hop_descriptors[h].end());
    er.hop_predicted_em_eV[h] = predict_barrier_eV(d);
    order.push_back(static_cast<int>(h));
  }
  if (order.empty()) return;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return er.hop_predicted_em_eV[a] < er.hop_predicted_em_eV[b];
  });
  // Hops in increasing predicted barrier into a union-find over occupied and vacant sites that
  // tracks lattice offsets: the first hop that closes a loop with a translation percolates.
  const int n_sites = static_cast<int>(r.mobile.sites.size());
  detail::PeriodicUnionFind uf(r.mobile.sites.size() + r.mobile.vacancies.size());
  for (int h : order) {
    const Hop& hop = hops[h];
    int to = hop.to_vacant ? n_sites + hop.to : hop.to;
    int root = uf.unite(hop.from, to, hop.offset);
    if (uf.lattice(root).rank() >= 1) {
      er.predicted_em_eV = er.hop_predicted_em_eV[h];
      er.predicted_em_hop = h;
      er.predicted_em_basis = "percolating hops";
      return;
    }
  }
  er.predicted_em_hop = order.front();
  er.predicted_em_eV = er.hop_predicted_em_eV[order.front()];
  er.predicted_em_basis = "best hop";
}
}  // namespace

EnergyReport compute_energy(const Report& r, double grid_A, std::vector<std::string>& warnings) {
  EnergyReport er;
  er.grid_A = grid_A;
  if (r.ion.none()) {
    er.reason = "no mobile ion";
    return er;
  }
  if (!r.oxidation.assigned) {
    er.reason = "oxidation states not assigned: " + r.oxidation.reason;
    return er;
  }
  er.mobile_charge = r.ion.charge;
  if (long long n = energy_grid_points(r.crystal.lattice, grid_A);
      n > tol::max_energy_grid_points) {
    er.reason = cat("energy grid of ", n, " points is larger than ", tol::max_energy_grid_points,
                    "; use a coarser --grid");
    return er;
  }
  EnergyOptions eo;
  eo.grid_A = grid_A;
  BvseField field(r.crystal, r.states, r.ion.element, er.mobile_charge, energy_removed_positions(r),
                  eo);
  if (!field.ok()) {
    er.reason = field.reason();
    return er;
  }
  EnergyGrid grid = energy_grid(field, grid_A);
  er.grid_n = grid.n;
  er.percolation = grid_percolation(grid);
  std::vector<int> site_ids;
  for (const MobileSite& ms : r.mobile.sites) {
    site_ids.push_back(ms.site);
    er.site_energy_eV.push_back(field.energy(r.crystal.lattice.orthogonalize(ms.frac)));
  }
  er.minima = grid_minima(grid, r.crystal.lattice, r.crystal, site_ids);
  const double nan = std::nan("");
  // Clearance and coordination along the paths, and the host's chemistry: the definitions of
  // `channelmap path` (path_framework, host_descriptors), so the barrier model sees the same.
  std::vector<int> no_sites;
  Framework pfw;
  bool have_pfw = true;
  try {
    pfw = path_framework(r.crystal, r.states, r.ion.element, no_sites);
  } catch (const std::exception&) {
    have_pfw = false;
  }
  auto host = host_descriptors(r.crystal, r.states, r.ion.element, er.mobile_charge, no_sites);
  // One path per symmetry-distinct hop (hops of one group are images of each other), for the
  // tol::max_energy_hop_paths shortest distinct hops (a path costs 0.1-2 s; low-symmetry NEB
  // supercells have dozens of distinct hops).
  const auto& hops = r.mobile.hops;
  std::vector<int> rep(hops.size(), -1);  // the hop whose path stands for this one
  std::map<int, int> first_of_group;
  std::vector<int> distinct;
  for (size_t i = 0; i < hops.size(); ++i) {
    int g = hops[i].group;
    auto it = g >= 0 ? first_of_group.find(g) : first_of_group.end();
    if (it != first_of_group.end()) {
      rep[i] = it->second;
      continue;
    }
    if (g >= 0) first_of_group[g] = static_cast<int>(i);
    rep[i] = static_cast<int>(i);
    distinct.push_back(static_cast<int>(i));
  }
  std::stable_sort(distinct.begin(), distinct.end(),
                   [&](int a, int b) { return hops[a].distance_A < hops[b].distance_A; });
  if (distinct.size() > static_cast<size_t>(tol::max_energy_hop_paths)) {
    warnings.push_back(cat("energy paths computed for the ", tol::max_energy_hop_paths,
                           " shortest of ", distinct.size(),
                           " distinct hops; the others have no BVSE barrier or prediction"));
    distinct.resize(tol::max_energy_hop_paths);
  }
  er.hop_barrier_eV.assign(hops.size(), nan);
  er.hop_saddle_eV.assign(hops.size(), nan);
  er.hop_path_length_A.assign(hops.size(), nan);
  er.hop_descriptors.assign(hops.size(), {});
  std::vector<EnergyPathRequest> requests;
  for (int i : distinct) {
    const Hop& h = hops[i];
    EnergyPathOptions po;
    po.offset = h.offset;
    requests.push_back({r.mobile.sites[h.from].frac, r.mobile.end_site(h).frac, po});
  }
  std::vector<EnergyPath> paths = minimum_energy_paths(field, grid, requests);
  for (size_t k = 0; k < distinct.size(); ++k) {
    const int i = distinct[k];
    EnergyPath& p = paths[k];
    if (!p.found) continue;
    er.hop_barrier_eV[i] = p.barrier_eV;
    er.hop_saddle_eV[i] = p.e_max_eV;
    er.hop_path_length_A[i] = p.length_A;
    if (have_pfw) add_path_geometry(p, pfw);
    er.hop_descriptors[i] = path_descriptors(p, er.percolation, er.mobile_charge, grid_A, host);
  }
  for (size_t i = 0; i < hops.size(); ++i) {
    if (rep[i] == static_cast<int>(i)) continue;
    er.hop_barrier_eV[i] = er.hop_barrier_eV[rep[i]];
    er.hop_saddle_eV[i] = er.hop_saddle_eV[rep[i]];
    er.hop_path_length_A[i] = er.hop_path_length_A[rep[i]];
    er.hop_descriptors[i] = er.hop_descriptors[rep[i]];
  }
  predict_barriers(r, er);
  er.computed = true;
  return er;
}

std::vector<Fractional> energy_removed_positions(const Report& r) {
  // A minority framework species sharing a mobile site (Al on the 8a site of a partly inverted
  // spinel) is elsewhere whenever the ion sits there; left in place it would put a cation on
  // top of every site.
  std::vector<Fractional> out;
  for (const MobileSite& ms : r.mobile.sites) out.push_back(ms.frac);
  return out;
}

}  // namespace channelmap
