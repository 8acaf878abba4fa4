// Whether a structure lies inside what the barrier model and the ranking were calibrated for
// (DESIGN.md section 8): inorganic hosts with anions, a site of the mobile ion, a plausible
// density and known oxidation states. Structures outside are ranked after the others, with the
// reasons shown.
#pragma once
#include <string>
#include <vector>

#include "channelmap/report.hpp"

namespace channelmap {

struct Applicability {
  // Short reasons, each a fixed phrase followed by the detail, e.g.
  // "organic framework: 24 C-C/C-H/N-H bonds". Empty: inside the calibrated domain.
  std::vector<std::string> reasons;
  bool in_domain() const { return reasons.empty(); }
  // The reasons joined by "; " ("" inside the domain).
  std::string text() const;
};

// The checks, in this order:
// - "no anion": no framework site has a negative oxidation state;
// - "no mobile-ion site": the mobile element occupies no site (as majority species);
// - "organic framework": C-C, C-H or N-H bonds shorter than tol::organic_bond_A (a
//   metal-organic framework, an ammine or another molecular host; the model was calibrated on
//   inorganic hosts only);
// - "implausible density": outside [tol::min_plausible_density_g_cm3,
//   tol::max_plausible_density_g_cm3];
// - "oxidation states unassigned": with the assignment's reason;
// - "mobile ion not calibrated": an ion the barrier data do not contain.
Applicability check_applicability(const Report& r);

// The mobile ions of the calibration data (../shared/reference/barrier_paths.csv):
// Li, Na, K, Rb, Mg, Ca, Sr, Zn, Al.
bool is_calibrated_mobile_ion(const std::string& element);

}  // namespace channelmap
