#include "channelmap/mobile_ion.hpp"

#include <map>

#include "channelmap/chemistry.hpp"
#include "channelmap/radii.hpp"

namespace channelmap {

int default_mobile_charge(const std::string& element) {
  static const std::map<std::string, int> q = {
      {"Li", 1}, {"Na", 1}, {"K", 1},  {"Rb", 1}, {"Cs", 1}, {"Ag", 1}, {"Cu", 1},
      {"Mg", 2}, {"Ca", 2}, {"Sr", 2}, {"Ba", 2}, {"Zn", 2}, {"Al", 3}, {"Y", 3}};
  auto it = q.find(element);
  return it == q.end() ? 0 : it->second;
}

MobileIon mobile_ion(const std::string& element) {
  MobileIon ion;
  if (element.empty()) return ion;
  ion.element = element;
  ion.charge = default_mobile_charge(element);
  if (ion.charge > 0) {
    ShannonRadius sr = shannon_radius(element, ion.charge, 6);
    if (sr.fallback == RadiusFallback::Exact || sr.fallback == RadiusFallback::NearestCn) {
      ion.radius_A = sr.radius_A;
      return ion;
    }
  }
  ion.radius_A = RadiusTable::shannon_default().get(element).radius_A;  // throws when unknown
  return ion;
}

}  // namespace channelmap
