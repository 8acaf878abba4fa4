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

// The projection of panel (a): the cell seen along lattice axis k, scaled into a box.
struct View {
  int i = 0, j = 1, k = 2;  // in-plane axes i (right), j (up), viewing axis k
  Vec3 u, v;                // orthonormal in-plane directions (Cartesian)
  double scale = 1, ox = 0, oy = 0;
  Box drawn{0, 0, 0, 0};  // page extent of the drawn cells
  const Lattice* lat = nullptr;
  void page(const Fractional& f, double* x, double* y) const {
    Position p = lat->orthogonalize(f);
    *x = ox + scale * p.dot(u);
    *y = oy - scale * p.dot(v);
  }
};

// The view along Cartesian `direction` (unit) with `cells` x `cells` cells of in-plane axes
// i = depth_axis + 1, j = depth_axis + 2 (mod 3) fitted and centred in `area`; the projection of
// i points right, that of j up the page.
View make_view(const Lattice& L, const Vec3& direction, int depth_axis, int cells, const Box& area);

// Calls fn(image offset) for in-plane images -1..cells of the cell (viewing axis offset 0).
template <typename Fn>
void for_images(const View& w, int cells, Fn fn) {
  for (int a = -1; a <= cells; ++a)
    for (int b = -1; b <= cells; ++b) {
      Fractional o(0, 0, 0);
      o[w.i] = a;
      o[w.j] = b;
      fn(o);
    }
}

inline bool inside(const View& w, const Fractional& f, int cells, double margin) {
  return f[w.i] > -margin && f[w.i] < cells + margin && f[w.j] > -margin && f[w.j] < cells + margin;
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
