// Private to src/: the panels plot.cpp draws besides the network: (b) the clearance along the
// widest hop (plot_clearance.cpp) and (c) the energy profile (plot_energy.cpp).
#pragma once
#include <cairo.h>

#include <string>

#include "channelmap/energy.hpp"
#include "channelmap/report.hpp"
#include "plot_geometry.hpp"

namespace channelmap::detail {

// Panel (b): the clearance along hop `hop` (index into r.mobile.hops, -1: none) against the
// distance along it, with its nodes (and their anion CN), its bottleneck and the mobile ion's
// radius; in words when there is no hop.
void clearance_panel(cairo_t* cr, const Report& r, int hop);

// BVSE along `path` (above its lower end, eV) against the distance along it (A) in plot area
// `pb`, with the clearance (A) on a right-hand axis when the path has it, the saddle and the
// barrier marked; `title` and `subtitle` above the area, the legend below it. A path not found
// is said in words.
void energy_profile_panel(cairo_t* cr, const EnergyPath& path, const Box& pb,
                          const std::string& title, const std::string& subtitle,
                          double mobile_radius_A);

// The distance axis of a profile panel: a faint vertical line, a tick and a label every `step`
// from 0 to `length` (A), 0 at the left edge of `pb` and `length` at its right edge.
void distance_ticks(cairo_t* cr, const Box& pb, double length, double step);

// "hop 2.98 Å, path 3.10 Å; barrier 0.512 eV, saddle at 1.55 Å" for the subtitle.
std::string energy_path_subtitle(const EnergyPath& path);

}  // namespace channelmap::detail
