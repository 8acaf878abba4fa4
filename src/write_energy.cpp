#include "write_energy.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "channelmap/barrier_model.hpp"
#include "channelmap/version.hpp"
#include "channelmap/write.hpp"

namespace channelmap {

using nlohmann::json;

namespace {
json offset_json(const Offset& o) {
  return json::array({o[0], o[1], o[2]});
}
double at(const std::vector<double>& v, size_t i) {
  return i < v.size() ? v[i] : std::nan("");
}
// "[0 0 1]" for a direction.
std::string direction_text(const Offset& o) {
  return "[" + std::to_string(o[0]) + " " + std::to_string(o[1]) + " " + std::to_string(o[2]) + "]";
}
std::string ev(double v) {
  if (!std::isfinite(v)) return "-";
  std::ostringstream os;
  os << std::fixed << std::setprecision(3) << v;
  return os.str();
}
}  // namespace

json energy_json(const Report& r) {
  const EnergyReport& e = r.energy;
  json j = {{"computed", e.computed}, {"reason", e.reason}};
  j["grid_A"] = nullable(e.grid_A);
  j["grid_n"] = {e.grid_n[0], e.grid_n[1], e.grid_n[2]};
  j["mobile_charge"] = e.mobile_charge > 0 ? json(e.mobile_charge) : json(nullptr);
  if (!e.computed) {
    j["grid_min_eV"] = nullptr;
    j["e_kd_eV"] = {nullptr, nullptr, nullptr};
    j["directions"] = {json::array(), json::array(), json::array()};
    j["site_energy_eV"] = json::array();
    j["minima"] = json::array();
    return j;
  }
  const double ref = e.percolation.grid_min_eV;
  j["grid_min_eV"] = nullable(ref);
  j["e_kd_eV"] = {nullable(e.percolation.e_kd_eV[0]), nullable(e.percolation.e_kd_eV[1]),
                  nullable(e.percolation.e_kd_eV[2])};
  json dirs = json::array();
  for (const auto& d : e.percolation.directions) {
    json one = json::array();
    for (const Offset& o : d) one.push_back(offset_json(o));
    dirs.push_back(one);
  }
  j["directions"] = dirs;
  json sites = json::array();
  for (double s : e.site_energy_eV) sites.push_back(nullable(s - ref));
  j["site_energy_eV"] = sites;
  json minima = json::array();
  for (const GridMinimum& m : e.minima)
    minima.push_back({{"frac", {m.frac.x, m.frac.y, m.frac.z}},
                      {"energy_eV", nullable(m.energy_eV - ref)},
                      {"mobile_site", nullable_index(m.mobile_site)}});
  j["minima"] = minima;
  j["predicted_em_eV"] = nullable(e.predicted_em_eV);
  j["predicted_em_basis"] = e.predicted_em_basis;
  j["predicted_em_hop"] = nullable_index(e.predicted_em_hop);
  return j;
}

void add_hop_energy_json(json& hop, const Report& r, size_t h) {
  const EnergyReport& e = r.energy;
  const bool on = e.computed;
  const double nan = std::nan("");
  hop["bvse_barrier_eV"] = nullable(on ? at(e.hop_barrier_eV, h) : nan);
  hop["bvse_saddle_eV"] = nullable(on ? at(e.hop_saddle_eV, h) - e.percolation.grid_min_eV : nan);
  hop["energy_path_length_A"] = nullable(on ? at(e.hop_path_length_A, h) : nan);
  hop["predicted_em_eV"] = nullable(on ? at(e.hop_predicted_em_eV, h) : nan);
  json d = json::object();
  if (on && h < e.hop_descriptors.size())
    for (const auto& [name, v] : e.hop_descriptors[h]) d[name] = nullable(v);
  hop["descriptors"] = d;
}

void write_energy_summary(std::ostream& os, const Report& r) {
  if (r.ion.none()) return;
  const EnergyReport& e = r.energy;
  if (!e.computed) {
    os << "energy      not computed (" << e.reason << ")\n";
    return;
  }
  const EnergyPercolation& p = e.percolation;
  os << "energy      BVSE (softBV) of " << r.ion.element << e.mobile_charge << "+, grid "
     << ev(e.grid_A) << " A (" << e.grid_n[0] << "x" << e.grid_n[1] << "x" << e.grid_n[2]
     << " points)\n";
  os << "E 1D 2D 3D  " << ev(p.e_kd_eV[0]) << " " << ev(p.e_kd_eV[1]) << " " << ev(p.e_kd_eV[2])
     << " eV (percolation energies above the grid minimum)\n";
  if (!p.directions[0].empty()) {
    os << "E_1D along ";
    for (size_t i = 0; i < p.directions[0].size(); ++i)
      os << (i ? " " : "") << direction_text(p.directions[0][i]);
    os << " (lattice translations linked at E_1D)\n";
  }
  if (!e.site_energy_eV.empty()) {
    double lo = *std::min_element(e.site_energy_eV.begin(), e.site_energy_eV.end());
    double hi = *std::max_element(e.site_energy_eV.begin(), e.site_energy_eV.end());
    os << "site energy " << ev(lo - p.grid_min_eV);
    if (hi - lo > 5e-4) os << " - " << ev(hi - p.grid_min_eV);
    os << " eV above the grid minimum (" << r.ion.element << " sites)\n";
  }
  int interstitial = 0;
  for (const GridMinimum& m : e.minima) interstitial += m.mobile_site < 0;
  if (std::isfinite(e.predicted_em_eV))
    os << "predicted   Em " << ev(e.predicted_em_eV) << " eV (" << e.predicted_em_basis
       << "; model fitted on published NEB barriers, docs/barrier_model.md)\n";
  os << "minima      " << e.minima.size() << " local minima of the grid, " << interstitial
     << " not at a " << r.ion.element << " site\n";
}

std::string hop_energy_text(const Report& r, size_t h) {
  if (!r.energy.computed) return "";
  return "  BVSE barrier " + ev(at(r.energy.hop_barrier_eV, h)) + " eV, predicted Em " +
         ev(at(r.energy.hop_predicted_em_eV, h)) + " eV";
}

std::string path_json(const std::string& file, const Crystal& c, const PathRequest& rq,
                      const PathAnalysis& pa) {
  auto vec = [](const Vec3& v) {
    return json::array({nullable(v.x), nullable(v.y), nullable(v.z)});
  };
  // The options that change the numbers (from, to and offset are fields of their own).
  json provenance = {{"version", version()}, {"options", path_options_line(rq.mobile, rq.grid_A)}};
  json j;
  if (!pa.ok) {
    j = {{"file", file}, {"channelmap", provenance}, {"structure", c.name}, {"mobile", pa.mobile},
         {"ok", false},  {"reason", pa.reason}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  const EnergyPath& p = pa.path;
  json d = json::object();
  for (const auto& [k, v] : pa.descriptors) d[k] = nullable(v);
  // The barrier model (docs/barrier_model.md) over this path's descriptors.
  d["predicted_em_eV"] =
      nullable(predict_barrier_eV(DescriptorMap(pa.descriptors.begin(), pa.descriptors.end())));
  json prof = json::array();
  for (const auto& pt : p.points)
    prof.push_back({{"s_A", nullable(pt.s_A)},
                    {"energy_eV", nullable(pt.energy_eV)},
                    {"frac", vec(pt.frac)},
                    {"cart_A", vec(pt.cart)},
                    {"clearance_A", nullable(pt.clearance_A)},
                    {"cn", nullable_index(pt.cn)}});
  j = {{"file", file},
       {"channelmap", provenance},
       {"structure", c.name},
       {"ok", true},
       {"mobile", pa.mobile},
       {"mobile_charge", pa.mobile_charge},
       {"oxidation_states_from", pa.states_from},
       {"from", vec(rq.from)},
       {"to", vec(rq.to)},
       {"offset", offset_json(p.offset)},
       {"grid_A", rq.grid_A},
       {"grid_points", {pa.grid_n[0], pa.grid_n[1], pa.grid_n[2]}},
       {"cutoff_A", tol::bvse_cutoff_A},
       {"descriptors", d},
       {"saddle",
        {{"frac", vec(p.saddle_frac)},
         {"cart_A", vec(p.saddle_cart)},
         {"s_A", nullable(p.saddle_s_A)},
         {"energy_eV", nullable(p.e_max_eV)}}},
       {"profile", prof},
       {"warnings", pa.warnings}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace channelmap
