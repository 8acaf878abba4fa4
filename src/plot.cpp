// The figure of `channelmap inspect --plot`: panels (a) the network and (b) the clearance along a
// hop, and (c) the energy along it when computed.
#include "channelmap/plot.hpp"

#include <cairo.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <optional>

#include "channelmap/error.hpp"
#include "channelmap/export_energy.hpp"
#include "channelmap/framework.hpp"
#include "plot_draw.hpp"
#include "plot_geometry.hpp"
#include "plot_panels.hpp"

namespace channelmap {

namespace {
using detail::Box;
using detail::for_images;
using detail::for_points;
using detail::hop_points;
using detail::inside;
using detail::kNone;
using detail::make_view;
using detail::View;
using namespace detail;  // drawing helpers (plot_draw.hpp)

constexpr double kWidth = 1100, kHeight = 580;  // figure size (points), panels (a) and (b)
constexpr double kEnergyHeight = 340;           // added below them for panel (c)
// Colour bar range at least this wide (A): equal bottlenecks (e.g. rock salt) get one colour.
constexpr double kMinColourSpan_A = 0.1;

// ---------------------------------------------------------------- panel (a): the network
// Traces the in-plane rectangle [i0, i1] x [j0, j1] (fractional); a line when i0 = i1 or j0 = j1.
void cell_outline(cairo_t* cr, const View& w, double i0, double j0, double i1, double j1) {
  const double c[5][2] = {{i0, j0}, {i1, j0}, {i1, j1}, {i0, j1}, {i0, j0}};
  for (int q = 0; q < 5; ++q) {
    Fractional f(0, 0, 0);
    f[w.i] = c[q][0];
    f[w.j] = c[q][1];
    double x, y;
    w.page(f, &x, &y);
    q == 0 ? cairo_move_to(cr, x, y) : cairo_line_to(cr, x, y);
  }
}

void colour_bar(cairo_t* cr, const Box& b, double lo, double hi, const Report& r) {
  cairo_pattern_t* grad = cairo_pattern_create_linear(0, b.y1, 0, b.y0);
  for (int q = 0; q < 9; ++q)
    cairo_pattern_add_color_stop_rgb(grad, q / 8.0, kViridis[q].r, kViridis[q].g, kViridis[q].b);
  cairo_rectangle(cr, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
  cairo_set_source(cr, grad);
  cairo_fill_preserve(cr);
  cairo_pattern_destroy(grad);
  color(cr, kInk);
  cairo_set_line_width(cr, 0.8);
  cairo_stroke(cr);
  auto y_of = [&](double v) { return b.y1 - (v - lo) / (hi - lo) * (b.y1 - b.y0); };
  // The mobile ion's radius as a red mark, its label replacing the ticks next to it.
  double ion = r.ion.none() ? kNone : y_of(r.ion.radius_A);
  bool show_ion = ion >= b.y0 && ion <= b.y1;
  double step = nice_step(hi - lo, 5), label_right = b.x1;
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + 1e-9; v += step) {
    line(cr, b.x1, y_of(v), b.x1 + 4, y_of(v));
    std::string s = fixed(v, decimals_for(step));
    label_right = std::max(label_right, b.x1 + 7 + text_width(cr, s, 10.5));
    if (!show_ion || std::abs(y_of(v) - ion) > 12) text(cr, b.x1 + 7, y_of(v), s, 10.5);
  }
  if (show_ion) {
    color(cr, kHop);
    cairo_set_line_width(cr, 2);
    line(cr, b.x0, ion, b.x1 + 4, ion);
    text(cr, b.x1 + 7, ion, "r(" + r.ion.element + ")", 10.5);
  }
  color(cr, kInk);
  text(cr, label_right + 14, (b.y0 + b.y1) / 2, "edge bottleneck radius (Å)", 12, 0.5, 0.5,
       M_PI / 2);
}

// The element of a framework sphere: its site's non-mobile species of largest occupancy.
std::string sphere_element(const Report& r, const Sphere& sp) {
  const Species* main = nullptr;
  for (const Species& x : r.crystal.sites[sp.site].species)
    if (x.element != r.ion.element && (!main || x.occupancy > main->occupancy)) main = &x;
  return main ? main->element : r.crystal.sites[sp.site].species[0].element;
}

void atom_marker(cairo_t* cr, double x, double y, const std::string& element, bool anion) {
  circle(cr, x, y, anion ? 2.6 : 2.0);  // anions a little larger
  color(cr, element_colour(element));
  cairo_fill_preserve(cr);
  color(cr, kInk, 0.8);
  cairo_set_line_width(cr, 0.35);
  cairo_stroke(cr);
}

// Two rows: the framework elements and the nodes, then the mobile sites and the hop.
void legend(cairo_t* cr, double x0, double y, const Report& r, int hop,
            const std::vector<std::pair<std::string, bool>>& elements) {
  double x = x0;
  auto entry = [&](const std::string& s, double gap = 18) {
    color(cr, kInk);
    text(cr, x + 12, y, s, 10.5);
    x += 12 + text_width(cr, s, 10.5) + gap;
  };
  for (const auto& [el, anion] : elements) {
    atom_marker(cr, x, y, el, anion);
    entry(el, 10);
  }
  x += 8;
  cairo_set_line_width(cr, 1);
  circle(cr, x, y, 5);
  color(cr, kInk, 0.7);
  cairo_stroke(cr);
  entry("node (radius = clearance)");
  if (r.mobile.sites.empty()) return;
  x = x0, y += 20;
  mobile_marker(cr, x, y);
  entry(r.ion.element + " site");
  if (hop < 0) return;
  color(cr, kHop);
  cairo_set_line_width(cr, 3);
  line(cr, x - 8, y, x + 6, y);
  entry("hop #" + std::to_string(r.mobile.hops[hop].group + 1) +
        (r.mobile.hops[hop].group == 0 ? " (the widest)" : ""));
  bottleneck_marker(cr, x, y);
  entry("its bottleneck");
}

void network_panel(cairo_t* cr, const Report& r, const PlotOptions& opt, int hop) {
  const VoidNetwork& net = r.network;
  const Lattice& L = net.lattice;
  PlotView pv = plot_view(r, opt);
  int ai = (pv.depth_axis + 1) % 3, aj = (pv.depth_axis + 2) % 3;
  bool big =
      std::max(L.vector(ai).length(), L.vector(aj).length()) > opt.max_cell_width_for_2x2_A ||
      static_cast<int>(net.nodes.size()) > opt.max_nodes_for_2x2;
  int cells = big ? 1 : 2;
  color(cr, kInk);
  text(cr, 20, 22, "(a) Void network viewed along " + pv.description, 15, 0, 0.5, 0, true);
  std::string who = r.crystal.name + (r.symmetry ? ", " + r.symmetry->symbol : "") + ": ";
  std::string why;
  if (!opt.axis.empty()) {
    why = "as asked (--plot-axis); ";
  } else if (hop >= 0) {
    why = "perpendicular to hop #" + std::to_string(r.mobile.hops[hop].group + 1) + "; ";
  } else {
    ViewAxis va = view_axis(r);
    why = va.quantity.empty() ? "no channel percolates; "
                              : "most open axis, " + va.quantity + " along " + kAxisName[va.axis] +
                                    " = " + fixed(va.value_A, 3) + " Å; ";
  }
  text(cr, 20, 42, who + why + (big ? "one cell" : "2 × 2 cells"), 11.5);
  const Box area{40, 66, 470, 470};
  View w = make_view(L, pv.direction, pv.depth_axis, cells, area);
  double lo = std::numeric_limits<double>::infinity(), hi = kNone;
  for (const Edge& e : net.edges)
    lo = std::min(lo, e.bottleneck_A), hi = std::max(hi, e.bottleneck_A);
  lo = std::max(lo, 0.0);
  if (!(hi - lo >= kMinColourSpan_A)) {  // (also when there are no edges)
    double mid = net.edges.empty() ? 0 : (lo + hi) / 2;
    lo = std::max(0.0, mid - kMinColourSpan_A / 2), hi = lo + kMinColourSpan_A;
  }

  cairo_save(cr);
  cell_outline(cr, w, 0, 0, cells, cells);
  cairo_clip(cr);
  // Nodes as outlines (the largest sphere at each, to scale) under the edges, fainter where the
  // circles crowd (sum of node radii per A^2 of the projected cell).
  double crowd = 0;
  for (const Node& n : net.nodes) crowd += std::max(n.radius_A, 0.0);
  crowd /= L.volume() / L.vector(pv.depth_axis).length();
  color(cr, kInk, std::clamp(0.6 / crowd, 0.06, 0.45));
  cairo_set_line_width(cr, 0.6);
  for (const Node& n : net.nodes)
    for_points(w, cells, n.frac, 0.1, [&](double x, double y) {
      circle(cr, x, y, std::max(1.0, n.radius_A * w.scale));
      cairo_stroke(cr);
    });
  std::vector<int> order(net.edges.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return net.edges[a].bottleneck_A < net.edges[b].bottleneck_A; });
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  for (int ei : order) {
    const Edge& e = net.edges[ei];
    double t = std::clamp((e.bottleneck_A - lo) / (hi - lo), 0.0, 1.0);
    color(cr, viridis(t), 0.45 + 0.55 * t);  // narrow edges recede
    cairo_set_line_width(cr, 0.7 + 2.6 * t);
    const Offset& d = e.offset;
    for_images(w, cells, [&](const Fractional& o) {
      Fractional f0 = net.nodes[e.from].frac + o,
                 f1 = net.nodes[e.to].frac + o + Fractional(d[0], d[1], d[2]);
      if (!inside(w, f0, cells, 0.05) && !inside(w, f1, cells, 0.05)) return;
      double x0, y0, x1, y1;
      w.page(f0, &x0, &y0);
      w.page(f1, &x1, &y1);
      line(cr, x0, y0, x1, y1);
    });
  }
  std::vector<std::pair<std::string, bool>> elements;  // in order of first appearance
  for (const Sphere& s : r.framework.spheres) {
    std::string el = sphere_element(r, s);
    if (std::none_of(elements.begin(), elements.end(), [&](auto& e) { return e.first == el; }))
      elements.emplace_back(el, s.anion);
    for_points(w, cells, s.frac, 0.02,
               [&](double x, double y) { atom_marker(cr, x, y, el, s.anion); });
  }
  cairo_restore(cr);

