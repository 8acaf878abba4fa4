// Private to src/: the parts of the figure that do not draw (plot_geometry.cpp): projecting
// the cells of panel (a) onto the page, and the corners of a hop. plot.cpp draws with them.
#pragma once
#include <limits>
#include <vector>

#include "channelmap/plot.hpp"

namespace channelmap::detail {

// Negative infinity: "never" in Report's per-axis probe radii, "none" in the drawing.
constexpr double kNone = -std::numeric_limits<double>::infinity();

struct Box {
  double x0, y0, x1, y1;  // page points, y down
};

// The projection of panel (a): the cells seen along a direction (most nearly lattice axis k),
// scaled into a box.
struct View {
  int i = 0, j = 1, k = 2;  // in-plane axes i (right), j (up), depth axis k
  Vec3 u, v;                // orthonormal in-plane directions (Cartesian)
  double scale = 1, ox = 0, oy = 0;
  Box drawn{0, 0, 0, 0};  // page extent of the drawn cells
  const Lattice* lat = nullptr;
  // Projections of lattice axes i and j on (u, v), and how many cells of i and j the projection
  // of axis k spans (0 when the view is along k; a tilted view shifts deep atoms sideways).
  double pi[2] = {1, 0}, pj[2] = {0, 1};
  int extra = 0;
  void page(const Fractional& f, double* x, double* y) const {
    Position p = lat->orthogonalize(f);
    *x = ox + scale * p.dot(u);
    *y = oy - scale * p.dot(v);
  }
  // Where f appears in the drawing, in fractions of the projected axes i and j (f[i], f[j] for
  // a view along k).
  void apparent(const Fractional& f, double* p, double* q) const {
    Position c = lat->orthogonalize(f);
    double x = c.dot(u), y = c.dot(v), det = pi[0] * pj[1] - pi[1] * pj[0];
    *p = (x * pj[1] - y * pj[0]) / det;
    *q = (pi[0] * y - pi[1] * x) / det;
  }
};

// The view along Cartesian `direction` (unit) with `cells` x `cells` cells of in-plane axes
// i = depth_axis + 1, j = depth_axis + 2 (mod 3) fitted and centred in `area`; the projection of
// i points right, that of j up the page.
View make_view(const Lattice& L, const Vec3& direction, int depth_axis, int cells, const Box& area);

// Calls fn(image offset) for in-plane images -1..cells of the cell (widened by w.extra; depth
// axis offset 0).
template <typename Fn>
void for_images(const View& w, int cells, Fn fn) {
  for (int a = -1 - w.extra; a <= cells + w.extra; ++a)
    for (int b = -1 - w.extra; b <= cells + w.extra; ++b) {
      Fractional o(0, 0, 0);
      o[w.i] = a;
      o[w.j] = b;
      fn(o);
    }
}

// Whether f appears within the drawn cells (+ margin, in cells).
inline bool inside(const View& w, const Fractional& f, int cells, double margin) {
  double p, q;
  w.apparent(f, &p, &q);
  return p > -margin && p < cells + margin && q > -margin && q < cells + margin;
}

// Calls fn(x, y) at the page position of every image of `f` in the drawn cells (+ margin).
template <typename Fn>
void for_points(const View& w, int cells, const Fractional& f, double margin, Fn fn) {
  for_images(w, cells, [&](const Fractional& o) {
    if (!inside(w, f + o, cells, margin)) return;
    double x, y;
    w.page(f + o, &x, &y);
    fn(x, y);
  });
}

// A hop's corners: site `from`, its nodes, site `to` (fractional, in the frame of `from`).
std::vector<Fractional> hop_points(const Report& r, const Hop& h);

}  // namespace channelmap::detail
