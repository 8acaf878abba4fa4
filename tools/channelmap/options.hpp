// Analysis options shared by the subcommands that analyse structures.
#pragma once
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "channelmap/error.hpp"
#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap::cli {

struct AnalysisArgs {
  std::string mobile = "Mg";
  std::string radii;
  std::string radii_set = "shannon";  // --radii-set
  double uniform_radius = 0;
  bool uniform_radius_given = false;  // --uniform-radius
  double probe = 0;
  bool probe_given = false;  // --probe
  double symprec = tol::default_symprec_A;
  double min_occupancy = tol::framework_min_occupancy;
  bool zeopp = false;
  bool no_energy = false;          // --no-energy
  double grid = tol::bvse_grid_A;  // --grid (A)
  std::string barrier_model;       // --barrier-model FILE (JSON)
  bool strict = false;             // --strict
};

// The read options (--strict).
ReadOptions read_options(const AnalysisArgs& a);

// Adds --mobile, --radii, --radii-set, --uniform-radius, --probe, --symprec, --min-occupancy,
// --zeopp, --no-energy, --grid, --barrier-model, --strict. The CLI computes the energy (BVSE)
// unless --no-energy is given; the library's AnalysisOptions::energy stays off by default.
void add_analysis_options(CLI::App* app, AnalysisArgs& a);

// The library options; prints the reason and returns nothing when an option is invalid.
std::optional<AnalysisOptions> to_options(const AnalysisArgs& a);

// Adds --barrier-model FILE (also used by `path`, which has no other analysis option).
void add_barrier_model_option(CLI::App* app, std::string& file);

// --barrier-model FILE: installs the model for the whole process (use_barrier_model_file);
// prints the reason and returns false when the file cannot be used. An empty name does nothing.
bool use_barrier_model_option(const std::string& file);

// "" when `check` does not throw channelmap::Error, else the Error's message: a library check
// as a CLI11 validator.
template <typename F>
std::string error_message_of(F&& check) {
  try {
    check();
    return std::string();
  } catch (const Error& e) {
    return std::string(e.what());
  }
}

// CLI11 validators for output file names: "" when `name` is usable, else the library's message.
// --export-energy: OUT.grd or OUT.cube (check_energy_file_name); --plot: OUT.svg or OUT.png
// (plot_format).
std::string energy_file_check(const std::string& name);
std::string plot_file_check(const std::string& name);

}  // namespace channelmap::cli
