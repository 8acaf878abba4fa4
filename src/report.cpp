#include "channelmap/report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "channelmap/barrier_model.hpp"
#include "channelmap/environment.hpp"
#include "channelmap/error.hpp"
#include "channelmap/stage_times.hpp"
#include "periodic_union_find.hpp"

namespace channelmap {

RadiusTable make_radius_table(const AnalysisOptions& opt) {
  RadiusTable t = RadiusTable::shannon_default();
  t.apply_overrides(opt.radius_overrides);
  if (opt.uniform_radius_A) t.set_uniform(*opt.uniform_radius_A);
  return t;
}

namespace {
SiteEnvironment summarize(const Environment& env) {
  SiteEnvironment se;
  se.cn = env.cn;
  se.econ = env.econ.econ;
  if (env.shape.shape) {
    se.polyhedron = env.shape.shape->symbol;
    se.polyhedron_name = env.shape.shape->name;
    se.csm = env.shape.csm;
  }
  return se;
}

// Coordination of every site, once per symmetry class: cations by anions, anions by cations;
// the shape only of sites holding `shape_element` unless it is empty (all_environments).
std::vector<SiteEnvironment> site_environments(const Crystal& c, const SymmetryInfo* sym,
                                               const std::vector<char>& anion, bool all_shapes,
                                               const std::string& shape_element) {
  std::vector<SiteEnvironment> out(c.sites.size());
  PeriodicIndex index = site_index(c);
  EnvironmentOptions by_anions, by_cations;
  by_anions.keep = [&](int j) { return anion[j] != 0; };
  by_cations.keep = [&](int j) { return anion[j] == 0; };
  std::map<int, int> done;  // class -> site computed
  for (size_t i = 0; i < c.sites.size(); ++i) {
    int cls = sym ? sym->site_class[i] : -1;
    if (cls >= 0) {
      auto it = done.find(cls);
      if (it != done.end()) {
        out[i] = out[it->second];
        continue;
      }
      done[cls] = static_cast<int>(i);
    }
    EnvironmentOptions& eo = anion[i] ? by_cations : by_anions;
    eo.shape = all_shapes || (!shape_element.empty() && c.sites[i].has_element(shape_element));
    Environment env = coordination_environment(index, index.position(static_cast<int>(i)), eo);
    out[i] = summarize(env);
  }
  return out;
}

// Coordination of network nodes by anions: CN and ECoN of every node (of small networks), the
// polyhedron and its CSM only for nodes on hops (the shape search dominates the cost).
std::vector<SiteEnvironment> node_environments(const Report& r) {
  std::vector<SiteEnvironment> out(r.network.nodes.size());
  // Without an anion every face is filtered out (CN 0, ECoN 0) and no cell is needed; in large
  // empty voids (graphite sheets) a cell costs seconds.
  const bool any_anion = std::find(r.anion.begin(), r.anion.end(), 1) != r.anion.end();
  const bool all = r.network.nodes.size() <= static_cast<size_t>(tol::max_nodes_with_environment);
  std::vector<char> on_hop(out.size(), 0);
  for (const Hop& h : r.mobile.hops)
    for (int n : h.nodes) on_hop[n] = 1;
  PeriodicIndex index = site_index(r.crystal);
  EnvironmentOptions eo;
  eo.keep = [&](int j) { return r.anion[j] != 0; };
  for (size_t i = 0; i < out.size(); ++i) {
    if (on_hop[i]) {
      Environment env = coordination_environment(index, r.network.nodes[i].pos, eo);
      out[i] = summarize(env);
    } else if (all && !any_anion) {
      out[i].cn = 0;
    } else if (all) {
      VoronoiCell cell = voronoi_cell(index, r.network.nodes[i].pos);
      std::vector<Neighbor> kept = voronoi_neighbors(cell, eo.min_weight, eo.keep);
      std::vector<double> lengths;
      for (const Neighbor& nb : voronoi_neighbors(cell, 0.0, eo.keep))
        lengths.push_back(nb.distance_A);
      out[i].cn = static_cast<int>(kept.size());
      out[i].econ = effective_coordination(lengths).econ;
    }
  }
  return out;
}

// Oxidation states used for radii and anions: the assignment, else the input's, else 0.
void choose_states(Report& r) {
  const Crystal& c = r.crystal;
  r.states.assign(c.sites.size(), {});
  r.anion.assign(c.sites.size(), 0);
  for (size_t i = 0; i < c.sites.size(); ++i) {
    const Species* main = nullptr;
    int main_state = 0;
    for (size_t k = 0; k < c.sites[i].species.size(); ++k) {
      const Species& sp = c.sites[i].species[k];
      int q = 0;
      if (r.oxidation.assigned)
        q = r.oxidation.states[i][k];
      else if (sp.oxidation)
        q = *sp.oxidation;
      r.states[i].push_back(q);
      if (sp.element != r.mobile_element && (!main || sp.occupancy > main->occupancy)) {
        main = &sp;
        main_state = q != 0 ? q : bv_anion_state(sp.element);
      }
    }
    r.anion[i] = main && main_state < 0;
  }
}

// Radius of every species: --uniform-radius, --radii, else Shannon by state and the site's CN.
void choose_radii(Report& r, const RadiusTable& table, const AnalysisOptions& opt) {
  const Crystal& c = r.crystal;
  r.radii.assign(c.sites.size(), {});
  std::map<std::string, int> fallbacks;
  for (size_t i = 0; i < c.sites.size(); ++i)
    for (size_t k = 0; k < c.sites[i].species.size(); ++k) {
      const Species& sp = c.sites[i].species[k];
      RadiusChoice rc;
      rc.cn = r.environments[i].cn;
      rc.oxidation = r.states[i][k];
      if (!r.mobile_element.empty() && sp.element == r.mobile_element) {
        rc.source = "mobile";
      } else if (opt.uniform_radius_A) {
        rc.radius_A = *opt.uniform_radius_A;
        rc.source = "uniform";
      } else if (table.has(sp.element) && table.get(sp.element).source == "file") {
        rc.radius_A = table.get(sp.element).radius_A;
        rc.source = "file";
      } else if (auto vdw =
                     opt.radii_set == RadiiSet::Vdw ? vdw_radius(sp.element) : std::nullopt) {
        rc.radius_A = vdw->radius_A;
        rc.source = "vdw-" + vdw->source;
      } else if (rc.oxidation != 0 && rc.cn > 0) {
        ShannonRadius sr = shannon_radius(sp.element, rc.oxidation, rc.cn);
        if (sr.fallback == RadiusFallback::Default && table.has(sp.element)) {
          rc.radius_A = table.get(sp.element).radius_A;
          rc.source = "element-default";
        } else {
          rc.radius_A = sr.radius_A;
          rc.source = sr.fallback == RadiusFallback::Exact       ? "shannon"
                      : sr.fallback == RadiusFallback::NearestCn ? "shannon-nearest-cn"
                                                                 : "shannon-default";
          if (rc.radius_A < 0) {  // H+ has only negative effective radii (Shannon 1976)
            rc.radius_A = 0;
            rc.source = "shannon-negative-as-0";
          }
        }
      } else {
        rc.radius_A = table.get(sp.element).radius_A;  // throws naming the element if unknown
        rc.source = "element-default";
      }
      const bool own = rc.source == "mobile" || rc.source == "uniform" || rc.source == "file";
      if (opt.radii_set == RadiiSet::Vdw && !own && rc.source.rfind("vdw-", 0) != 0)
        ++fallbacks[cat(sp.element, ": no van der Waals radius (Bondi 1964, Mantina 2009), ",
                        rc.source, " ", rc.radius_A, " A")];
      else if (rc.source != "shannon" && !own && rc.source.rfind("vdw-", 0) != 0)
        ++fallbacks[cat(sp.element, rc.oxidation > 0 ? "+" : "",
                        rc.oxidation != 0 ? std::to_string(rc.oxidation) : std::string(""), " CN ",
                        rc.cn, ": ", rc.source, " ", rc.radius_A, " A")];
      r.radii[i].push_back(rc);
    }
  for (const auto& [what, n] : fallbacks)
    r.warnings.push_back(cat("radius fallback for ", n, " atom(s): ", what));
}

// Anions around each node of each hop and around its bottleneck point.
void path_coordination(Report& r) {
  std::vector<Fractional> pos;
  std::vector<double> rad;
  for (const Sphere& s : r.framework.spheres)
    if (s.anion) {
      pos.push_back(s.frac);
      rad.push_back(s.radius_A);
    }
  r.hop_node_cn.assign(r.mobile.hops.size(), {});
  r.hop_bottleneck_cn.assign(r.mobile.hops.size(), -1);
  if (pos.empty()) return;
  double rmax = *std::max_element(rad.begin(), rad.end());
  PeriodicIndex index(r.crystal.lattice, pos, 2.0);
  auto count = [&](const Position& p, double clearance) {
    int n = 0;
    index.for_each_within(p, clearance + rmax + tol::path_coordination_A,
                          [&](int j, const Position& q, const Offset&) {
                            n += distance(p, q) <= clearance + rad[j] + tol::path_coordination_A;
                          });
    return n;
  };
  for (size_t h = 0; h < r.mobile.hops.size(); ++h) {
    const Hop& hop = r.mobile.hops[h];
    for (size_t k = 0; k < hop.nodes.size(); ++k)
      r.hop_node_cn[h].push_back(count(r.network.node_position(hop.nodes[k], hop.node_offsets[k]),
                                       r.network.nodes[hop.nodes[k]].radius_A));
    r.hop_bottleneck_cn[h] = count(hop.bottleneck_point, hop.bottleneck_A);
  }
}

// The intermediate site of each hop and its coordination by the framework's anions.
void hop_intermediates(Report& r, bool shapes) {
  const size_t n = r.mobile.hops.size();
  r.hop_intermediate.assign(n, -1);
  r.hop_intermediate_env.assign(n, SiteEnvironment{});
  std::vector<Fractional> pos;
  std::vector<char> is_anion;
  for (const Sphere& s : r.framework.spheres) {
    pos.push_back(s.frac);
    is_anion.push_back(s.anion);
  }
  PeriodicIndex index(r.crystal.lattice, pos, 2.0);
  EnvironmentOptions eo;
  eo.keep = [&](int j) { return is_anion[j] != 0; };
  eo.shape = shapes;  // the polyhedron is shown only in the hop table and the JSON
  for (size_t h = 0; h < n; ++h) {
    const Hop& hop = r.mobile.hops[h];
    const Lattice& L = r.crystal.lattice;
    const Position a = L.orthogonalize(r.mobile.sites[hop.from].frac);
    const Position b = L.orthogonalize(r.mobile.end_site(hop).frac +
                                       Fractional(hop.offset[0], hop.offset[1], hop.offset[2]));
    auto radius = [&](size_t k) { return r.network.nodes[hop.nodes[k]].radius_A; };
    int best = -1;
    for (size_t k = 0; k < hop.nodes.size(); ++k) {
      Position p = r.network.node_position(hop.nodes[k], hop.node_offsets[k]);
      if (distance(p, a) < tol::site_cavity_A || distance(p, b) < tol::site_cavity_A) continue;
      if (best < 0 || radius(k) > radius(best)) best = static_cast<int>(k);
    }
    r.hop_intermediate[h] = best;
    if (best < 0) continue;
    Position p = r.network.node_position(hop.nodes[best], hop.node_offsets[best]);
    r.hop_intermediate_env[h] = summarize(coordination_environment(index, p, eo));
  }
}

Report analyze_unlocated(const Crystal& crystal, const AnalysisOptions& opt) {
  check_options(opt);
  check_cell(crystal.lattice);
  Report r;
  r.crystal = crystal;
  r.warnings = crystal.warnings;
  r.mobile_element = opt.mobile_element;
  RadiusTable radii = make_radius_table(opt);
  RadiusTable shannon = RadiusTable::shannon_default();
  const std::string& ref = opt.mobile_element.empty() ? std::string("Mg") : opt.mobile_element;
  r.mobile_radius_A = shannon.get(ref).radius_A;
  r.probe_A = opt.probe_A.value_or(r.mobile_radius_A);
  StageTimer timer(opt.stage_times, "symmetry");
  try {
    r.symmetry = analyze_symmetry(crystal, opt.symprec_A);
  } catch (const Error& e) {
    r.symmetry_error = e.what();
    r.warnings.push_back(std::string("symmetry: ") + e.what());
  }
  // Chemistry: oxidation states, anions, coordination, radii, bond valence sums.
  timer.next("oxidation");
  try {
    r.oxidation = assign_oxidation_states(crystal);
  } catch (const std::exception& e) {
    r.oxidation.assigned = false;
    r.oxidation.reason = e.what();
  }
  if (!r.oxidation.assigned)
    r.warnings.push_back("oxidation states not assigned: " + r.oxidation.reason);
  for (const auto& n : r.oxidation.notes) r.warnings.push_back("oxidation states: " + n);
  choose_states(r);
  timer.next("site_environments");
  r.environments = site_environments(crystal, r.symmetry ? &*r.symmetry : nullptr, r.anion,
                                     opt.all_environments, opt.mobile_element);
  timer.next("radii_bvs");
  choose_radii(r, radii, opt);
  if (opt.radii_set == RadiiSet::Shannon && !opt.uniform_radius_A) {
    OrganicCheck oc = check_organic(crystal);
    if (oc.organic)
      r.warnings.push_back(cat("the structure looks organic (C and H are ",
                               std::lround(100 * oc.ch_share), " % of the atoms, ", oc.bonds,
                               " C-C/C-H bonds): Shannon's ionic radii make its C and H nearly "
                               "points (C4+ 0.16 A, H 0); use --radii-set vdw"));
  }
  r.bvs.assign(crystal.sites.size(), std::numeric_limits<double>::quiet_NaN());
  if (r.oxidation.assigned) {
    auto sums = bond_valence_sums(crystal, r.oxidation.states);
    for (size_t i = 0; i < crystal.sites.size(); ++i)
      if (!r.anion[i] && !sums[i].empty() && sums[i][0].complete) r.bvs[i] = sums[i][0].value;
  }
  timer.next("framework");
  FrameworkOptions fo;
  fo.mobile_element = opt.mobile_element;
  fo.min_occupancy = opt.min_occupancy;
  std::vector<std::vector<double>> rad(crystal.sites.size());
  for (size_t i = 0; i < crystal.sites.size(); ++i)
    for (const RadiusChoice& rc : r.radii[i]) rad[i].push_back(rc.radius_A);
  r.framework = build_framework(crystal, rad, r.anion, fo);
  for (const auto& n : r.framework.notes) r.warnings.push_back(n);
  timer.next("network");
  ClearanceField field(r.framework);
  NetworkOptions no;
  if (opt.zeopp_compatible) no.node_merge_A = tol::zeopp_node_merge_A;
  r.network = build_network(field, no);
  r.percolation =
      analyze_percolation(r.network, opt.zeopp_compatible ? DifStyle::Zeopp : DifStyle::Exact);
  timer.next("channels");
  r.channels = find_channels(r.network, r.probe_A);
  timer.next("paths");
  PathOptions po;
  po.vacant = find_vacant_sites(crystal, r.framework);
  if (!po.vacant.error.empty())
    r.warnings.push_back("host symmetry (vacant mobile sites not searched): " + po.vacant.error);
  r.mobile = find_mobile_paths(r.network, crystal, r.framework.mobile_sites,
                               r.symmetry ? &*r.symmetry : nullptr, po);
  r.bulk = compute_bulk(crystal, r.framework, r.mobile, opt.mobile_element);
  path_coordination(r);
  hop_intermediates(r, opt.all_environments);
  timer.next("environments");
  if (opt.all_environments) r.node_environments = node_environments(r);
  timer.stop();
  if (opt.energy) {
    timer.next("energy");
    compute_energy(r, opt);  // energy (BVSE)
  } else {
    r.energy.reason = "not requested";
  }
  return r;
}
}  // namespace

std::string oxidation_source(const Report& r) {
  if (!r.oxidation.assigned) return "unassigned";
  bool cif = true, bv = false;
  for (const auto& site : r.oxidation.sources)
    for (StateSource s : site) {
      cif &= s == StateSource::Cif;
      bv |= s == StateSource::BondValence;
    }
  return cif ? "cif" : bv ? "bond-valence" : "default";
}

int mobile_site_of_interest(const Report& r) {
  if (!r.mobile.hops.empty()) return r.mobile.sites[r.mobile.hops[0].from].site;
  return r.mobile.sites.empty() ? -1 : r.mobile.sites[0].site;
}

int hop_site_cn(const Report& r, size_t h) {
  if (h >= r.mobile.hops.size()) return -1;
  return r.environments[r.mobile.sites[r.mobile.hops[h].from].site].cn;
}

double hop_cn_change(const Report& r, size_t h) {
  if (h >= r.mobile.hops.size() || h >= r.hop_intermediate_env.size()) return std::nan("");
  int site_cn = hop_site_cn(r, h);
  int mid_cn = r.hop_intermediate[h] >= 0 ? r.hop_intermediate_env[h].cn : -1;
  if (site_cn < 0 || mid_cn < 0) return std::nan("");
  return mid_cn - site_cn;
}

// ---- energy (BVSE, docs/energy.md) ----
void predict_barriers(Report& r);

void compute_energy(Report& r, const AnalysisOptions& opt) {
  EnergyReport& er = r.energy;
  er = EnergyReport{};
  er.grid_A = opt.energy_grid_A;
  if (r.mobile_element.empty()) {
    er.reason = "no mobile ion";
    return;
  }
  if (!r.oxidation.assigned) {
    er.reason = "oxidation states not assigned: " + r.oxidation.reason;
    return;
  }
  for (size_t i = 0; i < r.crystal.sites.size() && er.mobile_charge == 0; ++i)
    for (size_t k = 0; k < r.crystal.sites[i].species.size(); ++k)
      if (r.crystal.sites[i].species[k].element == r.mobile_element && r.states[i][k] > 0)
        er.mobile_charge = r.states[i][k];
  if (er.mobile_charge == 0) er.mobile_charge = default_mobile_charge(r.mobile_element);
  if (long long n = energy_grid_points(r.crystal.lattice, opt.energy_grid_A);
      n > tol::max_energy_grid_points) {
    er.reason = cat("energy grid of ", n, " points is larger than ", tol::max_energy_grid_points,
                    "; use a coarser --grid");
    return;
  }
  EnergyOptions eo;
  eo.grid_A = opt.energy_grid_A;
  BvseField field(r.crystal, r.states, r.mobile_element, er.mobile_charge,
                  energy_removed_positions(r), eo);
  if (!field.ok()) {
    er.reason = field.reason();
    return;
  }
  EnergyGrid grid = energy_grid(field, opt.energy_grid_A);
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
    pfw = path_framework(r.crystal, r.states, r.mobile_element, no_sites);
  } catch (const std::exception&) {
    have_pfw = false;
  }
  auto host = host_descriptors(r.crystal, r.states, r.mobile_element, er.mobile_charge, no_sites);
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
    r.warnings.push_back(cat("energy paths computed for the ", tol::max_energy_hop_paths,
                             " shortest of ", distinct.size(),
                             " distinct hops; the others have no BVSE barrier or prediction"));
    distinct.resize(tol::max_energy_hop_paths);
  }
  er.hop_barrier_eV.assign(hops.size(), nan);
  er.hop_saddle_eV.assign(hops.size(), nan);
  er.hop_path_length_A.assign(hops.size(), nan);
  er.hop_descriptors.assign(hops.size(), {});
  for (int i : distinct) {
    const Hop& h = hops[i];
    EnergyPathOptions po;
    po.offset = h.offset;
    EnergyPath p = minimum_energy_path(field, grid, r.mobile.sites[h.from].frac,
                                       r.mobile.end_site(h).frac, po);
    if (!p.found) continue;
    er.hop_barrier_eV[i] = p.barrier_eV;
    er.hop_saddle_eV[i] = p.e_max_eV;
    er.hop_path_length_A[i] = p.length_A;
    if (have_pfw) add_path_geometry(p, pfw);
    er.hop_descriptors[i] =
        path_descriptors(p, er.percolation, er.mobile_charge, opt.energy_grid_A, host);
  }
  for (size_t i = 0; i < hops.size(); ++i) {
    if (rep[i] == static_cast<int>(i)) continue;
    er.hop_barrier_eV[i] = er.hop_barrier_eV[rep[i]];
    er.hop_saddle_eV[i] = er.hop_saddle_eV[rep[i]];
    er.hop_path_length_A[i] = er.hop_path_length_A[rep[i]];
    er.hop_descriptors[i] = er.hop_descriptors[rep[i]];
  }
  predict_barriers(r);
  er.computed = true;
}

