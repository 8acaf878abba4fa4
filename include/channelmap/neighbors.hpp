// Periodic cell list: all images of a set of points within a distance of a query point.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>

#include "channelmap/crystal.hpp"

namespace channelmap {

class PeriodicIndex {
 public:
  // `bin_A`: approximate bin edge (A); points are given wrapped or not (they are wrapped).
  PeriodicIndex(const Lattice& lattice, const std::vector<Fractional>& points, double bin_A = 2.0);

  // Calls f(point_index, image_position, offset) for every image with |image - p| <= r.
  // `offset` is the lattice translation from the wrapped point to the image.
  template <typename F>
  void for_each_within(const Position& p, double r, F&& f) const {
    find_within(p, r, [&](int i, const Position& q, const Offset& o) {
      f(i, q, o);
      return false;
    });
  }
  // The same in the same order, until f returns true; returns whether it did.
  template <typename F>
  bool find_within(const Position& p, double r, F&& f) const {
    Fractional fp = lattice_.fractionalize(p);
    int lo[3], hi[3];
    for (int i = 0; i < 3; ++i) {
      double ext = r / lattice_.plane_spacing(i);
      lo[i] = static_cast<int>(std::floor((fp[i] - ext) * nb_[i]));
      hi[i] = static_cast<int>(std::floor((fp[i] + ext) * nb_[i]));
    }
    const double r2 = r * r;
    // Bins whose centre is farther from p than r plus the bins' half diagonal hold no point
    // within r: along each row of bins (fixed i, j) the others form one run of k, solved from
    // |centre(k) - p| <= R, a quadratic in k. Skipping the rest keeps the order of the points
    // visited. Only for rows long enough to gain from it.
    const double R = r + half_diag_;
    const double A = bin_step_[2].length_sq();
    const bool cull = hi[2] - lo[2] >= 4;
    // The translation changes only where a bin index crosses a cell boundary: computed then
    // (the last cell image is kept as three ints: comparing a stored Offset stalled on
    // store forwarding).
    int last_i = 0, last_j = 0, last_k = 0;
    Position shift = lattice_.translation(Offset{0, 0, 0});
    for (int i = lo[0]; i <= hi[0]; ++i) {
      const int si = floor_div(i, nb_[0]);
      const int bi = (i - si * nb_[0]) * nb_[1];
      for (int j = lo[1]; j <= hi[1]; ++j) {
        const int sj = floor_div(j, nb_[1]);
        int k0 = lo[2], k1 = hi[2];
        if (cull) {
          const Position d =
              bin_step_[0] * (i + 0.5) + bin_step_[1] * (j + 0.5) + bin_step_[2] * 0.5 - p;
          const double B = d.dot(bin_step_[2]), C = d.length_sq() - R * R;
          const double disc = B * B - A * C;
          if (!(disc >= 0)) continue;
          const double sq = std::sqrt(disc);
          k0 = std::max(k0, static_cast<int>(std::ceil((-B - sq) / A)));
          k1 = std::min(k1, static_cast<int>(std::floor((-B + sq) / A)));
          if (k0 > k1) continue;
        }
        const int bij = (bi + (j - sj * nb_[1])) * nb_[2];
        // k0..k1 in runs of one cell image each (fixed sk), through the non-empty bins only.
        int sk = floor_div(k0, nb_[2]);
        for (int k = k0, kk = k0 - sk * nb_[2]; k <= k1; k += nb_[2] - kk, kk = 0, ++sk) {
          const int kend = std::min(nb_[2] - 1, kk + (k1 - k));
          for (int kb = next_k_[bij + kk]; kb <= kend;
               kb = kb < kend ? next_k_[bij + kb + 1] : kend + 1) {
            const int bin = bij + kb;
            const int first = start_[bin], last = start_[bin + 1];
            if (si != last_i || sj != last_j || sk != last_k) {
              last_i = si;
              last_j = sj;
              last_k = sk;
              shift = lattice_.translation(Offset{si, sj, sk});
            }
            const Offset off{si, sj, sk};
            for (int m = first; m < last; ++m) {
              Position q = bin_pos_[m] + shift;
              if ((q - p).length_sq() <= r2 && f(bin_point_[m], q, off)) return true;
            }
          }
        }
      }
    }
    return false;
  }

  const Lattice& lattice() const { return lattice_; }
  size_t size() const { return pos_.size(); }
  // Cartesian position of the wrapped point i.
  const Position& position(int i) const { return pos_[i]; }

 private:
  static int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
  Lattice lattice_;
  int nb_[3] = {1, 1, 1};
  // The edges of a bin (the lattice vectors over the bin counts), and the largest distance from
  // a bin's centre to a point of it, with a margin for rounding.
  Position bin_step_[3];
  double half_diag_ = 0;
  // The points bin by bin (each bin's in increasing index): bin b holds entries
  // start_[b] .. start_[b + 1] - 1 of bin_point_ (point index) and bin_pos_ (its position),
  // stored together so that a query reads them in order.
  std::vector<int> start_;
  // For each bin, the k of the first non-empty bin at or after it in its row (fixed i, j), or
  // nb_[2]: queries step over the empty bins of large pores without reading them.
  std::vector<unsigned char> next_k_;
  std::vector<int> bin_point_;
  std::vector<Position> bin_pos_;
  std::vector<Position> pos_;
};

}  // namespace channelmap
