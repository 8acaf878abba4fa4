// channelmap path: the minimum-energy path of the mobile ion between two positions (BVSE).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "channelmap/barrier_model.hpp"
#include "channelmap/energy.hpp"
#include "channelmap/export_energy.hpp"
#include "channelmap/plot.hpp"
#include "channelmap/read.hpp"
#include "channelmap/write.hpp"
#include "commands.hpp"
#include "options.hpp"

namespace channelmap::cli {

namespace {
struct PathArgs {
  std::string file, from, to, offset, mobile, write_images, export_energy, plot, barrier_model;
  double grid = tol::bvse_grid_A;
  int images = 0;
  bool json = false;
};

bool parse3(const std::string& s, double v[3]) {
  std::istringstream is(s);
  std::string rest;
  return static_cast<bool>(is >> v[0] >> v[1] >> v[2]) && !(is >> rest);
}

// VASP 5 POSCAR, Direct coordinates, one atom per site (its species of largest occupancy).
void write_poscar(std::ostream& os, const Crystal& c, const std::string& title) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<Fractional>> by_el;
  for (const Site& s : c.sites) {
    const Species* main = &s.species.front();
    for (const Species& sp : s.species)
      if (sp.occupancy > main->occupancy) main = &sp;
    if (!by_el.count(main->element)) order.push_back(main->element);
    by_el[main->element].push_back(s.frac);
  }
  os << title << "\n1.0\n" << std::fixed << std::setprecision(10);
  for (int i = 0; i < 3; ++i) {
    const Vec3& v = c.lattice.vector(i);
    os << "  " << v.x << ' ' << v.y << ' ' << v.z << '\n';
  }
  for (const auto& el : order) os << ' ' << el;
  os << '\n';
  for (const auto& el : order) os << ' ' << by_el[el].size();
  os << "\nDirect\n";
  for (const auto& el : order)
    for (const Fractional& f : by_el[el]) os << "  " << f.x << ' ' << f.y << ' ' << f.z << '\n';
}

int run_path(const PathArgs& a) {
  double f[3], t[3], o[3];
  if (!use_barrier_model_option(a.barrier_model)) return 2;
  if (!parse3(a.from, f) || !parse3(a.to, t)) {
    std::cerr << "channelmap path: --from and --to take three fractional coordinates \"x y z\"\n";
    return 2;
  }
  PathRequest rq;
  rq.from = Fractional(f[0], f[1], f[2]);
  rq.to = Fractional(t[0], t[1], t[2]);
  if (!a.offset.empty()) {
    if (!parse3(a.offset, o)) {
      std::cerr << "channelmap path: --offset takes three integers \"i j k\"\n";
      return 2;
    }
    rq.offset = Offset{int(std::lround(o[0])), int(std::lround(o[1])), int(std::lround(o[2]))};
  }
  if (!a.mobile.empty()) {
    rq.mobile = normalize_element(a.mobile);
    if (rq.mobile.empty()) {
      std::cerr << "channelmap path: unknown mobile element '" << a.mobile << "'\n";
      return 2;
    }
  }
  if (!std::isfinite(a.grid) || !(a.grid >= tol::bvse_min_grid_A)) {
    std::cerr << "channelmap path: --grid must be a spacing in A of at least "
              << tol::bvse_min_grid_A << " (got " << a.grid << ")\n";
    return 2;
  }
  rq.grid_A = a.grid;
  ReadResult rr = read_structures(a.file);
  for (const Error& e : rr.errors) std::cerr << "error: " << e.one_line() << '\n';
  if (rr.crystals.empty()) return 1;
  const Crystal& c = rr.crystals.front();
  PathAnalysis pa;
  try {
    pa = analyze_path(c, rq);
  } catch (const Error& e) {
    std::cerr << "error: " << a.file << ": " << e.what() << '\n';
    return 1;
  }
  for (const auto& w : pa.warnings) std::cerr << "warning: " << w << '\n';
  if (!pa.ok) {
    if (a.json) std::cout << path_json(a.file, c, rq, pa) << '\n';
    std::cerr << "error: " << a.file << ": no energy path: " << pa.reason << '\n';
    return 1;
  }
  const EnergyPath& p = pa.path;
  try {
    if (!a.export_energy.empty()) {
      EnergyLandscape land = path_energy_landscape(c, rq, pa);
      if (!land.ok) {
        std::cerr << "error: " << a.file << ": no energy grid: " << land.reason << '\n';
        return 1;
      }
      write_energy_file(a.export_energy, land.grid, c,
                        c.name + ": BVSE of " + pa.mobile + " (eV above the minimum)");
      std::cerr << "wrote " << a.export_energy << '\n';
    }
    if (!a.plot.empty()) {
      double r_mob = std::nan("");
      for (const auto& [k, v] : pa.descriptors)
        if (k == "mobile_radius_A") r_mob = v;
      write_path_plot(p, c.name + ": " + pa.mobile + std::to_string(pa.mobile_charge) + "+ path",
                      a.plot, std::isfinite(r_mob) ? r_mob : 0);
      std::cerr << "wrote " << a.plot << '\n';
    }
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  if (a.images > 0 && !a.write_images.empty()) {
    std::filesystem::create_directories(a.write_images);
    auto cells = path_image_cells(c, rq, pa, a.images);
    for (size_t i = 0; i < cells.size(); ++i) {
      std::ostringstream dir;
      dir << a.write_images << '/' << std::setw(2) << std::setfill('0') << i;
      std::filesystem::create_directories(dir.str());
      std::ofstream os(dir.str() + "/POSCAR");
      write_poscar(os, cells[i], c.name + " image " + std::to_string(i) + " (channelmap path)");
      if (!os) {
        std::cerr << "channelmap path: cannot write " << dir.str() << "/POSCAR\n";
        return 1;
      }
    }
  }
  // The barrier model (docs/barrier_model.md) over this path's descriptors.
  const double predicted =
      predict_barrier_eV(DescriptorMap(pa.descriptors.begin(), pa.descriptors.end()));
  if (a.json) {
    std::cout << path_json(a.file, c, rq, pa) << '\n';
    return 0;
  }
  auto d = [&](const char* name) {
    for (const auto& [k, v] : pa.descriptors)
      if (k == name) return v;
    return std::nan("");
  };
  std::cout << std::fixed << std::setprecision(3);
  std::cout << c.name << ": " << pa.mobile << pa.mobile_charge << "+ from (" << rq.from.x << ' '
            << rq.from.y << ' ' << rq.from.z << ") to (" << rq.to.x << ' ' << rq.to.y << ' '
            << rq.to.z << ") + [" << p.offset[0] << ' ' << p.offset[1] << ' ' << p.offset[2]
            << "]\n";
  std::cout << "predicted Em " << predicted
            << " eV (barrier model fitted on published NEB barriers, docs/barrier_model.md)\n";
  std::cout << "BVSE barrier " << p.barrier_eV << " eV (max along the path minus the lower end; "
            << "from the start " << d("bvse_barrier_from_start_eV") << " eV)\n";
  std::cout << "hop distance " << p.hop_distance_A << " A, path length " << p.length_A
            << " A, saddle at " << p.saddle_s_A << " A (" << p.saddle_frac.x << ' '
            << p.saddle_frac.y << ' ' << p.saddle_frac.z << ")\n";
  std::cout << "geometric bottleneck (min clearance) " << d("bottleneck_radius_A")
            << " A, clearance at the saddle " << d("saddle_clearance_A") << " A\n";
  std::cout << "anion coordination: start " << d("cn_start") << ", min " << d("cn_min") << ", max "
            << d("cn_max") << ", end " << d("cn_end") << "\n";
  std::cout << "\n   s_A   E-E_start_eV  clearance_A  cn   x        y        z\n";
  for (const auto& pt : p.points)
    std::cout << std::setw(7) << pt.s_A << std::setw(12) << pt.energy_eV - p.e_start_eV
              << std::setw(12) << pt.clearance_A << std::setw(5) << pt.cn << "   " << pt.frac.x
              << ' ' << pt.frac.y << ' ' << pt.frac.z << '\n';
  return 0;
}
}  // namespace

Command path_command() {
  return {"path",
          "Minimum-energy path of the mobile ion between two positions (bond-valence site "
          "energy): profile, barrier, bottleneck, coordination; NEB images",
          [](CLI::App* app) -> std::function<int()> {
            auto a = std::make_shared<PathArgs>();
            app->add_option("file", a->file, "CIF or POSCAR file")->required();
            app->add_option("--from", a->from,
                            "Start position, fractional \"x y z\" in the file's cell; the atom "
                            "there is the mobile ion")
                ->required();
            app->add_option("--to", a->to,
                            "End position, fractional \"x y z\"; its image nearest the start is "
                            "used unless --offset is given")
                ->required();
            app->add_option("--offset", a->offset,
                            "Lattice offset \"i j k\" of the end position (default: nearest "
                            "image)");
            app->add_option("--mobile", a->mobile,
                            "Mobile ion element (default: the element of the atom at --from; "
                            "required when no atom is there); every atom of it is removed from "
                            "the field");
            app->add_option("--grid", a->grid, "Energy grid spacing in A (default 0.2)");
            app->add_flag("--json", a->json, "Print everything as one JSON object");
            add_barrier_model_option(app, a->barrier_model);
            app->add_option("--export-energy", a->export_energy,
                            "Write the energy grid (eV above its minimum) for an isosurface in "
                            "VESTA: OUT.grd (VESTA) or OUT.cube (Gaussian cube, with the atoms)")
                ->check(energy_file_check);
            app->add_option("--plot", a->plot,
                            "Draw the energy and the clearance along the path against the "
                            "distance: OUT.svg or OUT.png")
                ->check(plot_file_check);
            app->add_option("--images", a->images,
                            "Number of intermediate NEB images for --write-images (default 0)");
            app->add_option("--write-images", a->write_images,
                            "Write N+2 POSCARs (DIR/00/POSCAR .. DIR/N+1/POSCAR): framework "
                            "fixed, the ion moved along the path");
            return [a] { return run_path(*a); };
          }};
}

}  // namespace channelmap::cli
