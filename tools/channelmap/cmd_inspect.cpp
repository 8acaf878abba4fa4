// channelmap inspect: one structure's channels, in words or as JSON.
#include <fstream>
#include <iostream>

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "channelmap/write.hpp"
#include "commands.hpp"
#include "options.hpp"

namespace channelmap::cli {

namespace {
struct InspectArgs {
  std::vector<std::string> files;
  AnalysisArgs analysis;
  bool json = false;
  std::string export_network;
};

int run_inspect(const InspectArgs& a) {
  std::optional<AnalysisOptions> parsed = to_options(a.analysis);
  if (!parsed) return 2;
  const AnalysisOptions& opt = *parsed;
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
            add_analysis_options(app, a->analysis);
            app->add_flag("--json", a->json, "Print the full report as JSON");
            app->add_option("--export-network", a->export_network,
                            "Write a CIF with the framework and dummy atoms (He at nodes, Ne at "
                            "bottlenecks) for VESTA");
            return [a] { return run_inspect(*a); };
          }};
}

}  // namespace channelmap::cli
