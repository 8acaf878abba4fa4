// channelmap inspect: one structure's channels, in words or as JSON.
#include <fstream>
#include <iostream>

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "channelmap/write.hpp"
#include "commands.hpp"

namespace channelmap::cli {

namespace {
struct InspectArgs {
  std::vector<std::string> files;
  std::string mobile = "Mg";
  std::string radii;
  double uniform_radius = -1;
  double probe = -1;
  double symprec = tol::default_symprec_A;
  double min_occupancy = tol::framework_min_occupancy;
  bool json = false;
  bool zeopp = false;
  std::string export_network;
};

int run_inspect(const InspectArgs& a) {
  AnalysisOptions opt;
  opt.mobile_element =
      (a.mobile == "none" || a.mobile == "None") ? "" : normalize_element(a.mobile);
  if (opt.mobile_element.empty() && a.mobile != "none" && a.mobile != "None") {
    std::cerr << "channelmap: unknown mobile element '" << a.mobile << "'\n";
    return 2;
  }
  if (a.uniform_radius >= 0) opt.uniform_radius_A = a.uniform_radius;
  if (a.probe >= 0) opt.probe_A = a.probe;
  opt.radii_file = a.radii;
  opt.symprec_A = a.symprec;
  opt.min_occupancy = a.min_occupancy;
  opt.zeopp_compatible = a.zeopp;
  int status = 0;
  bool first = true;
  for (const std::string& file : a.files) {
    ReadResult rr = read_structures(file);
    if (!rr.errors.empty()) status = 1;
    for (const Error& e : rr.errors) std::cerr << "error: " << e.one_line() << '\n';
    for (const Crystal& c : rr.crystals) {
      try {
        Report r = analyze(c, opt);
        if (a.json) {
          std::cout << report_json(r, 2) << '\n';
        } else {
          if (!first) std::cout << '\n';
          write_summary(std::cout, r);
        }
        first = false;
        if (!a.export_network.empty()) {
          std::string out = a.export_network;
          if (rr.crystals.size() > 1 || a.files.size() > 1) {
            size_t dot = out.rfind('.');
            std::string stem = dot == std::string::npos ? out : out.substr(0, dot);
            std::string tag = c.block.empty() ? c.name : c.block;
            out = stem + "_" + tag + (dot == std::string::npos ? "" : out.substr(dot));
          }
          std::ofstream f(out);
          if (!f) {
            std::cerr << "error: cannot write " << out << '\n';
            status = 1;
            continue;
          }
          write_network_cif(f, r, r.probe_A);
          std::cerr << "wrote " << out << '\n';
        }
      } catch (const Error& e) {
        std::cerr << "error: " << e.one_line() << '\n';
        status = 1;
      }
    }
  }
  return status;
}
}  // namespace

Command inspect_command() {
  return {"inspect", "Summarise one structure: symmetry, mobile sites, Di/Df/Dif, Rf, channels",
          [](CLI::App* app) -> std::function<int()> {
            auto a = std::make_shared<InspectArgs>();
            app->add_option("files", a->files,
                            "CIF or POSCAR files (file.cif#block for one block of a CIF)")
                ->required();
            app->add_option("--mobile", a->mobile,
                            "Mobile ion element, removed before the tessellation; 'none' keeps "
                            "every atom (default Mg)");
            app->add_option("--radii", a->radii,
                            "File of per-element radius overrides: lines 'Element radius_A'");
            app->add_option("--uniform-radius", a->uniform_radius,
                            "Give every atom this radius in A (0 = point atoms, as Zeo++ with "
                            "zero radii)");
            app->add_option("--probe", a->probe,
                            "Probe radius in A for the channel listing (default: the mobile "
                            "ion's Shannon CN-6 radius; Mg2+ 0.72)");
            app->add_option("--symprec", a->symprec,
                            "Symmetry tolerance in A for spglib (default 0.01)");
            app->add_option("--min-occupancy", a->min_occupancy,
                            "Framework positions with a lower non-mobile occupancy are left out "
                            "(default 0.5)");
            app->add_flag("--json", a->json, "Print the full report as JSON");
            app->add_flag("--zeopp", a->zeopp,
                          "Zeo++ conventions, to compare Di/Df/Dif with Zeo++: merge network "
                          "vertices within 0.02 A keeping the smaller radius (default 0.001 A), "
                          "and Dif from Zeo++'s single search path");
            app->add_option("--export-network", a->export_network,
                            "Write a CIF with the framework and dummy atoms (He at nodes, Ne at "
                            "bottlenecks) for VESTA");
            return [a] { return run_inspect(*a); };
          }};
}

}  // namespace channelmap::cli
