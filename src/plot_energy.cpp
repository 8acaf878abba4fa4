// The energy profile panel: BVSE along a minimum-energy path against the distance along it, with
// the clearance on a second axis when known. Panel (c) of `inspect --plot` (the widest hop) and
// the figure of `path --plot`.
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "channelmap/error.hpp"
#include "channelmap/plot.hpp"
#include "plot_draw.hpp"
#include "plot_panels.hpp"

namespace channelmap::detail {

namespace {
constexpr Rgb kEnergy{0.13, 0.30, 0.62};     // energy curve (blue)
constexpr Rgb kClearance{0.20, 0.55, 0.35};  // clearance curve (green)

// Axis ticks from lo to hi: a nice step, lo and hi rounded out to it.
struct Axis {
  double lo, hi, step;
};
Axis axis_for(double lo, double hi, int ticks) {
  if (!(hi > lo)) hi = lo + 1;
  double step = nice_step(hi - lo, ticks);
  return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step, step};
}
}  // namespace

std::string energy_path_subtitle(const EnergyPath& p) {
  if (!p.found) return "";
  return "ends " + fixed(p.hop_distance_A, 2) + " Å apart, path " + fixed(p.length_A, 2) +
         " Å; barrier " + fixed(p.barrier_eV, 3) + " eV (highest point minus the lower end), " +
         "saddle at " + fixed(p.saddle_s_A, 2) + " Å";
}

