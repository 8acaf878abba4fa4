// The chemistry of every site of one structure, as the analysis uses it: oxidation states,
// which sites are anions, the radius of every framework species and where it came from, and
// bond valence sums. Each step returns its own result (report.hpp's pipeline collects them).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "channelmap/chemistry.hpp"
#include "channelmap/crystal.hpp"
#include "channelmap/radii.hpp"

namespace channelmap {

struct SiteChemistry {
  OxidationAssignment oxidation;  // the assignment (assigned = false: reason says why)
  // [site][species]: the states used: the assignment's, else the input's, else 0 (unknown).
  OxidationStates states;
  std::vector<char> anion;  // per site: is_anion_site() with `states`
  std::vector<std::string> warnings;
};

// Assigns oxidation states (assign_oxidation_states(); its failure is a warning, not an
// error) and decides each site's sign, leaving out `mobile` ("" : none) when deciding.
SiteChemistry site_chemistry(const Crystal& c, const std::string& mobile);

// The charge `mobile` takes in an assignment (its first positive state), 0 when not assigned.
int assigned_mobile_charge(const Crystal& c, const OxidationAssignment& ox,
                           const std::string& mobile);

// Where a framework sphere's radius came from, per species.
struct RadiusChoice {
  double radius_A = 0;
  int oxidation = 0;  // state the radius is for (0 when not used)
  int cn = 0;         // coordination number asked for (the site's own)
  // "shannon" (exact CN), "shannon-nearest-cn", "shannon-negative-as-0" (H+: Shannon's values
  // are negative, a point is used), "shannon-default" (no entry for the state:
  // the default radius), "element-default" (no oxidation state: the element's CN-6 value for
  // its usual state, usual_oxidation_state()), "vdw-bondi1964" / "vdw-mantina2009" (--radii-set
  // vdw), "file" (AnalysisOptions::radius_overrides: --radii FILE, or the Python module's radii=),
  // "uniform" (--uniform-radius), "mobile" (removed)
  std::string source;
};

struct RadiusOptions {
  RadiiSet set = RadiiSet::Shannon;
  RadiusOverrides overrides;        // per element, source "file"
  std::optional<double> uniform_A;  // every framework atom, source "uniform"
};

struct RadiusAssignment {
  std::vector<std::vector<RadiusChoice>> radii;  // [site][species]
  // One per kind of fallback ("radius fallback for N atom(s): ..."), and the organic-structure
  // warning when Shannon radii meet a molecular or metal-organic framework.
  std::vector<std::string> warnings;
};

// The radius of every species: the mobile element's is 0 ("mobile"); else the uniform radius,
// an override, a van der Waals radius (RadiiSet::Vdw), Shannon's radius for the species' state
// at its site's CN (`site_cn`, per site), or the element's default, in that order.
RadiusAssignment choose_radii(const Crystal& c, const OxidationStates& states,
                              const std::vector<int>& site_cn, const std::string& mobile,
                              const RadiusOptions& opt);

// Bond valence sum of each cation site's first species; NaN for anion sites, when the states
// are not assigned, or when a bonded pair has no parameters.
std::vector<double> cation_bond_valence_sums(const Crystal& c, const SiteChemistry& chem);

}  // namespace channelmap
