// One structure's analysis: reading is done; this runs symmetry, framework, network, channels.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "channelmap/channels.hpp"
#include "channelmap/crystal.hpp"
#include "channelmap/descriptors.hpp"
#include "channelmap/framework.hpp"
#include "channelmap/network.hpp"
#include "channelmap/paths.hpp"
#include "channelmap/radii.hpp"
#include "channelmap/symmetry.hpp"

namespace channelmap {

struct AnalysisOptions {
  std::string mobile_element = "Mg";  // "" = none: every atom is framework
  std::optional<double> probe_A;      // default: the mobile ion's radius
  std::optional<double> uniform_radius_A;
  std::string radii_file;  // per-element overrides
  double symprec_A = tol::default_symprec_A;
  double min_occupancy = tol::framework_min_occupancy;
  // Merge network vertices as Zeo++ does (0.02 A, smaller radius) to compare Di/Df/Dif with it.
  bool zeopp_compatible = false;
};

struct Report {
  static constexpr const char* schema_version = "0.1";
  Crystal crystal;
  std::optional<SymmetryInfo> symmetry;
  std::string symmetry_error;  // spglib's message when it failed (analysis goes on)
  std::string mobile_element;
  double mobile_radius_A = 0;  // Shannon CN 6 radius of the mobile ion (reference probe)
  double probe_A = 0;
  Framework framework;
  VoidNetwork network;
  Percolation percolation;
  ChannelSet channels;
  MobilePaths mobile;  // mobile sites, hops, Rmob
  BulkDescriptors bulk;
  std::vector<std::string> warnings;
};

// The radius table the options ask for (built-in Shannon, file overrides, or uniform).
RadiusTable make_radius_table(const AnalysisOptions& opt);

// Runs the whole analysis. Throws Error (with file and block filled in) on failure.
Report analyze(const Crystal& crystal, const AnalysisOptions& opt);

}  // namespace channelmap
