// Pictures of one structure's analysis for a person: (a) the void network projected along its
// most open axis, (b) the clearance along the widest mobile-ion hop, (c) when the energy was
// computed, the BVSE along that hop's minimum-energy path. SVG or PNG (cairo).
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
  // PNG pixels per SVG point (the figure is 1100 x 560 points).
  double png_scale = 1.6;
  // Cells drawn side by side in panel (a): 2 x 2, or 1 when the projected cell is wider than this
  // (A) or the network has more nodes than max_nodes_for_2x2.
  double max_cell_width_for_2x2_A = 20;
  int max_nodes_for_2x2 = 1500;
};

// Writes the figure to `path`, SVG or PNG by its extension: panels (a) and (b), 1100 x 560
// points, and when r.energy was computed and there is a hop, panel (c) below them (1100 x 900
// points): the energy along the widest hop's minimum-energy path (recomputed: as long again as
// the energy part of the analysis). Throws Error when the format is unknown or the file cannot
// be written.
void write_plot(const Report& r, const std::string& path, const PlotOptions& opt = {});

// The energy profile of one path (`channelmap path --plot`): BVSE above the lower end and, when
// the path has it, the clearance against the distance along the path; `mobile_radius_A` (> 0)
// drawn as a line on the clearance axis. 1000 x 520 points. Throws as write_plot.
void write_path_plot(const EnergyPath& path, const std::string& title, const std::string& out,
                     double mobile_radius_A = 0, const PlotOptions& opt = {});

}  // namespace channelmap
