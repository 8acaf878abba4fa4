// channelmap inspect: one structure's channels, in words or as JSON.
#include <fstream>
#include <iostream>

#include "channelmap/export_energy.hpp"
#include "channelmap/plot.hpp"
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
  std::string plot;
  std::string export_energy;
};

// `base` as given for one structure; with several, stem_BLOCK.ext for each.
std::string output_name(const std::string& base, const Crystal& c, bool several) {
  if (!several) return base;
  size_t slash = base.rfind('/');
  size_t dot = base.rfind('.');
  if (dot != std::string::npos && slash != std::string::npos && dot < slash)
    dot = std::string::npos;
  std::string stem = dot == std::string::npos ? base : base.substr(0, dot);
  std::string tag = c.block.empty() ? c.name : c.block;
  return stem + "_" + tag + (dot == std::string::npos ? "" : base.substr(dot));
}

// POSCAR when the name ends in .vasp or starts with POSCAR; CIF otherwise.
bool poscar_name(const std::string& path) {
  std::string name = path.substr(path.rfind('/') + 1);
  return name.rfind("POSCAR", 0) == 0 ||
         (name.size() >= 5 && name.compare(name.size() - 5, 5, ".vasp") == 0);
}

int run_inspect(const InspectArgs& a) {
  std::optional<AnalysisOptions> parsed = to_options(a.analysis);
  if (!parsed) return 2;
  const AnalysisOptions& opt = *parsed;
  int status = 0;
  bool first = true;
  for (const std::string& file : a.files) {
    ReadResult rr = read_structures(file, FileFormat::Auto, read_options(a.analysis));
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
        bool several = rr.crystals.size() > 1 || a.files.size() > 1;
        if (!a.export_network.empty()) {
          std::string out = output_name(a.export_network, c, several);
          std::ofstream f(out);
          if (!f) {
            std::cerr << "error: cannot write " << out << '\n';
            status = 1;
            continue;
          }
          if (poscar_name(out))
            write_network_poscar(f, r, r.probe_A);
          else
            write_network_cif(f, r, r.probe_A);
          std::cerr << "wrote " << out << '\n';
        }
        if (!a.export_energy.empty()) {
          std::string out = output_name(a.export_energy, c, several);
          EnergyLandscape land = report_energy_landscape(r);
          if (!land.ok) {
            std::cerr << "error: " << c.file << ": no energy grid to write to " << out << " ("
                      << land.reason << ")\n";
            status = 1;
          } else {
            write_energy_file(out, land.grid, c,
                              c.name + ": BVSE of " + r.mobile_element + " (eV above the minimum)");
            std::cerr << "wrote " << out << '\n';
          }
        }
        if (!a.plot.empty()) {
          std::string out = output_name(a.plot, c, several);
          write_plot(r, out);
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
                            "bottlenecks) for VESTA; a VASP 5 POSCAR when the name ends in .vasp "
                            "or starts with POSCAR");
            app->add_option("--export-energy", a->export_energy,
                            "Write the mobile ion's energy grid (eV above its minimum) for an "
                            "isosurface in VESTA: OUT.grd (VESTA) or OUT.cube (Gaussian cube, "
                            "with the atoms)")
                ->check(energy_file_check);
            app->add_option("--plot", a->plot,
                            "Draw the void network along the most open axis, the clearance "
                            "along the widest hop and, with the energy, the energy along it: "
                            "OUT.svg or OUT.png")
                ->check(plot_file_check);
            return [a] { return run_inspect(*a); };
          }};
}

}  // namespace channelmap::cli
