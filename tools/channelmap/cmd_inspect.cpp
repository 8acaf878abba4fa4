// channelmap inspect: one structure's channels, in words or as JSON.
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

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
  std::string plot_axis;
  int plot_hop = 1;
  std::string export_energy;
};

// Letters, digits and . _ + - of `s`, anything else as '_' (for a file name).
std::string name_part(const std::string& s) {
  std::string out;
  for (char ch : s)
    out += std::isalnum(static_cast<unsigned char>(ch)) || std::strchr("._+-", ch) ? ch : '_';
  return out;
}

// The output files of one run: `base` as given for a single structure; with several,
// stem_FILE_BLOCK.ext (FILE the input's name without directory and extension, BLOCK the CIF
// block, left out for POSCAR), with _2, _3 ... added when two structures would get the same
// name, so that no output of the run replaces another. A name that is one of the input files
// is refused (""). An existing file of another run is replaced, as -o does.
class OutputNames {
 public:
  OutputNames(const std::vector<std::string>& inputs, bool several)
      : inputs_(inputs), several_(several) {}
  std::string operator()(const std::string& base, const Crystal& c) {
    std::string out = base;
    if (several_) {
      size_t slash = base.rfind('/');
      size_t dot = base.rfind('.');
      if (dot != std::string::npos && slash != std::string::npos && dot < slash)
        dot = std::string::npos;
      std::string stem = dot == std::string::npos ? base : base.substr(0, dot);
      std::string ext = dot == std::string::npos ? "" : base.substr(dot);
      std::string tag = name_part(std::filesystem::path(c.file).stem().string());
      if (!c.block.empty()) tag += "_" + name_part(c.block);
      out = stem + "_" + tag + ext;
      for (int k = 2; used_.count(out); ++k) out = stem + "_" + tag + "_" + std::to_string(k) + ext;
    }
    used_.insert(out);
    std::error_code ec;
    for (const std::string& in : inputs_) {
      std::string file = in.substr(0, in.find('#'));
      if (std::filesystem::equivalent(file, out, ec)) return std::string();
    }
    return out;
  }

 private:
  std::vector<std::string> inputs_;
  bool several_;
  std::set<std::string> used_;
};

// --plot-axis: "" when usable, else the library's message.
std::string plot_axis_check(const std::string& axis) {
  return error_message_of([&] { plot_axis_direction(axis); });
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
  // The summary shows the mobile sites' polyhedra; the JSON shows every environment.
  parsed->all_environments = a.json;
  const AnalysisOptions& opt = *parsed;
  int status = 0;
  bool first = true;
  PlotOptions plot_opt;
  plot_opt.axis = a.plot_axis;
  plot_opt.hop = a.plot_hop;
  std::vector<ReadResult> read;
  size_t structures = 0;
  for (const std::string& file : a.files) {
    read.push_back(read_structures(file, FileFormat::Auto, read_options(a.analysis)));
    structures += read.back().crystals.size();
  }
  OutputNames output_name(a.files, structures > 1);
  auto refused = [&](const std::string& out, const Crystal& c, const std::string& base) {
    if (!out.empty()) return false;
    std::cerr << "error: " << c.file << ": not writing " << base
              << ": it is an input file of this run\n";
    status = 1;
    return true;
  };
  for (ReadResult& rr : read) {
    if (!rr.errors.empty()) status = 1;
    for (const Error& e : rr.errors) std::cerr << "error: " << e.one_line() << '\n';
    for (const Crystal& c : rr.crystals) {
      try {
        Report r = analyze(c, opt);
        if (a.json) {
          std::cout << report_json(r, opt, 2, read_options(a.analysis)) << '\n';
        } else {
          if (!first) std::cout << '\n';
          write_summary(std::cout, r);
        }
        first = false;
        if (!a.export_network.empty()) {
          std::string out = output_name(a.export_network, c);
          if (!refused(out, c, a.export_network)) {
            std::ofstream f(out);
            if (f) {
              if (poscar_name(out))
                write_network_poscar(f, r, r.probe_A);
              else
                write_network_cif(f, r, r.probe_A);
              f.close();
            }
            if (!f) {
              std::cerr << "error: cannot write " << out << '\n';
              status = 1;
            } else {
              std::cerr << "wrote " << out << '\n';
            }
          }
        }
        if (!a.export_energy.empty()) {
          std::string out = output_name(a.export_energy, c);
          if (!refused(out, c, a.export_energy)) {
            EnergyLandscape land = report_energy_landscape(r);
            if (!land.ok) {
              std::cerr << "error: " << c.file << ": no energy grid to write to " << out << " ("
                        << land.reason << ")\n";
              status = 1;
            } else {
              write_energy_file(out, land.grid, c,
                                c.name + ": BVSE of " + r.ion.element + " (eV above the minimum)");
              std::cerr << "wrote " << out << '\n';
            }
          }
        }
        if (!a.plot.empty()) {
          std::string out = output_name(a.plot, c);
          if (!refused(out, c, a.plot)) {
            try {
              write_plot(r, out, plot_opt);
              std::cerr << "wrote " << out << '\n';
            } catch (const Error& e) {  // the figure's errors carry no file: name the input
              throw Error(c.file, c.block, "plot", e.what());
            }
          }
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
                            "Write a CIF with the structure and dummy atoms (Kr and Ar at the "
                            "widest hop's bottleneck and nodes, He at the other nodes, Ne at "
                            "bottlenecks as wide as the probe; none within 0.5 A of another "
                            "atom) for VESTA, pymatgen or ASE; a VASP 5 POSCAR when the name "
                            "ends in .vasp or starts with POSCAR");
            app->add_option("--export-energy", a->export_energy,
                            "Write the mobile ion's energy grid (eV above its minimum) for an "
                            "isosurface in VESTA: OUT.grd (VESTA) or OUT.cube (Gaussian cube, "
                            "with the atoms)")
                ->check(energy_file_check);
            auto* plot = app->add_option("--plot", a->plot,
                                         "Draw the void network perpendicular to a hop (atoms "
                                         "coloured by element), the clearance along the hop "
                                         "and, with the energy, the energy along it: OUT.svg "
                                         "or OUT.png")
                             ->check(plot_file_check);
            app->add_option("--plot-axis", a->plot_axis,
                            "View the network of --plot along a, b, c or the direction u,v,w "
                            "(u a + v b + w c) (default: perpendicular to the hop shown)")
                ->check(plot_axis_check)
                ->needs(plot);
            app->add_option("--plot-hop", a->plot_hop,
                            "The hop --plot shows: its number N in the hops list (#N; default "
                            "1, the widest)")
                ->check(CLI::PositiveNumber)
                ->needs(plot);
            app->footer(
                "With several structures (files or blocks), each output OUT.ext becomes "
                "OUT_FILE_BLOCK.ext (FILE without directory and extension; _2, _3 ... when two "
                "would share a name); an output that is an input file is refused.");
            return [a] { return run_inspect(*a); };
          }};
}

}  // namespace channelmap::cli
