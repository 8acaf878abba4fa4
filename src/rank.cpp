// Ranking score (DESIGN.md section 8). The constants are in channelmap/rank_weights.hpp, the
// formulas below, one function per term; docs/ranking.md is the readable version. The same
// formulas are in tools/calibrate_rank.py (which fits the weights from `describe` output): keep
// the two in step.
#include "channelmap/rank.hpp"

#include <algorithm>
#include <cmath>

#include "channelmap/descriptor_registry.hpp"
#include "channelmap/error.hpp"
#include "channelmap/rank_weights.hpp"

namespace channelmap {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double finite_or_nan(double x) {
  return std::isfinite(x) ? x : nan;
}

// x / radius, NaN when x is missing (NaN or +-infinity) or the radius is not positive.
double ratio_to_radius(double x, double radius_A) {
  if (!std::isfinite(x) || !std::isfinite(radius_A) || radius_A <= 0) {
    return nan;
  }
  return x / radius_A;
}

// ---- The terms: each returns its descriptor in the unit of rank::term_specs, NaN = missing.
// Their order is that of rank::term_specs.

// 1. Rmob_1D / r(ion): width of the narrowest passage on the best path that carries the ion
// through the crystal, relative to the ion. Missing when the ion never percolates.
double term_rmob_1d_ratio(const ScoreInputs& in) {
  return ratio_to_radius(in.rmob_A[0], in.mobile_radius_A);
}

// 2. Percolation dimensionality averaged over probe radii 0..r(ion): the number of independent
// directions d(p) in which mobile sites connect to their images for a probe of radius p,
// integrated from 0 to r and divided by r = sum_k clamp(Rmob_kD / r, 0, 1), in [0, 3].
// A dimension in which the ion never percolates adds 0. Missing only without a radius.
double term_percolation_dimensionality(const ScoreInputs& in) {
  if (!std::isfinite(in.mobile_radius_A) || in.mobile_radius_A <= 0) {
    return nan;
  }
  double d = 0;
  for (double rk : in.rmob_A) {
    double x = ratio_to_radius(rk, in.mobile_radius_A);
    if (!std::isnan(x)) {
      d += std::clamp(x, 0.0, 1.0);
    }
  }
  return d;
}

// 3. The widest passage out of a mobile site, relative to the ion: max(bottleneck of the widest
// hop, Rmob_1D) / r(ion). The hop is the widest path to another site within the hop cutoff;
// Rmob_1D the bottleneck of the path to the site's own image. The max keeps the
// term monotone in both, and a missing hop (none within the cutoff: dilute cells with one
// mobile site per cell) gives the least value any hop could give, Rmob_1D. Missing when both are.
double term_hop_bottleneck_ratio(const ScoreInputs& in) {
  double hop = ratio_to_radius(in.best_hop_bottleneck_A, in.mobile_radius_A);
  double rmob = ratio_to_radius(in.rmob_A[0], in.mobile_radius_A);
  if (std::isnan(hop)) {
    return rmob;
  }
  return std::isnan(rmob) ? hop : std::max(hop, rmob);
}

// 4. Cell volume per anion atom (A^3): a softer, more polarisable anion lattice. Missing without
// anions.
double term_volume_per_anion(const ScoreInputs& in) {
  double v = finite_or_nan(in.volume_per_anion_A3);
  return v > 0 ? v : nan;
}

// 5. Size of the CN change along the widest hop, |intermediate-site CN - site CN| (Rong et al.
// 2015: the barrier grows with the change; lower is better).
double term_cn_change(const ScoreInputs& in) {
  return finite_or_nan(in.cn_change);
}

// 6. Anion CN of the mobile site (lower is better: Mg2+ prefers CN 6, a site of lower CN is
// less stable and its hop climbs less). Missing below 1 (no anion neighbours).
double term_mobile_site_cn(const ScoreInputs& in) {
  double cn = finite_or_nan(in.mobile_site_cn);
  return cn >= 1 ? cn : nan;
}

// 7. Bond valence sum of the mobile site minus its oxidation state (vu; lower is better: an
// under-bonded ion sits in a shallow well). Missing when oxidation states are unknown.
double term_bvs_deviation(const ScoreInputs& in) {
  return finite_or_nan(in.mobile_site_bvs_deviation_vu);
}

using TermFunction = double (*)(const ScoreInputs&);
constexpr TermFunction term_functions[] = {term_rmob_1d_ratio,
                                           term_percolation_dimensionality,
                                           term_hop_bottleneck_ratio,
                                           term_volume_per_anion,
                                           term_cn_change,
                                           term_mobile_site_cn,
                                           term_bvs_deviation};
static_assert(sizeof(term_functions) / sizeof(term_functions[0]) == rank::n_terms,
              "one function per entry of rank::term_specs");

// The descriptor mapped onto [0, 1] (1 = best); 0 when missing.
double term_value(const rank::TermSpec& spec, double x) {
  if (std::isnan(x)) {
    return 0;
  }
  double t = (x - spec.lo) / (spec.hi - spec.lo);
  if (spec.better == rank::Better::Lower) {
    t = 1 - t;
  }
  return std::clamp(t, 0.0, 1.0);
}

}  // namespace

ScoreInputs score_inputs(const Report& r) {
  auto value = [&r](const char* name) { return descriptor_value(r, name); };
  ScoreInputs in;
  in.mobile_element = r.ion.element;
  in.mobile_radius_A = value("mobile_radius_A");
  in.rmob_A = {value("rmob_1d_A"), value("rmob_2d_A"), value("rmob_3d_A")};
  in.best_hop_bottleneck_A = value("best_hop_bottleneck_A");
  in.volume_per_anion_A3 = value("volume_per_anion_A3");
  in.cn_change = std::fabs(value("best_hop_cn_change"));  // +2 and -2 alike
  in.mobile_site_cn = value("mobile_site_cn");
  in.mobile_site_bvs_deviation_vu = value("mobile_site_bvs_deviation_vu");
  return in;
}

ScoreInputs score_inputs_along_axis(const Report& r, int axis) {
  if (axis < 0 || axis > 2) {
    fail("score along axis: axis ", axis, " is not 0 (a), 1 (b) or 2 (c)");
  }
  constexpr const char* axis_names[] = {"rmob_a_A", "rmob_b_A", "rmob_c_A"};
  ScoreInputs in = score_inputs(r);
  in.rmob_A[0] = descriptor_value(r, axis_names[axis]);
  return in;
}

Score score_descriptors(const ScoreInputs& in) {
  Score score;
  score.calibrated_for_mobile = in.mobile_element == rank::calibrated_mobile_element;
  for (int i = 0; i < rank::n_terms; ++i) {
    const rank::TermSpec& spec = rank::term_specs[i];
    ScoreTerm t;
    t.name = spec.name;
    t.descriptor = term_functions[i](in);
    t.missing = std::isnan(t.descriptor);
    t.value = term_value(spec, t.descriptor);
    t.weight = spec.weight;
    t.contribution = t.weight * t.value;
    score.total += t.contribution;
    score.terms.push_back(std::move(t));
  }
  return score;
}

Score score_structure(const Report& r) {
  return score_descriptors(score_inputs(r));
}

Score score_along_axis(const Report& r, int axis) {
  return score_descriptors(score_inputs_along_axis(r, axis));
}

}  // namespace channelmap
