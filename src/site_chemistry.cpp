#include "channelmap/site_chemistry.hpp"

#include <cmath>
#include <limits>
#include <map>

#include "channelmap/error.hpp"

namespace channelmap {

SiteChemistry site_chemistry(const Crystal& c, const std::string& mobile) {
  SiteChemistry chem;
  try {
    chem.oxidation = assign_oxidation_states(c);
  } catch (const std::exception& e) {
    chem.oxidation = OxidationAssignment{};
    chem.oxidation.reason = e.what();
  }
  if (!chem.oxidation.assigned)
    chem.warnings.push_back("oxidation states not assigned: " + chem.oxidation.reason);
  for (const auto& n : chem.oxidation.notes) chem.warnings.push_back("oxidation states: " + n);
  chem.states.assign(c.sites.size(), {});
  chem.anion.assign(c.sites.size(), 0);
  for (size_t i = 0; i < c.sites.size(); ++i) {
    for (size_t k = 0; k < c.sites[i].species.size(); ++k) {
      const Species& sp = c.sites[i].species[k];
      int q = 0;
      if (chem.oxidation.assigned)
        q = chem.oxidation.states[i][k];
      else if (sp.oxidation)
        q = *sp.oxidation;
      chem.states[i].push_back(q);
    }
    chem.anion[i] = is_anion_site(c.sites[i], chem.states[i], mobile);
  }
  return chem;
}

int assigned_mobile_charge(const Crystal& c, const OxidationAssignment& ox,
                           const std::string& mobile) {
  if (!ox.assigned || mobile.empty()) return 0;
  for (size_t i = 0; i < c.sites.size(); ++i)
    for (size_t k = 0; k < c.sites[i].species.size(); ++k)
      if (c.sites[i].species[k].element == mobile && ox.states[i][k] > 0) return ox.states[i][k];
  return 0;
}

RadiusAssignment choose_radii(const Crystal& c, const OxidationStates& states,
                              const std::vector<int>& site_cn, const std::string& mobile,
                              const RadiusOptions& opt) {
  RadiusTable table = RadiusTable::shannon_default();
  table.apply_overrides(opt.overrides);
  RadiusAssignment out;
  out.radii.assign(c.sites.size(), {});
  std::map<std::string, int> fallbacks;
  for (size_t i = 0; i < c.sites.size(); ++i)
    for (size_t k = 0; k < c.sites[i].species.size(); ++k) {
      const Species& sp = c.sites[i].species[k];
      RadiusChoice rc;
      rc.cn = site_cn[i];
      rc.oxidation = states[i][k];
      if (!mobile.empty() && sp.element == mobile) {
        rc.source = "mobile";
      } else if (opt.uniform_A) {
        rc.radius_A = *opt.uniform_A;
        rc.source = "uniform";
      } else if (table.has(sp.element) && table.get(sp.element).source == "file") {
        rc.radius_A = table.get(sp.element).radius_A;
        rc.source = "file";
      } else if (auto vdw = opt.set == RadiiSet::Vdw ? vdw_radius(sp.element) : std::nullopt) {
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
      if (opt.set == RadiiSet::Vdw && !own && rc.source.rfind("vdw-", 0) != 0)
        ++fallbacks[cat(sp.element, ": no van der Waals radius (Bondi 1964, Mantina 2009), ",
                        rc.source, " ", rc.radius_A, " A")];
      else if (rc.source != "shannon" && !own && rc.source.rfind("vdw-", 0) != 0)
        ++fallbacks[cat(sp.element, rc.oxidation > 0 ? "+" : "",
                        rc.oxidation != 0 ? std::to_string(rc.oxidation) : std::string(""), " CN ",
                        rc.cn, ": ", rc.source, " ", rc.radius_A, " A")];
      out.radii[i].push_back(rc);
    }
  for (const auto& [what, n] : fallbacks)
    out.warnings.push_back(cat("radius fallback for ", n, " atom(s): ", what));
  if (opt.set == RadiiSet::Shannon && !opt.uniform_A) {
    OrganicCheck oc = check_organic(c);
    if (oc.organic)
      out.warnings.push_back(cat("the structure looks organic (C and H are ",
                                 std::lround(100 * oc.ch_share), " % of the atoms, ", oc.bonds,
                                 " C-C/C-H bonds): Shannon's ionic radii make its C and H nearly "
                                 "points (C4+ 0.16 A, H 0); use --radii-set vdw"));
  }
  return out;
}

std::vector<double> cation_bond_valence_sums(const Crystal& c, const SiteChemistry& chem) {
  std::vector<double> bvs(c.sites.size(), std::numeric_limits<double>::quiet_NaN());
  if (!chem.oxidation.assigned) return bvs;
  auto sums = bond_valence_sums(c, chem.oxidation.states);
  for (size_t i = 0; i < c.sites.size(); ++i)
    if (!chem.anion[i] && !sums[i].empty() && sums[i][0].complete) bvs[i] = sums[i][0].value;
  return bvs;
}

}  // namespace channelmap
