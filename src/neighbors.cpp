#include "channelmap/neighbors.hpp"

#include <algorithm>

namespace channelmap {

PeriodicIndex::PeriodicIndex(const Lattice& lattice, const std::vector<Fractional>& points,
                             double bin_A)
    : lattice_(lattice) {
  // Keep the bin count modest for huge cells with few atoms.
  for (int i = 0; i < 3; ++i)
    nb_[i] = std::clamp(static_cast<int>(lattice.plane_spacing(i) / bin_A), 1, 200);
  for (int i = 0; i < 3; ++i) bin_step_[i] = Position(lattice.vector(i)) * (1.0 / nb_[i]);
  for (int sj : {-1, 1})
    for (int sk : {-1, 1})
      half_diag_ =
          std::max(half_diag_, (bin_step_[0] + bin_step_[1] * sj + bin_step_[2] * sk).length());
  half_diag_ = 0.5 * half_diag_ * (1 + 1e-9) + 1e-6;
  const size_t n_bins = static_cast<size_t>(nb_[0]) * nb_[1] * nb_[2];
  std::vector<int> bin_of(points.size());
  start_.assign(n_bins + 1, 0);
  pos_.reserve(points.size());
  for (size_t n = 0; n < points.size(); ++n) {
    Fractional f = wrap(points[n]);
    int b[3];
    for (int i = 0; i < 3; ++i) b[i] = std::min(static_cast<int>(f[i] * nb_[i]), nb_[i] - 1);
    bin_of[n] = (b[0] * nb_[1] + b[1]) * nb_[2] + b[2];
    ++start_[bin_of[n] + 1];
    pos_.push_back(lattice.orthogonalize(f));
  }
  for (size_t b = 0; b < n_bins; ++b) start_[b + 1] += start_[b];
  next_k_.assign(n_bins, 0);
  for (size_t row = 0; row < n_bins; row += nb_[2]) {
    int next = nb_[2];
    for (int k = nb_[2] - 1; k >= 0; --k) {
      if (start_[row + k + 1] > start_[row + k]) next = k;
      next_k_[row + k] = static_cast<unsigned char>(next);
    }
  }
  bin_point_.resize(points.size());
  bin_pos_.resize(points.size());
  std::vector<int> next(start_.begin(), start_.end() - 1);
  for (size_t n = 0; n < points.size(); ++n) {
    const int m = next[bin_of[n]]++;
    bin_point_[m] = static_cast<int>(n);
    bin_pos_[m] = pos_[n];
  }
}

}  // namespace channelmap
