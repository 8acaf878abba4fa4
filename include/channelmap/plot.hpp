// Pictures of one structure's analysis for a person: (a) the void network projected
// perpendicular to a mobile-ion hop (the widest by default), its atoms coloured by element,
// (b) the clearance along that hop, (c) when the energy was computed, the BVSE along the hop's
// minimum-energy path. SVG (text kept as text) or PNG (cairo).
#pragma once
#include <string>
#include <vector>

#include "channelmap/energy.hpp"
#include "channelmap/report.hpp"

namespace channelmap {

enum class PlotFormat { Svg, Png };

// The format named by the file's extension (".svg" or ".png", any case). Throws Error otherwise.
PlotFormat plot_format(const std::string& path);

// The lattice axis the network is viewed along in panel (a): the one with the largest Rmob
// (mobile sites joined to their images along it), else the largest Rf along it; ties and a
// network that never percolates give c.
struct ViewAxis {
  int axis = 2;          // 0 = a, 1 = b, 2 = c
  std::string quantity;  // "Rmob", "Rf" or "" (nothing percolates)
  double value_A = 0;    // that quantity along the axis (A)
};
ViewAxis view_axis(const Report& r);

// Clearance along a hop, from site `from` through the hop's nodes to site `to` (straight
// segments), as plotted in panel (b).
struct ProfilePoint {
  double s_A = 0;          // distance along the path from site `from` (A)
  double clearance_A = 0;  // clearance at that point (A)
};
struct HopProfile {
  std::vector<ProfilePoint> curve;  // sampled, with each segment's exact minimum included
  std::vector<ProfilePoint> nodes;  // at the hop's network nodes
  ProfilePoint bottleneck;          // the hop's bottleneck (Hop::bottleneck_A at its point)
  double length_A = 0;              // total path length (equals Hop::path_length_A)
};
// `samples_per_segment` evenly spaced clearance samples per straight segment (at least 2).
HopProfile hop_profile(const Report& r, const Hop& hop, int samples_per_segment = 24);

struct PlotOptions {
  // The viewing direction of panel (a): "" (default: perpendicular to the hop shown, see
  // plot_view), "a", "b", "c", or "u,v,w" (the direction u a + v b + w c).
  std::string axis;
  // The hop shown: its number in inspect's list of distinct hops (#1 = the widest).
  int hop = 1;
  // PNG pixels per SVG point (the figure is 1100 x 580 points).
  double png_scale = 1.6;
  // Cells drawn side by side in panel (a): 2 x 2, or 1 when the projected cell is wider than this
  // (A) or the network has more nodes than max_nodes_for_2x2.
  double max_cell_width_for_2x2_A = 20;
  int max_nodes_for_2x2 = 1500;
};

// The direction "a", "b", "c" or "u,v,w" (three numbers, not all 0) in lattice coordinates.
// Throws Error naming the text otherwise.
Fractional plot_axis_direction(const std::string& axis);

// The hop numbered `n` in inspect's list of distinct hops (#n, widest first): the index in
// r.mobile.hops of the first hop of group n - 1; -1 when the structure has no hop. Throws Error
// when n is outside 1..r.mobile.n_groups (and there are hops).
int plot_hop(const Report& r, int n);

// The view of panel (a). `direction` (Cartesian, unit length) points from the viewer into the
// page; the cells are drawn side by side along the two lattice axes other than `depth_axis`, the
// axis most nearly along `direction`. Default (opt.axis ""): perpendicular to the hop shown, so
// that it is drawn at its full length: the lattice axis most nearly perpendicular to the hop
// (ties: the most open axis of view_axis(), else c, then b), tilted by `tilt_deg` in the plane
// of the axis and the hop to be exactly perpendicular; without a hop, view_axis(). Throws Error
// for a bad opt.axis.
struct PlotView {
  Vec3 direction;
  int depth_axis = 2;
  double tilt_deg = 0;      // angle between `direction` and the lattice axis it comes from
  std::string description;  // "a", "[1 1 0]", "c tilted 12.3°" ...
};
PlotView plot_view(const Report& r, const PlotOptions& opt = {});

// Writes the figure to `path`, SVG or PNG by its extension: panels (a) and (b), 1100 x 580
// points, and when r.energy was computed and there is a hop, panel (c) below them (1100 x 920
// points): the energy along the hop's minimum-energy path (recomputed: as long again as the
// energy part of the analysis). Throws Error when the format is unknown, opt.axis or opt.hop
// is invalid, or the file cannot be written.
void write_plot(const Report& r, const std::string& path, const PlotOptions& opt = {});

// The energy profile of one path (`channelmap path --plot`): BVSE above the lower end and, when
// the path has it, the clearance against the distance along the path; `mobile_radius_A` (> 0)
// drawn as a line on the clearance axis. 1000 x 520 points. Throws as write_plot.
void write_path_plot(const EnergyPath& path, const std::string& title, const std::string& out,
                     double mobile_radius_A = 0, const PlotOptions& opt = {});

}  // namespace channelmap
