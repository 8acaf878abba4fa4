// The ranking of candidate conductors (DESIGN.md section 8): structures ordered by the predicted
// migration barrier of their best percolating path (EnergyReport::predicted_em_eV, from the
// model of barrier_model.hpp), those outside the calibrated domain (applicability.hpp) after
// the others. Every ranked row carries the terms of its prediction: each model descriptor's
// value and its contribution (eV) to the predicted barrier. docs/ranking.md says how good the
// prediction is and where it fails.
#pragma once
#include <limits>
#include <string>
#include <vector>

#include "channelmap/report.hpp"

namespace channelmap {

struct BarrierTerm {
  std::string name;  // a descriptor of barrier_model_features()
  double value = std::numeric_limits<double>::quiet_NaN();  // its value on the deciding hop
  double contribution_eV = 0;  // its share of the predicted barrier (negative lowers it)
};

struct Ranking {
  // score = 1 / (1 + predicted_em_eV / tol::rank_half_score_em_eV), in (0, 1]: 0.5 at the
  // 0.65 eV line that separates good conductors in the calibration data; higher is better. NaN
  // when no barrier is predicted (energy not computed, no hop).
  double score = std::numeric_limits<double>::quiet_NaN();
  double predicted_em_eV = std::numeric_limits<double>::quiet_NaN();
  std::string basis;               // EnergyReport::predicted_em_basis, or why there is none
  double bias_eV = 0;              // the model's baseline (terms add to it)
  std::vector<BarrierTerm> terms;  // one per model descriptor, in the model's order
  bool in_domain = false;          // inside what the model was calibrated for
  std::string out_of_domain;       // the reasons, "; "-separated ("" inside)
};

// The score of a predicted barrier (see Ranking::score).
double score_from_barrier(double em_eV);

Ranking rank_structure(const Report& r);

}  // namespace channelmap
