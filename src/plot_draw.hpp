// Private to src/: cairo drawing helpers shared by the figures (plot.cpp, plot_energy.cpp):
// colours, text, ticks and markers.
#pragma once
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

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

// Atom colours by element: Jmol's CPK colours (jmol.sourceforge.net/jscolors), the ones VESTA
// and most viewers follow, for the elements of common frameworks; others get grey.
inline Rgb element_colour(const std::string& el) {
  struct Entry {
    const char* el;
    unsigned rgb;
  };
  static const Entry kJmol[] = {
      {"H", 0xFFFFFF},  {"Li", 0xCC80FF}, {"Be", 0xC2FF00}, {"B", 0xFFB5B5},  {"C", 0x909090},
      {"N", 0x3050F8},  {"O", 0xFF0D0D},  {"F", 0x90E050},  {"Na", 0xAB5CF2}, {"Mg", 0x8AFF00},
      {"Al", 0xBFA6A6}, {"Si", 0xF0C8A0}, {"P", 0xFF8000},  {"S", 0xFFFF30},  {"Cl", 0x1FF01F},
      {"K", 0x8F40D4},  {"Ca", 0x3DFF00}, {"Sc", 0xE6E6E6}, {"Ti", 0xBFC2C7}, {"V", 0xA6A6AB},
      {"Cr", 0x8A99C7}, {"Mn", 0x9C7AC7}, {"Fe", 0xE06633}, {"Co", 0xF090A0}, {"Ni", 0x50D050},
      {"Cu", 0xC88033}, {"Zn", 0x7D80B0}, {"Ga", 0xC28F8F}, {"Ge", 0x668F8F}, {"As", 0xBD80E3},
      {"Se", 0xFFA100}, {"Br", 0xA62929}, {"Rb", 0x702EB0}, {"Sr", 0x00FF00}, {"Y", 0x94FFFF},
      {"Zr", 0x94E0E0}, {"Nb", 0x73C2C9}, {"Mo", 0x54B5B5}, {"Ag", 0xC0C0C0}, {"Cd", 0xFFD98F},
      {"In", 0xA67573}, {"Sn", 0x668080}, {"Sb", 0x9E63B5}, {"Te", 0xD47A00}, {"I", 0x940094},
      {"Cs", 0x57178F}, {"Ba", 0x00C900}, {"La", 0x70D4FF}, {"W", 0x2194D6},  {"Pb", 0x575961},
      {"Bi", 0x9E4FB5}};
  for (const Entry& e : kJmol)
    if (el == e.el)
      return {((e.rgb >> 16) & 0xFF) / 255.0, ((e.rgb >> 8) & 0xFF) / 255.0,
              (e.rgb & 0xFF) / 255.0};
  return kAtom;
}

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

// Text of an SVG figure, kept as text: while render_figure() draws an SVG, text() records each
// string here (position in page points, after the transformation) instead of letting cairo's
// SVG surface turn it into glyph outlines; render_figure() writes them as <text> elements.
struct TextItem {
  double x, y;    // anchor on the baseline (page points)
  double anchor;  // 0 start, 0.5 middle, 1 end
  double angle;   // radians, counter-clockwise on the page
  double size;    // font size (points)
  bool bold;
  double r, g, b, a;
  std::string s;
};
inline thread_local std::vector<TextItem>* svg_text = nullptr;

// Writes the figure `draw` paints on a width x height (points) page to `path`: SVG (text kept as
// <text> elements) or PNG (png_scale pixels per point), by the name's extension. Throws Error
// when the format is unknown or the file cannot be written.
void render_figure(const std::string& path, double width, double height, double png_scale,
                   const std::function<void(cairo_t*)>& draw);

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
  if (svg_text) {
    double px = 0, py = cap * (1 - va), r = 0, g = 0, b = 0, a = 1;
    cairo_user_to_device(cr, &px, &py);
    cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &b, &a);
    svg_text->push_back({px, py, ha, angle, size, bold, r, g, b, a, s});
  } else {
    cairo_move_to(cr, -ha * te.x_advance, cap * (1 - va));
    cairo_show_text(cr, s.c_str());
  }
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
