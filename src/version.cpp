#include "channelmap/version.hpp"

#include <cstdio>

#include "channelmap/barrier_model.hpp"

namespace channelmap {

const char* version() {
  return CHANNELMAP_VERSION;
}

namespace {
std::string exact(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}
std::string exact(const std::optional<double>& v, const char* absent) {
  return v ? exact(*v) : std::string(absent);
}

// "El:radius,El:radius" in element order, radii as exact().
std::string overrides_text(const RadiusOverrides& o) {
  std::string s;
  for (const auto& [el, r] : o) s += (s.empty() ? "" : ",") + el + ":" + exact(r);
  return s;
}
}  // namespace

std::string options_line(const AnalysisOptions& opt, const ReadOptions& read) {
  return "mobile=" + (opt.mobile_element.empty() ? std::string("none") : opt.mobile_element) +
         " probe=" + exact(opt.probe_A, "default") +
         " uniform_radius=" + exact(opt.uniform_radius_A, "none") +
         " radii=" + overrides_text(opt.radius_overrides) +
         " radii_set=" + radii_set_name(opt.radii_set) + " symprec=" + exact(opt.symprec_A) +
         " min_occupancy=" + exact(opt.min_occupancy) +
         " zeopp=" + (opt.zeopp_compatible ? "1" : "0") + " energy=" + (opt.energy ? "1" : "0") +
         " grid=" + exact(opt.energy_grid_A) + " barrier_model=" + barrier_model_source() +
         " strict=" + (read.strict ? "1" : "0");
}

std::string option_value(const std::string& options_line, const std::string& key) {
  const std::string tag = key + "=";
  for (size_t i = 0; i < options_line.size();) {
    size_t end = options_line.find(' ', i);
    if (end == std::string::npos) end = options_line.size();
    if (options_line.compare(i, tag.size(), tag) == 0 && i + tag.size() <= end)
      return options_line.substr(i + tag.size(), end - i - tag.size());
    i = end + 1;
  }
  return {};
}

std::string path_options_line(const std::string& mobile, double grid_A) {
  return "mobile=" + (mobile.empty() ? std::string("default") : mobile) + " grid=" + exact(grid_A) +
         " barrier_model=" + barrier_model_source();
}

}  // namespace channelmap
