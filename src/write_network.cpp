// The network for VESTA, pymatgen and ASE: the framework plus dummy atoms at the widest hop, the
// network nodes and the bottlenecks, as CIF or POSCAR (write.hpp).
#include <algorithm>
#include <cctype>
#include <iomanip>
#include <string>
#include <utility>
#include <vector>

#include "channelmap/neighbors.hpp"
#include "channelmap/write.hpp"

namespace channelmap {

namespace {
std::string data_name(const Crystal& c) {
  std::string name = c.name.empty() ? "channelmap" : c.name;
  for (char& ch : name)
    if (std::isspace(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}
}  // namespace

NetworkExport network_export(const Report& r, double min_bottleneck_A) {
  const Lattice& L = r.crystal.lattice;
  const VoidNetwork& net = r.network;
  NetworkExport out;
  // Candidates in order of priority: framework positions (always written), then Kr, Ar, He, Ne.
  struct Candidate {
    Fractional frac;
    double radius_A;
    int kind;  // -1 framework, else index into kKinds
  };
  static const std::pair<const char*, const char*> kKinds[] = {
      {"Kr", "HopNeck"}, {"Ar", "HopNode"}, {"He", "Node"}, {"Ne", "Neck"}};
  std::vector<Candidate> cand;
  for (const Site& s : r.crystal.sites) cand.push_back({wrap(s.frac), 0, -1});
  std::vector<char> node_on_hop(net.nodes.size(), 0), edge_on_hop(net.edges.size(), 0);
  if (!r.mobile.hops.empty()) {
    const int group = r.mobile.hops[0].group;
    out.widest_bottleneck_A = r.mobile.hops[0].bottleneck_A;
    for (const Hop& h : r.mobile.hops) {
      if (h.group != group) continue;
      ++out.widest_hop_copies;
      cand.push_back({wrap(L.fractionalize(h.bottleneck_point)), h.bottleneck_A, 0});
      for (int n : h.nodes) node_on_hop[n] = 1;
      for (int e : h.edges) edge_on_hop[e] = 1;
    }
  }
  for (int pass : {1, 2})
    for (size_t i = 0; i < net.nodes.size(); ++i)
      if ((node_on_hop[i] != 0) == (pass == 1))
        cand.push_back({net.nodes[i].frac, net.nodes[i].radius_A, pass});
  for (size_t i = 0; i < net.edges.size(); ++i) {
    const Edge& e = net.edges[i];
    if (e.bottleneck_A >= min_bottleneck_A && !edge_on_hop[i])
      cand.push_back({wrap(L.fractionalize(e.bottleneck_point)), e.bottleneck_A, 3});
  }
  // Greedy in that order: a candidate is kept unless one kept before it is too close.
  std::vector<Fractional> pts;
  for (const Candidate& c : cand) pts.push_back(c.frac);
  PeriodicIndex index(L, pts, std::max(2.0, tol::export_min_separation_A));
  std::vector<char> kept(cand.size(), 0);
  int counts[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < cand.size(); ++i) {
    bool clash = false;
    if (cand[i].kind >= 0)
      index.for_each_within(index.position(static_cast<int>(i)), tol::export_min_separation_A,
                            [&](int j, const Position&, const Offset&) {
                              clash |= j != static_cast<int>(i) && kept[j];
                            });
    if (clash) {
      ++out.left_out;
      continue;
    }
    kept[i] = 1;
    if (cand[i].kind < 0) continue;
    const auto& [element, label] = kKinds[cand[i].kind];
    out.dummies.push_back(
        {element, label + std::to_string(++counts[cand[i].kind]), cand[i].frac, cand[i].radius_A});
  }
  return out;
}

void write_network_cif(std::ostream& os, const Report& r, double min_bottleneck_A) {
  const Crystal& c = r.crystal;
  const Lattice& L = c.lattice;
  NetworkExport ex = network_export(r, min_bottleneck_A);
  os << "# channelmap network export: the framework (every atom of the structure), then dummy\n"
        "# atoms: Kr at the bottleneck and Ar at the network nodes of the widest hop (every copy\n"
        "# in the cell), He at the other network nodes, Ne at the other edge bottlenecks >= "
     << min_bottleneck_A
     << " A.\n# The clearance radius (A) of each dummy atom is in _atom_site_channelmap_radius.\n"
     << "# Dummy atoms closer than " << tol::export_min_separation_A
     << " A to an atom written before them are left out (" << ex.left_out << " here).\n";
  if (ex.widest_hop_copies > 0) {
    const Hop& h = r.mobile.hops[0];
    Fractional f = wrap(L.fractionalize(h.bottleneck_point));
    os << std::fixed << std::setprecision(4) << "# Widest hop: " << r.mobile.sites[h.from].label
       << " -> " << r.mobile.end_site(h).label << ", " << ex.widest_hop_copies
       << " cop(ies) in the cell, bottleneck radius " << h.bottleneck_A << " A at (" << f.x << ", "
       << f.y << ", " << f.z << ").\n";
  } else {
    os << "# No mobile-ion hop: no Kr or Ar atoms.\n";
  }
  os << "data_" << data_name(c) << "_network\n";
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
  for (const DummyAtom& d : ex.dummies)
    os << d.label << ' ' << d.element << ' ' << d.frac.x << ' ' << d.frac.y << ' ' << d.frac.z
       << " 1.0 " << d.radius_A << '\n';
}

void write_network_poscar(std::ostream& os, const Report& r, double min_bottleneck_A) {
  const Crystal& c = r.crystal;
  const Lattice& L = c.lattice;
  // Element groups in order of first appearance, then the dummy atoms in their own groups (even
  // when the structure holds that element).
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
  const size_t framework_groups = groups.size();
  NetworkExport ex = network_export(r, min_bottleneck_A);
  for (const DummyAtom& d : ex.dummies) {
    auto it = std::find_if(groups.begin() + framework_groups, groups.end(),
                           [&](const auto& g) { return g.first == d.element; });
    if (it == groups.end())
      groups.emplace_back(d.element, std::vector<Fractional>{d.frac});
    else
      it->second.push_back(d.frac);
  }
  os << data_name(c) << " network (channelmap): framework, Kr/Ar at the widest hop's bottleneck/"
     << "nodes, He at nodes, Ne at bottlenecks >= " << min_bottleneck_A << " A\n1.0\n";
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
