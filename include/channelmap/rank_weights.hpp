// The constants of the ranking score (DESIGN.md section 8), in one place. The fitted weights
// are written by tools/calibrate_rank.py; docs/ranking.md explains every term.
//
// Score = sum over terms of weight * value, where value = the term's descriptor mapped linearly
// onto [0, 1] between `lo` and `hi` (clipped; `better` says which end is 1). A missing
// descriptor gives value 0, the worst end (src/rank.cpp says, per term, when a value is missing).
//
// lo/hi were chosen before fitting from physics, not from the labels: ratios to the mobile-ion
// radius run from 0 (no opening) to 1 (the hard-sphere ion passes); volume per anion from dense
// oxides (~13 A^3) to tellurides (~62 A^3); CN change 0-6; site CN over ChemEnv's CN 2-12;
// bond valence deviation +-1 valence unit.
//
// Weights: fitted by tools/calibrate_rank.py on /work/shared/reference/mg_barriers_train.csv
// (38 published NEB Mg barriers Em_min_eV, Devi et al. arXiv 2508.06459; the structures in
// shared/structures/mg_barrier_set/ described by `channelmap describe` 0.2): non-negative least
// squares of the rank of -Em on the term values, every weight then given a floor of
// `min_weight_share` (so the score responds to every descriptor), weights scaled to sum to 1.
// Spearman(score, -Em): leave-one-out cross-validated 0.510, in-sample 0.560 (n = 38).
// Calibrated for Mg2+ only.
#pragma once

namespace channelmap::rank {

// The mobile ion the weights were fitted for (Score::calibrated_for_mobile).
inline constexpr const char* calibrated_mobile_element = "Mg";

// Which end of [lo, hi] is good.
enum class Better { Higher, Lower };

struct TermSpec {
  const char* name;
  const char* unit;  // of the descriptor (lo and hi are in it)
  Better better;
  double lo, hi;  // mapped to value 0 and 1 (or 1 and 0 for Better::Lower)
  double weight;  // fitted (sums to 1 over the terms)
};

// Every term keeps at least this share of the total weight (dimensionless). A prior, not fitted:
// without it the fit gives the channel-width terms weight 0 (docs/ranking.md).
constexpr double min_weight_share = 0.02;

// BEGIN TERM TABLE (tools/calibrate_rank.py reads lo/hi from here and prints these lines)
// clang-format off
constexpr TermSpec term_specs[] = {
    // name                          unit          better          lo     hi     weight
    {"rmob_1d_ratio",                "1",          Better::Higher,  0.0,   1.0,   0.020000},
    {"percolation_dimensionality",   "dimensions", Better::Higher,  0.0,   3.0,   0.020000},
    {"hop_bottleneck_ratio",         "1",          Better::Higher,  0.0,   1.0,   0.020000},
    {"volume_per_anion",             "A^3",        Better::Higher, 10.0,  70.0,   0.862158},
    {"cn_change",                    "1",          Better::Lower,   0.0,   6.0,   0.020000},
    {"mobile_site_cn",               "1",          Better::Lower,   2.0,  12.0,   0.020000},
    {"bvs_deviation",                "vu",         Better::Lower,  -1.0,   1.0,   0.037842},
};
// clang-format on
// END TERM TABLE

constexpr int n_terms = sizeof(term_specs) / sizeof(term_specs[0]);

// The calibration (tools/calibrate_rank.py output), for reports and docs.
constexpr int calibration_n = 38;
constexpr double calibration_loo_spearman = 0.510;
constexpr double calibration_in_sample_spearman = 0.560;

}  // namespace channelmap::rank
