// Ranking score of mobile-ion conductors (DESIGN.md section 8): a weighted sum of terms, each a
// monotone function of one descriptor, calibrated on published Mg migration barriers.
// docs/ranking.md gives every term with its formula and unit; the constants are in
// channelmap/rank_weights.hpp.
#pragma once
#include <array>
#include <limits>
#include <string>
#include <vector>

#include "channelmap/report.hpp"

namespace channelmap {

// One term of a score: the descriptor it reads, its value on [0, 1] (1 = best), its weight and
// contribution = weight * value.
struct ScoreTerm {
  std::string name;
  double value = 0;  // in [0, 1]; 0 (worst) when the descriptor is missing
  double weight = 0;
  double contribution = 0;
  double descriptor = std::numeric_limits<double>::quiet_NaN();  // in the term's unit; NaN: missing
  bool missing = false;
};

struct Score {
  double total = 0;  // sum of the contributions, in [0, 1] (weights sum to 1)
  std::vector<ScoreTerm> terms;
  // True when the mobile ion is Mg, the only ion the weights were fitted for. Other ions get the
  // same formula with their own radius; their score is uncalibrated.
  bool calibrated_for_mobile = false;
};

// The descriptors a score reads, as plain numbers (NaN = missing). score_inputs() fills it from
// the descriptor registry (channelmap/descriptor_registry.hpp): each member is the registry value
// named in its comment.
struct ScoreInputs {
  static constexpr double missing = std::numeric_limits<double>::quiet_NaN();
  std::string mobile_element;
  double mobile_radius_A = missing;  // reference radius of the mobile ion (mobile_radius_A)
  // Rmob_1D/2D/3D (rmob_1d_A, rmob_2d_A, rmob_3d_A): largest probe radius joining mobile sites to
  // their images in >= k dimensions; missing (or -infinity) when never.
  std::array<double, 3> rmob_A{missing, missing, missing};
  double best_hop_bottleneck_A = missing;  // best_hop_bottleneck_A: missing without hops
  double volume_per_anion_A3 = missing;    // volume_per_anion_A3: missing without anions
  double cn_change = missing;              // |best_hop_cn_change|: |intermediate CN - site CN|
  double mobile_site_cn = missing;         // mobile_site_cn (the term ignores values < 1)
  double mobile_site_bvs_deviation_vu = missing;  // mobile_site_bvs_deviation_vu
};

ScoreInputs score_inputs(const Report& r);
// The same with Rmob_1D replaced by Rmob along lattice axis `axis` (0 = a, 1 = b, 2 = c), to
// compare directions of one structure. Throws Error for an axis outside 0-2.
ScoreInputs score_inputs_along_axis(const Report& r, int axis);

// The score of a set of descriptors. Monotone: raising rmob_A[k], best_hop_bottleneck_A or
// volume_per_anion_A3, or lowering cn_change, mobile_site_cn or mobile_site_bvs_deviation_vu,
// never lowers the total; a missing descriptor scores as its worst value.
Score score_descriptors(const ScoreInputs& in);

// score_descriptors(score_inputs(r)).
Score score_structure(const Report& r);
// score_descriptors(score_inputs_along_axis(r, axis)).
Score score_along_axis(const Report& r, int axis);

}  // namespace channelmap
