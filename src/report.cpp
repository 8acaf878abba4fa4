#include "channelmap/report.hpp"

#include "channelmap/error.hpp"

namespace channelmap {

RadiusTable make_radius_table(const AnalysisOptions& opt) {
  RadiusTable t = RadiusTable::shannon_default();
  if (!opt.radii_file.empty()) t.load_overrides(opt.radii_file);
  if (opt.uniform_radius_A) t.set_uniform(*opt.uniform_radius_A);
  return t;
}

namespace {
Report analyze_unlocated(const Crystal& crystal, const AnalysisOptions& opt) {
  Report r;
  r.crystal = crystal;
  r.warnings = crystal.warnings;
  r.mobile_element = opt.mobile_element;
  RadiusTable radii = make_radius_table(opt);
  RadiusTable shannon = RadiusTable::shannon_default();
  const std::string& ref = opt.mobile_element.empty() ? std::string("Mg") : opt.mobile_element;
  r.mobile_radius_A = shannon.get(ref).radius_A;
  r.probe_A = opt.probe_A.value_or(r.mobile_radius_A);
  try {
    r.symmetry = analyze_symmetry(crystal, opt.symprec_A);
  } catch (const Error& e) {
    r.symmetry_error = e.what();
    r.warnings.push_back(std::string("symmetry: ") + e.what());
  }
  FrameworkOptions fo;
  fo.mobile_element = opt.mobile_element;
  fo.min_occupancy = opt.min_occupancy;
  r.framework = build_framework(crystal, radii, fo);
  for (const auto& n : r.framework.notes) r.warnings.push_back(n);
  ClearanceField field(r.framework);
  NetworkOptions no;
  if (opt.zeopp_compatible) no.node_merge_A = tol::zeopp_node_merge_A;
  r.network = build_network(field, no);
  r.percolation =
      analyze_percolation(r.network, opt.zeopp_compatible ? DifStyle::Zeopp : DifStyle::Exact);
  r.channels = find_channels(r.network, r.probe_A);
  r.mobile = find_mobile_paths(r.network, crystal, r.framework.mobile_sites,
                               r.symmetry ? &*r.symmetry : nullptr);
  r.bulk = compute_bulk(crystal, r.framework, r.mobile, opt.mobile_element);
  return r;
}
}  // namespace

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