  cairo_set_line_width(cr, 0.6);
  color(cr, kInk, 0.5);
  std::vector<double> dash{4, 3};
  cairo_set_dash(cr, dash.data(), 2, 0);
  for (int q = 1; q < cells; ++q) {  // inner cell boundaries
    cell_outline(cr, w, q, 0, q, cells);
    cell_outline(cr, w, 0, q, cells, q);
    cairo_stroke(cr);
  }
  cairo_set_dash(cr, nullptr, 0, 0);
  color(cr, kInk);
  cairo_set_line_width(cr, 1.2);
  cell_outline(cr, w, 0, 0, cells, cells);
  cairo_stroke(cr);
  for (int q = 0; q < 2; ++q) {  // axis names at the middle of the outer edges
    Fractional f(0, 0, 0);
    f[q == 0 ? w.i : w.j] = cells / 2.0;
    double x, y;
    w.page(f, &x, &y);
    text(cr, q == 0 ? x : x - 14, q == 0 ? y + 19 : y, kAxisName[q == 0 ? w.i : w.j], 13,
         q == 0 ? 0.5 : 1, 0.5, 0, true);
  }

  // The hop, moved by a lattice vector to the middle of the drawing, over the sites.
  std::vector<Fractional> path =
      hop < 0 ? std::vector<Fractional>{} : hop_points(r, r.mobile.hops[hop]);
  Fractional shift(0, 0, 0);
  if (!path.empty()) {
    Fractional mean =
        std::accumulate(path.begin(), path.end(), Fractional(0, 0, 0)) * (1.0 / path.size());
    double ap, aq;  // where the hop's middle appears, in cells of the projected axes
    w.apparent(mean, &ap, &aq);
    shift[w.i] = std::floor(cells / 2.0 + 0.5 - ap);
    shift[w.j] = std::floor(cells / 2.0 + 0.5 - aq);
  }
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (int pass = 0; pass < 2 && !path.empty(); ++pass) {
    for (size_t q = 0; q < path.size(); ++q) {
      double x, y;
      w.page(path[q] + shift, &x, &y);
      q == 0 ? cairo_move_to(cr, x, y) : cairo_line_to(cr, x, y);
    }
    pass == 0 ? cairo_set_source_rgb(cr, 1, 1, 1) : color(cr, kHop);
    cairo_set_line_width(cr, pass == 0 ? 6.5 : 3.2);
    cairo_stroke(cr);
  }
  for (const MobileSite& s : r.mobile.sites)
    for_points(w, cells, s.frac, 0.02, [&](double x, double y) { mobile_marker(cr, x, y); });
  if (!path.empty()) {
    double x, y;
    w.page(L.fractionalize(r.mobile.hops[hop].bottleneck_point) + shift, &x, &y);
    bottleneck_marker(cr, x, y);
  }