std::vector<Fractional> energy_removed_positions(const Report& r) {
  // A minority framework species sharing a mobile site (Al on the 8a site of a partly inverted
  // spinel) is elsewhere whenever the ion sits there; left in place it would put a cation on
  // top of every site.
  std::vector<Fractional> out;
  for (const MobileSite& ms : r.mobile.sites) out.push_back(ms.frac);
  return out;
}

void predict_barriers(Report& r) {
  EnergyReport& er = r.energy;
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
// ---- end energy ----

void check_options(const AnalysisOptions& opt) {
  auto radius = [](const char* name, const std::optional<double>& v) {
    if (v && !(*v >= 0 && *v <= tol::max_probe_A))
      fail(name, " must be a radius from 0 to ", tol::max_probe_A, " A (got ", *v, ")");
  };
  radius("--probe", opt.probe_A);
  radius("--uniform-radius", opt.uniform_radius_A);
  check_radius_overrides(opt.radius_overrides);
  if (!(opt.symprec_A > 0 && opt.symprec_A <= tol::max_symprec_A))
    fail("--symprec must be a tolerance above 0 and at most ", tol::max_symprec_A, " A (got ",
         opt.symprec_A, ")");
  if (!(opt.min_occupancy >= 0 && opt.min_occupancy <= 1))
    fail("--min-occupancy must be from 0 to 1 (got ", opt.min_occupancy, ")");
  if (!(opt.energy_grid_A >= tol::bvse_min_grid_A && std::isfinite(opt.energy_grid_A)))
    fail("--grid must be a spacing in A of at least ", tol::bvse_min_grid_A, " (got ",
         opt.energy_grid_A, ")");
}

Report analyze(const Crystal& crystal, const AnalysisOptions& opt) {
  try {
    return analyze_unlocated(crystal, opt);
  } catch (const Error& e) {
    throw Error(crystal.file, crystal.block, e.stage().empty() ? "analyze" : e.stage(), e.what());
  } catch (const std::exception& e) {
    throw Error(crystal.file, crystal.block, "analyze", e.what());
  }
}

}  // namespace channelmap
