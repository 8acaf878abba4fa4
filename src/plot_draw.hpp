// Private to src/: cairo drawing helpers shared by the figures (plot.cpp, plot_energy.cpp):
// colours, text, ticks and markers.
#pragma once
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace channelmap::detail {

constexpr const char* kFont = "DejaVu Sans";
constexpr const char* kAxisName[3] = {"a", "b", "c"};

struct Rgb {
  double r, g, b;
};
constexpr Rgb kHop{0.84, 0.15, 0.16};   // widest hop and its bottleneck (red)
constexpr Rgb kMobile{1.0, 0.55, 0.0};  // mobile-ion sites (orange)
constexpr Rgb kAtom{0.45, 0.45, 0.45};  // framework atoms (grey)
constexpr Rgb kInk{0.15, 0.15, 0.15};   // text and outlines
// matplotlib's viridis at 0, 1/8, ..., 1 (interpolated linearly in between).
constexpr Rgb kViridis[9] = {{0.267, 0.005, 0.329}, {0.278, 0.176, 0.482}, {0.231, 0.322, 0.545},
                             {0.173, 0.447, 0.557}, {0.129, 0.569, 0.549}, {0.157, 0.682, 0.502},
                             {0.369, 0.788, 0.384}, {0.678, 0.863, 0.188}, {0.992, 0.906, 0.145}};

inline Rgb viridis(double t) {
  t = std::clamp(t, 0.0, 1.0) * 8;
  int i = std::min(7, static_cast<int>(t));
  double f = t - i;
  const Rgb &a = kViridis[i], &b = kViridis[i + 1];
  return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

inline void color(cairo_t* cr, Rgb c, double alpha = 1) {
  cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

inline std::string fixed(double v, int decimals) {
  if (std::abs(v) < 0.5 * std::pow(10.0, -decimals)) v = 0;  // no "-0"
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

inline void font(cairo_t* cr, double size, bool bold) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

// Text with its anchor at (x, y): ha 0/0.5/1 = left/centre/right, va 0/0.5/1 = top/middle/bottom;
// `angle` in radians (counter-clockwise on the page).
inline void text(cairo_t* cr, double x, double y, const std::string& s, double size, double ha = 0,
                 double va = 0.5, double angle = 0, bool bold = false) {
  cairo_save(cr);
  font(cr, size, bold);
  cairo_text_extents_t te;
  cairo_text_extents(cr, s.c_str(), &te);
  double cap = 0.72 * size;  // height of capitals and digits
  cairo_translate(cr, x, y);
  cairo_rotate(cr, -angle);
  cairo_move_to(cr, -ha * te.x_advance, cap * (1 - va));
  cairo_show_text(cr, s.c_str());
  cairo_restore(cr);
}

inline double text_width(cairo_t* cr, const std::string& s, double size, bool bold = false) {
  font(cr, size, bold);
  cairo_text_extents_t te;
  cairo_text_extents(cr, s.c_str(), &te);
  return te.x_advance;
}

// A step of 1, 2 or 5 x 10^n giving about `ticks` intervals over `range`.
inline double nice_step(double range, int ticks) {
  double raw = range / ticks, p = std::pow(10.0, std::floor(std::log10(raw))), m = raw / p;
  return p * (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10);
}
inline int decimals_for(double step) {
  return std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
}

inline void circle(cairo_t* cr, double x, double y, double rad) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x, y, rad, 0, 2 * M_PI);
}
inline void diamond(cairo_t* cr, double x, double y, double s) {
  cairo_move_to(cr, x, y - s);
  cairo_line_to(cr, x + s, y);
  cairo_line_to(cr, x, y + s);
  cairo_line_to(cr, x - s, y);
  cairo_close_path(cr);
}
// Mobile site: orange diamond with a dark outline.
inline void mobile_marker(cairo_t* cr, double x, double y) {
  diamond(cr, x, y, 5.5);
  color(cr, kMobile);
  cairo_fill_preserve(cr);
  color(cr, kInk);
  cairo_set_line_width(cr, 1.0);
  cairo_stroke(cr);
}
// Bottleneck: red ring with a white halo.
inline void bottleneck_marker(cairo_t* cr, double x, double y) {
  circle(cr, x, y, 6);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 4.5);
  cairo_stroke_preserve(cr);
  color(cr, kHop);
  cairo_set_line_width(cr, 2.2);
  cairo_stroke(cr);
}
inline void line(cairo_t* cr, double x0, double y0, double x1, double y1) {
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
  cairo_stroke(cr);
}

}  // namespace channelmap::detail
