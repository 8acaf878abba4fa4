// The network for VESTA: the framework plus dummy atoms at nodes and bottlenecks, as CIF or
// POSCAR (write.hpp).
#include <algorithm>
#include <cctype>
#include <iomanip>
#include <string>
#include <utility>
#include <vector>

#include "channelmap/write.hpp"

namespace channelmap {

void write_network_cif(std::ostream& os, const Report& r, double min_bottleneck_A) {
  const Crystal& c = r.crystal;
  const Lattice& L = c.lattice;
  std::string name = c.name.empty() ? "channelmap" : c.name;
  for (char& ch : name)
    if (std::isspace(static_cast<unsigned char>(ch))) ch = '_';
  os << "# channelmap network export: framework atoms, He at network nodes, Ne at edge\n"
     << "# bottlenecks (edges with bottleneck >= " << min_bottleneck_A << " A). The clearance\n"
     << "# radius (A) of each dummy atom is in _atom_site_channelmap_radius.\n";
  os << "data_" << name << "_network\n";
  os << std::fixed << std::setprecision(6);
  os << "_cell_length_a " << L.a() << "\n_cell_length_b " << L.b() << "\n_cell_length_c " << L.c()
     << "\n_cell_angle_alpha " << L.alpha() << "\n_cell_angle_beta " << L.beta()
     << "\n_cell_angle_gamma " << L.gamma() << '\n';
  os << "_symmetry_space_group_name_H-M 'P 1'\n_symmetry_Int_Tables_number 1\n";
  os << "loop_\n_symmetry_equiv_pos_as_xyz\n'x, y, z'\n";
  os << "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n"
        "_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n"
        "_atom_site_channelmap_radius\n";
  int k = 0;
  for (const Site& s : c.sites)
    for (const Species& sp : s.species)
      os << sp.label << "_" << ++k << ' ' << sp.element << ' ' << s.frac.x << ' ' << s.frac.y << ' '
         << s.frac.z << ' ' << sp.occupancy << " .\n";
  for (size_t i = 0; i < r.network.nodes.size(); ++i) {
    const Node& n = r.network.nodes[i];
    os << "N" << i + 1 << " He " << n.frac.x << ' ' << n.frac.y << ' ' << n.frac.z << " 1.0 "
       << n.radius_A << '\n';
  }
  int b = 0;
  for (const Edge& e : r.network.edges) {
    if (e.bottleneck_A < min_bottleneck_A) continue;
    Fractional f = wrap(L.fractionalize(e.bottleneck_point));
    os << "B" << ++b << " Ne " << f.x << ' ' << f.y << ' ' << f.z << " 1.0 " << e.bottleneck_A
       << '\n';
  }
}

void write_network_poscar(std::ostream& os, const Report& r, double min_bottleneck_A) {
  const Crystal& c = r.crystal;
  const Lattice& L = c.lattice;
  // Element groups in order of first appearance, then the dummy atoms.
  std::vector<std::pair<std::string, std::vector<Fractional>>> groups;
  auto group = [&](const std::string& el) -> std::vector<Fractional>& {
    for (auto& g : groups)
      if (g.first == el) return g.second;
    return groups.emplace_back(el, std::vector<Fractional>{}).second;
  };
  for (const Site& s : c.sites) {
    auto main = std::max_element(
        s.species.begin(), s.species.end(),
        [](const Species& a, const Species& b) { return a.occupancy < b.occupancy; });
    group(main->element).push_back(s.frac);
  }
  std::vector<Fractional> nodes, necks;
  for (const Node& n : r.network.nodes) nodes.push_back(n.frac);
  for (const Edge& e : r.network.edges)
    if (e.bottleneck_A >= min_bottleneck_A)
      necks.push_back(wrap(L.fractionalize(e.bottleneck_point)));
  if (!nodes.empty()) groups.emplace_back("He", nodes);  // own groups, even if He is in the cell
  if (!necks.empty()) groups.emplace_back("Ne", necks);
  std::string name = c.name.empty() ? "channelmap" : c.name;
  for (char& ch : name)
    if (std::isspace(static_cast<unsigned char>(ch))) ch = '_';
  os << name
     << " network (channelmap): framework, He at nodes, Ne at bottlenecks >= " << min_bottleneck_A
     << " A\n1.0\n";
  os << std::fixed << std::setprecision(10);
  for (int i = 0; i < 3; ++i) {
    const Vec3& v = L.vector(i);
    os << "  " << v.x << ' ' << v.y << ' ' << v.z << '\n';
  }
  for (const auto& g : groups) os << ' ' << g.first;
  os << '\n';
  for (const auto& g : groups) os << ' ' << g.second.size();
  os << "\nDirect\n";
  for (const auto& g : groups)
    for (const Fractional& f : g.second) os << "  " << f.x << ' ' << f.y << ' ' << f.z << '\n';
}

}  // namespace channelmap