void energy_profile_panel(cairo_t* cr, const EnergyPath& p, const Box& pb, const std::string& title,
                          const std::string& subtitle, double mobile_radius_A) {
  color(cr, kInk);
  text(cr, pb.x0 - 60, pb.y0 - 48, title, 15, 0, 0.5, 0, true);
  if (!p.found || p.points.size() < 2) {
    text(cr, pb.x0 - 60, pb.y0 - 26, "No minimum-energy path: " + p.reason, 11.5);
    return;
  }
  text(cr, pb.x0 - 60, pb.y0 - 26, subtitle, 11.5);
  const double e0 = std::min(p.e_start_eV, p.e_end_eV);  // the barrier's reference
  double emin = 0, emax = 0;
  bool have_clearance = false;
  double cmax = mobile_radius_A > 0 ? mobile_radius_A : 0;
  for (const EnergyPathPoint& q : p.points) {
    emin = std::min(emin, q.energy_eV - e0), emax = std::max(emax, q.energy_eV - e0);
    if (std::isfinite(q.clearance_A)) have_clearance = true, cmax = std::max(cmax, q.clearance_A);
  }
  Axis ey = axis_for(emin, emax * 1.08 + 1e-3, 5);
  Axis cy = axis_for(0, cmax * 1.08 + 1e-3, 5);
  const double xhi = std::max(p.length_A, 1e-3), xstep = nice_step(xhi, 8);
  auto X = [&](double s) { return pb.x0 + s / xhi * (pb.x1 - pb.x0); };
  auto YE = [&](double e) { return pb.y1 - (e - ey.lo) / (ey.hi - ey.lo) * (pb.y1 - pb.y0); };
  auto YC = [&](double c) { return pb.y1 - (c - cy.lo) / (cy.hi - cy.lo) * (pb.y1 - pb.y0); };

  cairo_set_line_width(cr, 0.6);
  distance_ticks(cr, pb, xhi, xstep);
  for (double v = ey.lo; v <= ey.hi + 1e-9; v += ey.step) {
    color(cr, kInk, 0.15);
    line(cr, pb.x0, YE(v), pb.x1, YE(v));
    color(cr, kEnergy);
    line(cr, pb.x0 - 4, YE(v), pb.x0, YE(v));
    text(cr, pb.x0 - 7, YE(v), fixed(v, decimals_for(ey.step)), 11, 1);
  }
  color(cr, kInk);
  text(cr, (pb.x0 + pb.x1) / 2, pb.y1 + 32, "distance along the minimum-energy path (Å)", 12.5,
       0.5);
  color(cr, kEnergy);
  text(cr, pb.x0 - 50, (pb.y0 + pb.y1) / 2, "BVSE above the lower end (eV)", 12.5, 0.5, 0.5,
       M_PI / 2);
  if (have_clearance) {
    for (double v = cy.lo; v <= cy.hi + 1e-9; v += cy.step) {
      color(cr, kClearance);
      line(cr, pb.x1, YC(v), pb.x1 + 4, YC(v));
      text(cr, pb.x1 + 7, YC(v), fixed(v, decimals_for(cy.step)), 11, 0);
    }
    text(cr, pb.x1 + 48, (pb.y0 + pb.y1) / 2, "clearance radius (Å)", 12.5, 0.5, 0.5, -M_PI / 2);
    // Clearance along the path (dashed), and the ion's radius.
    std::vector<double> dash{5, 3};
    cairo_set_dash(cr, dash.data(), 2, 0);
    cairo_set_line_width(cr, 1.6);
    color(cr, kClearance);
    bool pen = false;
    for (const EnergyPathPoint& q : p.points) {
      if (!std::isfinite(q.clearance_A)) {
        pen = false;
        continue;
      }
      pen ? cairo_line_to(cr, X(q.s_A), YC(q.clearance_A))
          : cairo_move_to(cr, X(q.s_A), YC(q.clearance_A));
      pen = true;
    }
    cairo_stroke(cr);
    if (mobile_radius_A > 0) {
      std::vector<double> dot{2, 3};
      cairo_set_dash(cr, dot.data(), 2, 0);
      color(cr, kMobile);
      line(cr, pb.x0, YC(mobile_radius_A), pb.x1, YC(mobile_radius_A));
    }
    cairo_set_dash(cr, nullptr, 0, 0);
  }
  // The energy profile.
  for (size_t q = 0; q < p.points.size(); ++q)
    q == 0 ? cairo_move_to(cr, X(p.points[q].s_A), YE(p.points[q].energy_eV - e0))
           : cairo_line_to(cr, X(p.points[q].s_A), YE(p.points[q].energy_eV - e0));
  color(cr, kEnergy);
  cairo_set_line_width(cr, 2.2);
  cairo_stroke(cr);
  mobile_marker(cr, X(0), YE(p.points.front().energy_eV - e0));
  mobile_marker(cr, X(p.length_A), YE(p.points.back().energy_eV - e0));
  // The saddle and the barrier.
  double sx = X(p.saddle_s_A), sy = YE(p.e_max_eV - e0);
  bottleneck_marker(cr, sx, sy);
  // The label beside the saddle (the curve is lower on both sides), on the side with room.
  std::string bl = "barrier " + fixed(p.barrier_eV, 3) + " eV";
  const double w = text_width(cr, bl, 11.5, true);
  const bool right = sx + 12 + w < pb.x1 - 4;
  const double lx = right ? sx + 12 : sx - 12 - w, ly = std::max(sy, pb.y0 + 10);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);  // a backing so lines behind do not cross it
  cairo_rectangle(cr, lx - 2, ly - 8, w + 4, 16);
  cairo_fill(cr);
  color(cr, kHop);
  text(cr, lx, ly, bl, 11.5, 0, 0.5, 0, true);
  color(cr, kInk);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, pb.x0, pb.y0, pb.x1 - pb.x0, pb.y1 - pb.y0);
  cairo_stroke(cr);

  // Legend.
  double x = pb.x0, y = pb.y1 + 58;
  auto entry = [&](const std::string& s) {
    color(cr, kInk);
    text(cr, x + 14, y, s, 10.5);
    x += 14 + text_width(cr, s, 10.5) + 20;
  };
  color(cr, kEnergy);
  cairo_set_line_width(cr, 2.2);
  line(cr, x - 6, y, x + 8, y);
  entry("BVSE (softBV)");
  bottleneck_marker(cr, x, y);
  entry("saddle (highest point)");
  mobile_marker(cr, x, y);
  entry("path ends (relaxed)");
  if (have_clearance) {
    std::vector<double> dash{5, 3};
    cairo_set_dash(cr, dash.data(), 2, 0);
    color(cr, kClearance);
    cairo_set_line_width(cr, 1.6);
    line(cr, x - 6, y, x + 8, y);
    entry("clearance");
    if (mobile_radius_A > 0) {
      std::vector<double> dot{2, 3};
      cairo_set_dash(cr, dot.data(), 2, 0);
      color(cr, kMobile);
      line(cr, x - 6, y, x + 8, y);
      entry("ion radius (CN 6) " + fixed(mobile_radius_A, 2) + " Å");
    }
    cairo_set_dash(cr, nullptr, 0, 0);
  }
}

}  // namespace channelmap::detail

namespace channelmap {

void write_path_plot(const EnergyPath& path, const std::string& title, const std::string& out,
                     double mobile_radius_A, const PlotOptions& opt) {
  constexpr double w = 1000, h = 520;
  detail::render_figure(out, w, h, opt.png_scale, [&](cairo_t* cr) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    std::string sub = detail::energy_path_subtitle(path);
    detail::energy_profile_panel(cr, path, detail::Box{100, 80, 900, 410}, title, sub,
                                 mobile_radius_A);
  });
}

}  // namespace channelmap
