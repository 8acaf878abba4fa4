#include "options.hpp"

#include <cmath>
#include <iostream>

#include "channelmap/barrier_model.hpp"
#include "channelmap/error.hpp"
#include "channelmap/export_energy.hpp"
#include "channelmap/plot.hpp"
#include "channelmap/read.hpp"

namespace channelmap::cli {

void add_analysis_options(CLI::App* app, AnalysisArgs& a) {
  app->add_option("--mobile", a.mobile,
                  "Mobile ion element, removed before the tessellation; 'none' keeps every atom "
                  "(default Mg)");
  app->add_option("--radii", a.radii,
                  "File of per-element radius overrides: lines 'Element radius_A'");
  app->add_option("--radii-set", a.radii_set,
                  "Framework radii: shannon (ionic, by oxidation state and CN; default) or vdw "
                  "(van der Waals, Bondi 1964 / Mantina 2009, for molecular and metal-organic "
                  "frameworks)")
      ->check(CLI::IsMember({"shannon", "vdw"}));
  app->add_option_function<double>(
      "--uniform-radius",
      [&a](double v) {
        a.uniform_radius = v;
        a.uniform_radius_given = true;
      },
      "Give every atom this radius in A (0 = point atoms, as Zeo++ with zero radii)");
  app->add_option_function<double>(
      "--probe",
      [&a](double v) {
        a.probe = v;
        a.probe_given = true;
      },
      "Probe radius in A for the channel listing (default: the mobile ion's Shannon CN-6 "
      "radius; Mg2+ 0.72)");
  app->add_option("--symprec", a.symprec, "Symmetry tolerance in A for spglib (default 0.01)");
  app->add_option(
      "--min-occupancy", a.min_occupancy,
      "Framework positions with a lower non-mobile occupancy are left out (default 0.5)");
  app->add_flag("--zeopp", a.zeopp,
                "Zeo++ conventions, to compare Di/Df/Dif with Zeo++: merge network vertices "
                "within 0.02 A keeping the smaller radius (default 0.001 A), and Dif from Zeo++'s "
                "single search path");
  app->add_flag("--no-energy", a.no_energy,
                "Skip the mobile ion's bond-valence site energy (BVSE: E_1D/2D/3D, site "
                "energies, hop barriers), computed by default: it takes several times as long as "
                "the rest of the analysis");
  app->add_option("--grid", a.grid, "Energy grid spacing in A (default 0.2; at least 0.02)");
  add_barrier_model_option(app, a.barrier_model);
  app->add_flag("--strict", a.strict,
                "Refuse what is read leniently by default (occupancies above 1.02, several "
                "species at full occupancy on one position) instead of reading it with a "
                "warning");
}

ReadOptions read_options(const AnalysisArgs& a) {
  ReadOptions r;
  r.strict = a.strict;
  return r;
}

void add_barrier_model_option(CLI::App* app, std::string& file) {
  app->add_option("--barrier-model", file,
                  "Predict barriers with this model (JSON from tools/fit_barrier_model.py "
                  "--out-json) instead of the built-in one");
}

bool use_barrier_model_option(const std::string& file) {
  if (file.empty()) return true;
  try {
    use_barrier_model_file(file);
    return true;
  } catch (const Error& e) {
    std::cerr << "channelmap: --barrier-model " << e.one_line() << "\n";
    return false;
  }
}

std::optional<AnalysisOptions> to_options(const AnalysisArgs& a) {
  AnalysisOptions opt;
  bool none = a.mobile == "none" || a.mobile == "None";
  opt.mobile_element = none ? "" : normalize_element(a.mobile);
  if (opt.mobile_element.empty() && !none) {
    std::cerr << "channelmap: unknown mobile element '" << a.mobile << "'\n";
    return std::nullopt;
  }
  if (a.uniform_radius_given) opt.uniform_radius_A = a.uniform_radius;
  if (a.probe_given) opt.probe_A = a.probe;
  if (!a.radii.empty()) {
    try {
      opt.radius_overrides = read_radius_overrides(a.radii);
    } catch (const Error& e) {
      std::cerr << "channelmap: --radii " << e.what() << "\n";
      return std::nullopt;
    }
  }
  opt.radii_set = parse_radii_set(a.radii_set).value_or(RadiiSet::Shannon);  // checked by CLI11
  opt.symprec_A = a.symprec;
  opt.min_occupancy = a.min_occupancy;
  opt.zeopp_compatible = a.zeopp;
  opt.energy = !a.no_energy;
  opt.energy_grid_A = a.grid;
  try {
    check_options(opt);
  } catch (const Error& e) {
    std::cerr << "channelmap: " << e.what() << "\n";
    return std::nullopt;
  }
  if (!use_barrier_model_option(a.barrier_model)) return std::nullopt;
  return opt;
}

std::string energy_file_check(const std::string& name) {
  return error_message_of([&] { check_energy_file_name(name); });
}

std::string plot_file_check(const std::string& name) {
  return error_message_of([&] { plot_format(name); });
}

}  // namespace channelmap::cli
