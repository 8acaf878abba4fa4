// Energy grid files (.grd, .cube) and the field and grid behind a Report or a path, rebuilt.
#include "channelmap/export_energy.hpp"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <map>

#include "channelmap/chemistry.hpp"
#include "channelmap/error.hpp"
#include "channelmap/radii.hpp"

namespace channelmap {

namespace {

// Atomic number of an element symbol, 0 when unknown.
int atomic_number(const std::string& el) {
  static const char* const symbols[] = {
      "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",
      "S",  "Cl", "Ar", "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn",
      "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh",
      "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I",  "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd",
      "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W",  "Re",
      "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
      "Pa", "U",  "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db",
      "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og"};
  for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); ++i)
    if (el == symbols[i]) return static_cast<int>(i) + 1;
  return 0;
}

bool ends_with(const std::string& s, const std::string& end) {
  return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

EnergyLandscape build(const Crystal& c, const OxidationStates& states, const std::string& mobile,
                      int charge, const std::vector<Fractional>& also_mobile, double grid_A) {
  EnergyLandscape land;
  EnergyOptions eo;
  eo.grid_A = grid_A;
  land.field = BvseField(c, states, mobile, charge, also_mobile, eo);
  if (!land.field.ok()) {
    land.reason = land.field.reason();
    return land;
  }
  land.grid = energy_grid(land.field, grid_A);
  land.ok = true;
  return land;
}

}  // namespace

EnergyLandscape report_energy_landscape(const Report& r) {
  if (!r.energy.computed) {
    EnergyLandscape land;
    land.reason = "energy not computed: " + r.energy.reason;
    return land;
  }
  return build(r.crystal, r.states, r.ion.element, r.energy.mobile_charge,
               energy_removed_positions(r), r.energy.grid_A);
}

EnergyLandscape path_energy_landscape(const Crystal& c, const PathRequest& rq,
                                      const PathAnalysis& pa) {
  EnergyLandscape land;
  if (!pa.ok) {
    land.reason = "no energy path: " + pa.reason;
    return land;
  }
  return build(c, pa.states, pa.mobile, pa.mobile_charge, {rq.from}, rq.grid_A);
}

EnergyPath report_hop_energy_path(const Report& r, const EnergyLandscape& land, size_t h) {
  EnergyPath p;
  if (!land.ok || h >= r.mobile.hops.size()) {
    p.reason = land.ok ? "no such hop" : land.reason;
    return p;
  }
  const Hop& hop = r.mobile.hops[h];
  EnergyPathOptions po;
  po.offset = hop.offset;
  p = minimum_energy_path(land.field, land.grid, r.mobile.sites[hop.from].frac,
                          r.mobile.end_site(hop).frac, po);
  if (p.found) {
    try {
      add_path_geometry(p, path_framework(r.crystal, r.states, r.ion.element));
    } catch (const std::exception&) {
      // no clearance along the path: the profile stays energy only
    }
  }
  return p;
}

void write_energy_grd(std::ostream& os, const EnergyGrid& g, const Lattice& L,
                      const std::string& title) {
  const double ref = g.min();
  os << title << '\n' << std::setprecision(8);
  os << L.a() << ' ' << L.b() << ' ' << L.c() << ' ' << L.alpha() << ' ' << L.beta() << ' '
     << L.gamma() << '\n';
  os << g.n[0] << ' ' << g.n[1] << ' ' << g.n[2] << '\n';
  os << std::setprecision(6);
  for (int k = 0; k < g.n[2]; ++k)
    for (int j = 0; j < g.n[1]; ++j)
      for (int i = 0; i < g.n[0]; ++i) os << g.e[g.index(i, j, k)] - ref << '\n';
}

void write_energy_cube(std::ostream& os, const EnergyGrid& g, const Crystal& c,
                       const std::string& title) {
  const double ref = g.min();
  const double b = tol::bohr_A;
  os << title << '\n'
     << "BVSE of the mobile ion (eV, relative to the grid minimum); lengths in Bohr\n";
  os << std::fixed << std::setprecision(6);
  os << std::setw(5) << c.sites.size() << std::setw(12) << 0.0 << std::setw(12) << 0.0
     << std::setw(12) << 0.0 << '\n';
  for (int i = 0; i < 3; ++i) {
    const Vec3& v = c.lattice.vector(i);
    os << std::setw(5) << g.n[i] << std::setw(12) << v.x / g.n[i] / b << std::setw(12)
       << v.y / g.n[i] / b << std::setw(12) << v.z / g.n[i] / b << '\n';
  }
  for (const Site& s : c.sites) {
    const Species* main = &s.species.front();
    for (const Species& sp : s.species)
      if (sp.occupancy > main->occupancy) main = &sp;
    Position p = c.lattice.orthogonalize(s.frac);
    os << std::setw(5) << atomic_number(main->element) << std::setw(12) << 0.0 << std::setw(12)
       << p.x / b << std::setw(12) << p.y / b << std::setw(12) << p.z / b << '\n';
  }
  os << std::scientific << std::setprecision(5);
  for (int i = 0; i < g.n[0]; ++i)
    for (int j = 0; j < g.n[1]; ++j) {
      for (int k = 0; k < g.n[2]; ++k)
        os << ' ' << g.e[g.index(i, j, k)] - ref << ((k % 6 == 5 || k == g.n[2] - 1) ? "\n" : "");
    }
}

void check_energy_file_name(const std::string& path) {
  if (!ends_with(path, ".grd") && !ends_with(path, ".cube"))
    fail("energy grid file '", path, "': the name must end in .grd (VESTA) or .cube (Gaussian)");
}

void write_energy_file(const std::string& path, const EnergyGrid& grid, const Crystal& crystal,
                       const std::string& title) {
  check_energy_file_name(path);
  std::ofstream f(path);
  if (!f) fail("cannot write ", path);
  if (ends_with(path, ".grd"))
    write_energy_grd(f, grid, crystal.lattice, title);
  else
    write_energy_cube(f, grid, crystal, title);
  if (!f) fail("error writing ", path);
}

}  // namespace channelmap
