// Panel (b) of `inspect --plot`: the clearance along the widest mobile-ion hop.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "plot_draw.hpp"
#include "plot_panels.hpp"

namespace channelmap::detail {

// ---------------------------------------------------------------- panel (b): the hop profile
void distance_ticks(cairo_t* cr, const Box& pb, double length, double step) {
  for (double v = 0; v <= length + 1e-9; v += step) {
    double x = pb.x0 + v / length * (pb.x1 - pb.x0);
    color(cr, kInk, 0.15);
    line(cr, x, pb.y0, x, pb.y1);
    color(cr, kInk);
    line(cr, x, pb.y1, x, pb.y1 + 4);
    text(cr, x, pb.y1 + 8, fixed(v, decimals_for(step)), 11, 0.5, 0);
  }
}

void clearance_panel(cairo_t* cr, const Report& r, int hop) {
  const double px = 610;
  const Box pb{672, 70, 1075, 460};  // plot area
  color(cr, kInk);
  std::string ion = r.ion.none() ? "mobile-ion" : r.ion.element;
  const bool widest = hop < 0 || r.mobile.hops[hop].group == 0;
  std::string which = widest ? "the widest " + ion + " hop"
                             : ion + " hop #" + std::to_string(r.mobile.hops[hop].group + 1);
  text(cr, px, 22, "(b) Clearance along " + which, 15, 0, 0.5, 0, true);
  std::string none;
  if (r.ion.none())
    none = "No mobile ion (--mobile none): no hops to show.";
  else if (r.mobile.sites.empty())
    none = "No " + ion + " sites in this structure: no hops to show.";
  else if (r.mobile.hops.empty())
    none = "No " + ion + " hop found within " + fixed(r.mobile.max_hop_distance_A, 2) + " Å.";
  if (!none.empty()) {
    cairo_set_line_width(cr, 1);
    color(cr, kInk, 0.4);
    cairo_rectangle(cr, pb.x0, pb.y0, pb.x1 - pb.x0, pb.y1 - pb.y0);
    cairo_stroke(cr);
    color(cr, kInk);
    text(cr, (pb.x0 + pb.x1) / 2, (pb.y0 + pb.y1) / 2, none, 13, 0.5);
    return;
  }
  const Hop& h = r.mobile.hops[hop];
  HopProfile p = hop_profile(r, h);
  const std::string& la = r.mobile.sites[h.from].label;
  const std::string& lb = r.mobile.end_site(h).label;
  int copies = static_cast<int>(std::count_if(r.mobile.hops.begin(), r.mobile.hops.end(),
                                              [&](const Hop& o) { return o.group == h.group; }));
  text(cr, px, 42,
       la + " → " + lb + ": " + fixed(h.distance_A, 2) + " Å apart, path " + fixed(p.length_A, 2) +
           " Å, ×" + std::to_string(copies) + " in the cell",
       11.5);

  double ylo = 0, yhi = r.ion.radius_A;
  for (const ProfilePoint& q : p.curve)
    ylo = std::min(ylo, q.clearance_A), yhi = std::max(yhi, q.clearance_A);
  double ystep = nice_step(yhi - ylo, 5);
  ylo = std::floor(ylo / ystep + 1e-9) * ystep;
  yhi = std::ceil(yhi * 1.08 / ystep) * ystep;
  double xhi = std::max(p.length_A, 1e-3), xstep = nice_step(xhi, 6);
  auto X = [&](double s) { return pb.x0 + s / xhi * (pb.x1 - pb.x0); };
  auto Y = [&](double c) { return pb.y1 - (c - ylo) / (yhi - ylo) * (pb.y1 - pb.y0); };

  cairo_set_line_width(cr, 0.6);
  distance_ticks(cr, pb, xhi, xstep);
  for (double v = ylo; v <= yhi + 1e-9; v += ystep) {
    color(cr, kInk, 0.15);
    line(cr, pb.x0, Y(v), pb.x1, Y(v));
    color(cr, kInk);
    line(cr, pb.x0 - 4, Y(v), pb.x0, Y(v));
    text(cr, pb.x0 - 7, Y(v), fixed(v, decimals_for(ystep)), 11, 1);
  }
  text(cr, (pb.x0 + pb.x1) / 2, pb.y1 + 34, "distance along the hop path (Å)", 12.5, 0.5);
  text(cr, pb.x0 - 48, (pb.y0 + pb.y1) / 2, "clearance radius (Å)", 12.5, 0.5, 0.5, M_PI / 2);

  // The clearance curve, filled down to zero: the free space the ion moves through.
  cairo_move_to(cr, X(p.curve.front().s_A), Y(0));
  for (const ProfilePoint& q : p.curve) cairo_line_to(cr, X(q.s_A), Y(q.clearance_A));
  cairo_line_to(cr, X(p.curve.back().s_A), Y(0));
  color(cr, viridis(0.55), 0.18);
  cairo_fill(cr);
  for (size_t q = 0; q < p.curve.size(); ++q)
    q == 0 ? cairo_move_to(cr, X(p.curve[q].s_A), Y(p.curve[q].clearance_A))
           : cairo_line_to(cr, X(p.curve[q].s_A), Y(p.curve[q].clearance_A));
  color(cr, viridis(0.3));
  cairo_set_line_width(cr, 2);
  cairo_stroke(cr);

  // The mobile ion's radius, the sites, the nodes (with their anion CN) and the bottleneck.
  std::vector<double> dash{6, 4};
  cairo_set_dash(cr, dash.data(), 2, 0);
  color(cr, kMobile);
  cairo_set_line_width(cr, 1.8);
  line(cr, pb.x0, Y(r.ion.radius_A), pb.x1, Y(r.ion.radius_A));
  cairo_set_dash(cr, nullptr, 0, 0);
  mobile_marker(cr, X(0), Y(p.curve.front().clearance_A));
  mobile_marker(cr, X(p.length_A), Y(p.curve.back().clearance_A));
  const std::vector<int>* cn = r.hop_node_cn.empty() ? nullptr : &r.hop_node_cn[0];
  double last_right = -1e9;  // right end of the last CN label drawn (labels must not overlap)
  for (size_t q = 0; q < p.nodes.size(); ++q) {
    double x = X(p.nodes[q].s_A), y = Y(p.nodes[q].clearance_A);
    circle(cr, x, y, 4);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    color(cr, kInk);
    cairo_set_line_width(cr, 1.4);
    cairo_stroke(cr);
    if (!cn || q >= cn->size()) continue;
    std::string s = "CN " + std::to_string((*cn)[q]);
    double half = text_width(cr, s, 10) / 2;
    x = std::clamp(x, pb.x0 + half + 2, pb.x1 - half - 2);
    if (x - half < last_right + 4) continue;
    text(cr, x, y - 9, s, 10, 0.5, 1);
    last_right = x + half;
  }
  double bx = X(p.bottleneck.s_A), by = Y(p.bottleneck.clearance_A);
  bottleneck_marker(cr, bx, by);
  color(cr, kHop);
  std::string bl = "bottleneck " + fixed(p.bottleneck.clearance_A, 3) + " Å";
  double half = text_width(cr, bl, 11.5, true) / 2;
  bool below = by + 36 < pb.y1;
  text(cr, std::clamp(bx, pb.x0 + half + 4, pb.x1 - half - 4), below ? by + 14 : by - 14, bl, 11.5,
       0.5, below ? 0 : 1, 0, true);
  color(cr, kInk);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, pb.x0, pb.y0, pb.x1 - pb.x0, pb.y1 - pb.y0);
  cairo_stroke(cr);

  // Legend.
  double x = pb.x0 - 40, y = 535;
  auto entry = [&](const std::string& s) {
    color(cr, kInk);
    text(cr, x + 12, y, s, 10.5);
    x += 12 + text_width(cr, s, 10.5) + 18;
  };
  mobile_marker(cr, x, y);
  entry(la == lb ? la + " site" : la + ", " + lb + " sites");
  circle(cr, x, y, 4);
  cairo_set_line_width(cr, 1.4);
  cairo_stroke(cr);
  entry("node (CN: anions around it)");
  cairo_set_dash(cr, dash.data(), 2, 0);
  color(cr, kMobile);
  cairo_set_line_width(cr, 1.8);
  line(cr, x - 9, y, x + 7, y);
  cairo_set_dash(cr, nullptr, 0, 0);
  entry(ion + " ion radius (CN 6) " + fixed(r.ion.radius_A, 2) + " Å");
}

}  // namespace channelmap::detail