  // Scale bar, colour bar, legend.
  double bar = nice_step(130 / w.scale, 1);
  color(cr, kInk);
  cairo_set_line_width(cr, 2.5);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  double x0 = w.drawn.x0;
  line(cr, x0, 500, x0 + bar * w.scale, 500);
  text(cr, x0 + 8 + bar * w.scale, 500, fixed(bar, decimals_for(bar)) + " Å", 11.5);
  colour_bar(cr, {w.drawn.x1 + 34, 110, w.drawn.x1 + 48, 430}, lo, hi, r);
  legend(cr, 26, 535, r, hop, elements);
}

void draw(cairo_t* cr, const Report& r, const PlotOptions& opt, int hop, const EnergyPath* energy) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  network_panel(cr, r, opt, hop);
  clearance_panel(cr, r, hop);
  if (!energy) return;
  const Hop& h = r.mobile.hops[hop];
  std::string ion = r.ion.element + std::to_string(r.energy.mobile_charge) + "+";
  energy_profile_panel(cr, *energy, Box{110, kHeight + 75, 1000, kHeight + 255},
                       "(c) Energy (BVSE) of " + ion + " along the minimum-energy path of hop #" +
                           std::to_string(h.group + 1) + " " + r.mobile.sites[h.from].label +
                           " → " + r.mobile.end_site(h).label,
                       energy_path_subtitle(*energy), r.ion.radius_A);
}

}  // namespace

PlotFormat plot_format(const std::string& path) {
  std::string ext = path.size() >= 4 ? path.substr(path.size() - 4) : "";
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".svg") return PlotFormat::Svg;
  if (ext == ".png") return PlotFormat::Png;
  fail("plot file ", path, ": the name must end in .svg or .png");
}

void write_plot(const Report& r, const std::string& path, const PlotOptions& opt) {
  plot_format(path);
  const int hop = plot_hop(r, opt.hop);
  plot_view(r, opt);  // throws for a bad axis before the energy path is computed
  std::optional<EnergyPath> energy;
  if (r.energy.computed && hop >= 0)
    energy = report_hop_energy_path(r, report_energy_landscape(r), static_cast<size_t>(hop));
  const double height = energy ? kHeight + kEnergyHeight : kHeight;
  render_figure(path, kWidth, height, opt.png_scale,
                [&](cairo_t* cr) { draw(cr, r, opt, hop, energy ? &*energy : nullptr); });
}

}  // namespace channelmap
