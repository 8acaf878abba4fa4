#include "channelmap/write.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "channelmap/descriptor_registry.hpp"
#include "channelmap/error.hpp"
#include "channelmap/screen.hpp"
#include "channelmap/table.hpp"
#include "channelmap/version.hpp"
#include "write_energy.hpp"

namespace channelmap {

using nlohmann::json;

std::string format_length(double v, int precision) {
  if (!std::isfinite(v)) return "-";
  std::ostringstream os;
  os << std::fixed << std::setprecision(precision) << v;
  return os.str();
}

json nullable(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}
json nullable_index(int v) {
  return v >= 0 ? json(v) : json(nullptr);
}

namespace {
json offset_json(const Offset& o) {
  return json::array({o[0], o[1], o[2]});
}
json vec_json(const Vec3& v) {
  return json::array({v.x, v.y, v.z});
}
// Every registry descriptor: name -> number (an integer when printed without decimals) or null.
json descriptors_json(const Report& r) {
  json j = json::object();
  const std::vector<double> v = descriptor_values(r);
  for (size_t i = 0; i < v.size(); ++i) {
    const Descriptor& d = descriptors()[i];
    bool integral = d.precision == 0 && v[i] == std::round(v[i]);
    j[d.name] = std::isnan(v[i]) ? json(nullptr) : integral ? json(std::llround(v[i])) : json(v[i]);
  }
  return j;
}

std::string direction_string(const Offset& o) {
  std::ostringstream os;
  os << '[';
  for (int k = 0; k < 3; ++k) os << (o[k] < 0 ? "-" : "") << std::abs(o[k]) << (k < 2 ? " " : "");
  os << ']';
  return os.str();
}

std::string channel_directions(const Channel& c) {
  std::string s;
  for (const Offset& d : c.directions) s += (s.empty() ? "" : " ") + direction_string(d);
  return s;
}
// "+2", "-2", "0" or "-" (Rong et al.'s CN change of hop h).
std::string cn_change_text(const Report& r, size_t h) {
  double d = hop_cn_change(r, h);
  if (!std::isfinite(d)) return "-";
  return (d > 0 ? "+" : "") + std::to_string(std::lround(d));
}
}  // namespace

void write_summary(std::ostream& os, const Report& r) {
  const Crystal& c = r.crystal;
  const Lattice& L = c.lattice;
  os << "structure   " << c.file << (c.block.empty() ? "" : "#" + c.block) << '\n';
  os << "formula     " << c.reduced_formula() << "  (cell: " << c.cell_formula() << ")\n";
  if (r.symmetry)
    os << "space group " << r.symmetry->symbol << " (No. " << r.symmetry->number << ", symprec "
       << std::defaultfloat << r.symmetry->symprec_A << " A)\n";
  else
    os << "space group unknown (" << r.symmetry_error << ")\n";
  os << std::fixed << std::setprecision(4);
  os << "cell        a=" << L.a() << " b=" << L.b() << " c=" << L.c()
     << " A  alpha=" << std::setprecision(3) << L.alpha() << " beta=" << L.beta()
     << " gamma=" << L.gamma() << " deg  V=" << std::setprecision(2) << L.volume() << " A^3\n";
  os << "atoms       " << c.sites.size() << " positions in the cell, " << r.framework.spheres.size()
     << " framework spheres"
     << (c.is_disordered() ? " (disordered: partial or mixed occupancy)" : "") << '\n';
  if (!r.ion.none()) {
    os << "mobile ion  " << r.ion.element << " (reference radius "
       << format_length(r.ion.radius_A, 3) << " A): " << r.mobile.sites.size()
       << " site(s) removed from the framework\n";
    // One line per symmetry class of sites.
    std::vector<int> shown;
    for (size_t i = 0; i < r.mobile.sites.size(); ++i) {
      const MobileSite& m = r.mobile.sites[i];
      bool seen = false;
      for (int j : shown) seen |= m.site_class >= 0 && r.mobile.sites[j].site_class == m.site_class;
      if (seen) continue;
      shown.push_back(static_cast<int>(i));
      int count = 0;
      double worst = 0;
      for (const MobileSite& o : r.mobile.sites)
        if (o.site_class == m.site_class || (m.site_class < 0 && &o == &m)) {
          ++count;
          worst = std::max(worst, o.node_distance_A);
        }
      const SiteEnvironment& env = r.environments[m.site];
      os << "  " << std::left << std::setw(8) << m.label << std::right << " wyckoff " << m.wyckoff
         << " x" << count << "  frac (" << std::setprecision(4) << m.frac.x << ", " << m.frac.y
         << ", " << m.frac.z << ")  CN " << env.cn << " "
         << (env.polyhedron.empty() ? "-" : env.polyhedron) << " (CSM " << format_length(env.csm, 2)
         << ")  BVS " << format_length(r.bvs[m.site], 2) << "  nearest node within "
         << format_length(worst, 3) << " A\n";
    }
  } else {
    os << "mobile ion  none (every atom is framework)\n";
  }
  if (r.oxidation.assigned) {
    const std::string src = oxidation_source(r);
    os << "oxidation   "
       << (src == "cif"            ? "from the input file"
           : src == "bond-valence" ? "assigned by bond valence sums"
                                   : "the only charge-neutral combination of common states")
       << '\n';
  } else {
    os << "oxidation   not assigned (" << r.oxidation.reason << "); radii by element\n";
  }
  const Percolation& p = r.percolation;
  os << "network     " << r.network.nodes.size() << " nodes, " << r.network.edges.size()
     << " edges\n";
  os << "Di Df Dif   " << format_length(p.di_A) << " " << format_length(p.df_A) << " "
     << format_length(p.dif_A) << " A (diameters, as Zeo++ -res)\n";
  const std::string lo = format_length(p.dif_range_A[0]), hi = format_length(p.dif_range_A[1]);
  if (lo != hi)
    os << "Dif range   " << lo << " - " << hi
       << " A (several widest paths: the included spheres they pass)\n";
  os << "Df a b c    " << format_length(p.df_axis_A[0]) << " " << format_length(p.df_axis_A[1])
     << " " << format_length(p.df_axis_A[2]) << " A\n";
  os << "Rf 1D 2D 3D " << format_length(p.rf_A[0]) << " " << format_length(p.rf_A[1]) << " "
     << format_length(p.rf_A[2]) << " A (largest probe radius percolating in k dimensions)\n";
  os << "channels at probe radius " << format_length(r.probe_A, 3)
     << " A: " << r.channels.channels.size() << " channel(s), " << r.channels.pockets
     << " pocket(s)\n";
  int i = 0;
  for (const Channel& ch : r.channels.channels)
    os << "  #" << ++i << "  " << ch.dimensionality << "D  along " << channel_directions(ch)
       << "  nodes " << ch.nodes.size() << "  bottleneck " << format_length(ch.bottleneck_A)
       << " A  widest " << format_length(ch.widest_A) << " A\n";
  if (!r.mobile.sites.empty()) {
    const MobilePaths& mp = r.mobile;
    os << "Rmob 1D 2D 3D " << format_length(mp.rmob_A[0]) << " " << format_length(mp.rmob_A[1])
       << " " << format_length(mp.rmob_A[2]) << " A (largest probe joining " << r.ion.element
       << " sites to their images in k dimensions)\n";
    os << "Rmob a b c  " << format_length(mp.rmob_axis_A[0]) << " "
       << format_length(mp.rmob_axis_A[1]) << " " << format_length(mp.rmob_axis_A[2]) << " A\n";
    os << "hops        " << mp.hops.size() << " in the cell, " << mp.n_groups
       << " distinct (widest first):\n";
    for (int g = 0; g < mp.n_groups; ++g) {
      const Hop* first = nullptr;
      int count = 0;
      for (const Hop& h : mp.hops)
        if (h.group == g) {
          if (!first) first = &h;
          ++count;
        }
      if (!first) continue;
      size_t hi = static_cast<size_t>(first - mp.hops.data());
      std::string cns;
      for (int cn : r.hop_node_cn[hi]) cns += (cns.empty() ? "" : "-") + std::to_string(cn);
      os << "  #" << g + 1 << "  " << mp.sites[first->from].label << " -> "
         << mp.end_site(*first).label << "  distance " << format_length(first->distance_A, 3)
         << " A  path " << format_length(first->path_length_A, 3) << " A  bottleneck "
         << format_length(first->bottleneck_A) << " A (CN " << r.hop_bottleneck_cn[hi]
         << ")  CN along path " << cns << "  CN change " << cn_change_text(r, hi)
         << hop_energy_text(r, hi) << "  x" << count << '\n';
    }
  }
  write_energy_summary(os, r);
  for (const auto& w : r.warnings) os << "note: " << w << '\n';
}

namespace {
// JSON text that never throws on a string: bytes that are not UTF-8 (a file name in another
// encoding, say) become U+FFFD.
std::string dump(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

json report_object(const Report& r) {
  const Crystal& c = r.crystal;
  const Lattice& L = c.lattice;
  json j;
  j["schema_version"] = Report::schema_version;
  j["file"] = c.file;
  j["block"] = c.block;
  j["formula"] = c.reduced_formula();
  j["cell_formula"] = c.cell_formula();
  j["cell"] = {{"a_A", L.a()},           {"b_A", L.b()},         {"c_A", L.c()},
               {"alpha_deg", L.alpha()}, {"beta_deg", L.beta()}, {"gamma_deg", L.gamma()},
               {"volume_A3", L.volume()}};
  if (r.symmetry)
    j["symmetry"] = {{"number", r.symmetry->number},
                     {"symbol", r.symmetry->symbol},
                     {"hall_symbol", r.symmetry->hall_symbol},
                     {"symprec_A", r.symmetry->symprec_A},
                     {"distinct_sites", r.symmetry->n_classes}};
  else
    j["symmetry"] = {{"error", r.symmetry_error}};
  j["disordered"] = c.is_disordered();
  j["oxidation"] = {{"assigned", r.oxidation.assigned},
                    {"reason", r.oxidation.reason},
                    {"method", r.oxidation.method},
                    {"notes", r.oxidation.notes}};
  json sites = json::array();
  for (size_t i = 0; i < c.sites.size(); ++i) {
    const Site& s = c.sites[i];
    json sp = json::array();
    for (const Species& x : s.species) {
      json e = {{"label", x.label}, {"element", x.element}, {"occupancy", x.occupancy}};
      e["oxidation"] = x.oxidation ? json(*x.oxidation) : json(nullptr);
      sp.push_back(e);
    }
    const SiteEnvironment& env = r.environments[i];
    json radii = json::array();
    for (size_t k = 0; k < r.radii[i].size(); ++k)
      radii.push_back({{"radius_A", r.radii[i][k].radius_A},
                       {"oxidation", r.states[i][k]},
                       {"cn", r.radii[i][k].cn},
                       {"source", r.radii[i][k].source}});
    json site = {{"frac", vec_json(s.frac)},
                 {"species", sp},
                 {"anion", static_cast<bool>(r.anion[i])},
                 {"cn", nullable_index(env.cn)},
                 {"econ", nullable(env.econ)},
                 {"polyhedron", env.polyhedron},
                 {"polyhedron_name", env.polyhedron_name},
                 {"csm", env.polyhedron.empty() ? json(nullptr) : json(env.csm)},
                 {"bvs_vu", nullable(r.bvs[i])},
                 {"radii", radii}};
    if (r.symmetry)
      site["wyckoff"] = std::string(1, r.symmetry->wyckoff[i]),
      site["class"] = r.symmetry->site_class[i];
    sites.push_back(site);
  }
  j["sites"] = sites;
  j["mobile_element"] = r.ion.element;
  j["mobile_radius_A"] = r.ion.radius_A;
  json ms = json::array();
  for (const MobileSite& m : r.mobile.sites)
    ms.push_back({{"site", m.site},
                  {"label", m.label},
                  {"frac", vec_json(m.frac)},
                  {"wyckoff", std::string(1, m.wyckoff)},
                  {"nearest_node", nullable_index(m.nearest_node)},
                  {"node_distance_A", m.node_distance_A},
                  {"class", m.site_class}});
  j["mobile_sites"] = ms;
  json vac = json::array();  // hop ends with to_vacant: index into this list
  for (const MobileSite& m : r.mobile.vacancies)
    vac.push_back({{"equivalent_site", m.site},
                   {"label", m.label},
                   {"frac", vec_json(m.frac)},
                   {"nearest_node", nullable_index(m.nearest_node)},
                   {"node_distance_A", m.node_distance_A}});
  j["vacant_sites"] = vac;
  json hops = json::array();
  for (const Hop& h : r.mobile.hops) {
    json offs = json::array();
    for (const Offset& o : h.node_offsets) offs.push_back(offset_json(o));
    hops.push_back({{"group", nullable_index(h.group)},
                    {"from", h.from},
                    {"to", h.to},
                    {"to_vacant", h.to_vacant},
                    {"offset", offset_json(h.offset)},
                    {"distance_A", h.distance_A},
                    {"path_length_A", h.path_length_A},
                    {"bottleneck_A", h.bottleneck_A},
                    {"bottleneck_frac", vec_json(L.fractionalize(h.bottleneck_point))},
                    {"nodes", h.nodes},
                    {"node_offsets", offs},
                    {"edges", h.edges},
                    {"node_cn", r.hop_node_cn[hops.size()]},
                    {"bottleneck_cn", nullable_index(r.hop_bottleneck_cn[hops.size()])},
                    {"intermediate", nullable_index(r.hop_intermediate[hops.size()])},
                    {"intermediate_cn", nullable_index(r.hop_intermediate_env[hops.size()].cn)}});
    add_hop_energy_json(hops.back(), r, hops.size() - 1);
  }
  j["hops"] = hops;
  j["rmob_1d_A"] = nullable(r.mobile.rmob_A[0]);
  j["rmob_2d_A"] = nullable(r.mobile.rmob_A[1]);
  j["rmob_3d_A"] = nullable(r.mobile.rmob_A[2]);
  j["rmob_axis_A"] = {nullable(r.mobile.rmob_axis_A[0]), nullable(r.mobile.rmob_axis_A[1]),
                      nullable(r.mobile.rmob_axis_A[2])};
  json spheres = json::array();
  for (const Sphere& s : r.framework.spheres)
    spheres.push_back({{"site", s.site}, {"radius_A", s.radius_A}});
  j["framework"] = {{"spheres", spheres}};
  const Percolation& p = r.percolation;
  j["di_A"] = p.di_A;
  j["df_A"] = p.df_A;
  j["dif_A"] = p.dif_A;
  j["df_axis_A"] = p.df_axis_A;
  j["dif_axis_A"] = p.dif_axis_A;
  j["dif_range_A"] = p.dif_range_A;
  j["rf_1d_A"] = nullable(p.rf_A[0]);
  j["rf_2d_A"] = nullable(p.rf_A[1]);
  j["rf_3d_A"] = nullable(p.rf_A[2]);
  j["rf_axis_A"] = {nullable(p.rf_axis_A[0]), nullable(p.rf_axis_A[1]), nullable(p.rf_axis_A[2])};
  json nodes = json::array();
  for (size_t i = 0; i < r.network.nodes.size(); ++i) {
    const Node& n = r.network.nodes[i];
    json node = {{"frac", vec_json(n.frac)}, {"radius_A", n.radius_A}};
    // node_environments is empty when the analysis left them out (all_environments false).
    if (i < r.node_environments.size() && r.node_environments[i].cn >= 0) {
      const SiteEnvironment& env = r.node_environments[i];
      node["cn"] = env.cn;
      node["econ"] = nullable(env.econ);
      node["polyhedron"] = env.polyhedron;
      node["csm"] = env.polyhedron.empty() ? json(nullptr) : json(env.csm);
    }
    nodes.push_back(node);
  }
  json edges = json::array();
  for (const Edge& e : r.network.edges)
    edges.push_back({{"from", e.from},
                     {"to", e.to},
                     {"offset", offset_json(e.offset)},
                     {"length_A", e.length_A},
                     {"bottleneck_A", e.bottleneck_A},
                     {"bottleneck_frac", vec_json(L.fractionalize(e.bottleneck_point))},
                     {"window_radius_A", e.window_radius_A}});
  j["network"] = {{"nodes", nodes},
                  {"edges", edges},
                  {"triangulated_points", r.network.triangulated_points},
                  {"image_padding_A", r.network.image_padding_A},
                  {"lattice_points", r.network.lattice_points},
                  {"symmetrized_A", r.network.symmetrized_A}};
  json chans = json::array();
  for (const Channel& ch : r.channels.channels) {
    json dirs = json::array();
    for (const Offset& d : ch.directions) dirs.push_back(offset_json(d));
    chans.push_back({{"dimensionality", ch.dimensionality},
                     {"directions", dirs},
                     {"nodes", ch.nodes},
                     {"bottleneck_A", ch.bottleneck_A},
                     {"widest_A", ch.widest_A},
                     {"widest_node", ch.widest_node}});
  }
  j["channels"] = {
      {"probe_A", r.channels.probe_A}, {"channels", chans}, {"pockets", r.channels.pockets}};
  j["warnings"] = r.warnings;
  j["energy"] = energy_json(r);
  j["descriptors"] = descriptors_json(r);
  return j;
}

json producer_json(const AnalysisOptions* opt, const ReadOptions& read = {}) {
  json p = {{"version", version()}};
  if (opt) p["options"] = options_line(*opt, read);
  return p;
}
}  // namespace

std::string report_json(const Report& r, int indent) {
  json j = report_object(r);
  j["channelmap"] = producer_json(nullptr);
  return dump(j, indent);
}

std::string report_json(const Report& r, const AnalysisOptions& opt, int indent,
                        const ReadOptions& read) {
  json j = report_object(r);
  j["channelmap"] = producer_json(&opt, read);
  return dump(j, indent);
}

std::string describe_json_line(const Report& r, const AnalysisOptions& opt,
                               const ReadOptions& read) {
  json j = report_object(r);
  j["channelmap"] = producer_json(&opt, read);
  for (const Column<Report>& col : descriptor_columns()) {
    if (j.contains(col.name)) continue;  // the report's own field of that name
    if (std::string_view(col.unit) == "text") {
      std::string v = col.get(r);
      j[col.name] = v.empty() ? json(nullptr) : json(v);
      continue;
    }
    const Descriptor& d = descriptor(col.name);
    double v = descriptor_value(r, col.name);
    bool integral = d.precision == 0 && v == std::round(v);
    j[col.name] = std::isnan(v) ? json(nullptr) : integral ? json(std::llround(v)) : json(v);
  }
  return dump(j, -1);
}

std::string meta_sidecar_path(const std::string& csv_path) {
  return csv_path + ".meta.json";
}

std::string meta_sidecar_text(const std::string& csv_path, const std::string& program,
                              const std::string& options, const std::vector<std::string>& columns) {
  nlohmann::ordered_json j = {{"program", program},
                              {"version", version()},
                              {"options", options},
                              {"table_schema_version", table_schema_version},
                              {"table", std::filesystem::path(csv_path).filename().string()},
                              {"columns", columns}};
  return j.dump(2, ' ', false, json::error_handler_t::replace) + '\n';
}

void write_meta_sidecar(const std::string& csv_path, const AnalysisOptions& opt,
                        const ReadOptions& read, std::vector<std::string> columns,
                        const std::string& program) {
  if (columns.empty()) {  // the CSV's header line
    std::ifstream in(csv_path, std::ios::binary);
    std::string header;
    if (!in || !std::getline(in, header)) fail(csv_path, ": cannot read the table's header");
    if (!header.empty() && header.back() == '\r') header.pop_back();
    columns = csv_split(header);
  }
  const std::string path = meta_sidecar_path(csv_path);
  std::ofstream out(path, std::ios::binary);
  out << meta_sidecar_text(csv_path, program, options_line(opt, read), columns);
  out.close();
  if (!out) fail(path, ": cannot write");
}

}  // namespace channelmap
