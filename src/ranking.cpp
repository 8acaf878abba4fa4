#include "channelmap/ranking.hpp"

#include <cmath>

#include "channelmap/applicability.hpp"
#include "channelmap/barrier_model.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

double score_from_barrier(double em_eV) {
  if (!std::isfinite(em_eV)) return std::nan("");
  return 1.0 / (1.0 + std::max(0.0, em_eV) / tol::rank_half_score_em_eV);
}

Ranking rank_structure(const Report& r) {
  Ranking k;
  Applicability a = check_applicability(r);
  const EnergyReport& e = r.energy;
  if (!e.computed) {
    k.basis = "no energy: " + e.reason;
  } else if (e.predicted_em_hop < 0) {
    k.basis = "no hop with a barrier";
  } else {
    k.basis = e.predicted_em_basis;
    k.predicted_em_eV = e.predicted_em_eV;
    k.score = score_from_barrier(e.predicted_em_eV);
    const auto& d = e.hop_descriptors[e.predicted_em_hop];
    BarrierExplanation x = explain_barrier(DescriptorMap(d.begin(), d.end()));
    k.bias_eV = x.bias_eV;
    const auto& names = barrier_model_features();
    for (size_t j = 0; j < names.size(); ++j)
      k.terms.push_back({names[j], x.value[j], x.contribution_eV[j]});
  }
  k.in_domain = a.in_domain();
  k.out_of_domain = a.text();
  return k;
}

}  // namespace channelmap
