#include "channelmap/report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "channelmap/error.hpp"
#include "channelmap/stage_times.hpp"

namespace channelmap {

namespace {
// The pipeline: each step is its own module returning its own result, collected here.
Report analyze_unlocated(const Crystal& crystal, const AnalysisOptions& opt) {
  check_options(opt);
  check_cell(crystal.lattice);
  Report r;
  r.crystal = crystal;
  r.warnings = crystal.warnings;
  r.ion = mobile_ion(opt.mobile_element);
  r.probe_A = opt.probe_A.value_or(r.ion.none() ? tol::default_probe_A : r.ion.radius_A);
  auto warn = [&](const std::vector<std::string>& w) {
    r.warnings.insert(r.warnings.end(), w.begin(), w.end());
  };
  StageTimer timer(opt.stage_times, "symmetry");
  try {
    r.symmetry = analyze_symmetry(crystal, opt.symprec_A, SpglibCell::Auto, opt.wyckoff_letters);
  } catch (const Error& e) {
    r.symmetry_error = e.what();
    r.warnings.push_back(std::string("symmetry: ") + e.what());
  }
  // Chemistry: oxidation states, anions, coordination, radii, bond valence sums.
  timer.next("oxidation");
  SiteChemistry chem = site_chemistry(crystal, r.ion.element);
  warn(chem.warnings);
  if (int q = assigned_mobile_charge(crystal, chem.oxidation, r.ion.element); q > 0)
    r.ion.charge = q;
  timer.next("site_environments");
  r.environments = site_environments(crystal, r.symmetry ? &*r.symmetry : nullptr, chem.anion,
                                     opt.all_environments, r.ion.element);
  timer.next("radii_bvs");
  std::vector<int> site_cn;
  for (const SiteEnvironment& e : r.environments) site_cn.push_back(e.cn);
  RadiusOptions ro;
  ro.set = opt.radii_set;
  ro.overrides = opt.radius_overrides;
  ro.uniform_A = opt.uniform_radius_A;
  RadiusAssignment radii = choose_radii(crystal, chem.states, site_cn, r.ion.element, ro);
  warn(radii.warnings);
  r.bvs = cation_bond_valence_sums(crystal, chem);
  r.oxidation = std::move(chem.oxidation);
  r.states = std::move(chem.states);
  r.anion = std::move(chem.anion);
  r.radii = std::move(radii.radii);
  timer.next("framework");
  FrameworkOptions fo;
  fo.mobile_element = r.ion.element;
  fo.min_occupancy = opt.min_occupancy;
  std::vector<std::vector<double>> rad(crystal.sites.size());
  for (size_t i = 0; i < crystal.sites.size(); ++i)
    for (const RadiusChoice& rc : r.radii[i]) rad[i].push_back(rc.radius_A);
  r.framework = build_framework(crystal, rad, r.anion, fo);
  warn(r.framework.notes);
  timer.next("network");
  ClearanceField field(r.framework);
  NetworkOptions no;
  if (opt.zeopp_compatible) {
    no.node_merge_A = tol::zeopp_node_merge_A;
    no.exact_nodes = false;
  }
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
  r.bulk = compute_bulk(crystal, r.framework, r.mobile, r.ion.element);
  // The polyhedron of a hop's intermediate site is shown only in the hop table and the JSON.
  HopCoordination hc =
      hop_coordination(crystal.lattice, r.framework, r.network, r.mobile, opt.all_environments);
  r.hop_node_cn = std::move(hc.node_cn);
  r.hop_bottleneck_cn = std::move(hc.bottleneck_cn);
  r.hop_intermediate = std::move(hc.intermediate);
  r.hop_intermediate_env = std::move(hc.intermediate_env);
  timer.next("environments");
  if (opt.all_environments)
    r.node_environments = node_environments(crystal, r.anion, r.network, r.mobile);
  timer.stop();
  if (opt.energy) {
    timer.next("energy");
    r.energy = compute_energy(r, opt.energy_grid_A, r.warnings);
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
