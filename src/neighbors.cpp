#include "channelmap/neighbors.hpp"

#include <algorithm>

namespace channelmap {

PeriodicIndex::PeriodicIndex(const Lattice& lattice, const std::vector<Fractional>& points,
                             double bin_A)
    : lattice_(lattice) {
  // Keep the bin count modest for huge cells with few atoms.
  for (int i = 0; i < 3; ++i)
    nb_[i] = std::clamp(static_cast<int>(lattice.plane_spacing(i) / bin_A), 1, 200);
  bins_.resize(static_cast<size_t>(nb_[0]) * nb_[1] * nb_[2]);
  pos_.reserve(points.size());
  for (size_t n = 0; n < points.size(); ++n) {
    Fractional f = wrap(points[n]);
    int b[3];
    for (int i = 0; i < 3; ++i) b[i] = std::min(static_cast<int>(f[i] * nb_[i]), nb_[i] - 1);
    bins_[(b[0] * nb_[1] + b[1]) * nb_[2] + b[2]].push_back(static_cast<int>(n));
    pos_.push_back(lattice.orthogonalize(f));
  }
}

}  // namespace channelmap
