#include <algorithm>
#include <cmath>
#include <numeric>

#include "channelmap/error.hpp"
#include "channelmap/neighbors.hpp"
#include "channelmap/tolerances.hpp"
#include "read_common.hpp"

namespace channelmap::detail {

namespace {
struct DisjointSet {
  std::vector<int> parent;
  explicit DisjointSet(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int find(int i) { return parent[i] == i ? i : parent[i] = find(parent[i]); }
  void unite(int a, int b) { parent[find(a)] = find(b); }
};
}  // namespace

void assemble_sites(Crystal& c, std::vector<RawAtom> atoms) {
  size_t before = atoms.size();
  std::vector<std::string> dropped;
  atoms.erase(std::remove_if(atoms.begin(), atoms.end(),
                             [&](const RawAtom& a) {
                               bool zero = a.species.occupancy <= tol::zero_occupancy;
                               if (zero && (dropped.empty() || dropped.back() != a.species.label))
                                 dropped.push_back(a.species.label);
                               return zero;
                             }),
              atoms.end());
  if (atoms.empty()) {
    if (before == 0) fail("no atom sites");
    fail("every atom site has zero occupancy");
  }
  for (const auto& label : dropped)
    c.warnings.push_back(cat("site ", label, " has zero occupancy; left out"));
  for (const RawAtom& a : atoms)
    if (a.species.occupancy > tol::max_total_occupancy)
      fail("site ", a.species.label, " has occupancy ", a.species.occupancy, " (above 1)");

  std::vector<Fractional> fr;
  fr.reserve(atoms.size());
  for (const RawAtom& a : atoms) fr.push_back(a.frac);
  PeriodicIndex index(c.lattice, fr, 2.0);
  DisjointSet shared(atoms.size());
  // Overlap pairs are collected and judged once positions are grouped.
  std::vector<std::pair<int, int>> close;
  for (size_t i = 0; i < atoms.size(); ++i) {
    index.for_each_within(index.position(static_cast<int>(i)), tol::overlap_distance_A,
                          [&](int j, const Position& q, const Offset&) {
                            if (j <= static_cast<int>(i)) return;
                            double d = distance(q, index.position(static_cast<int>(i)));
                            if (d < tol::shared_position_A)
                              shared.unite(static_cast<int>(i), j);
                            else
                              close.emplace_back(static_cast<int>(i), j);
                          });
  }
  std::vector<int> site_of(atoms.size(), -1);
  c.sites.clear();
  for (size_t i = 0; i < atoms.size(); ++i) {
    int root = shared.find(static_cast<int>(i));
    if (site_of[root] < 0) {
      site_of[root] = static_cast<int>(c.sites.size());
      c.sites.push_back(Site{wrap(atoms[root].frac), {}});
    }
    site_of[i] = site_of[root];
    c.sites[site_of[i]].species.push_back(atoms[i].species);
  }
  for (const Site& s : c.sites)
    if (s.total_occupancy() > tol::max_total_occupancy)
      fail("atoms ", s.species[0].label, " and ", s.species[1].label,
           " overlap: same position, total occupancy ", s.total_occupancy());
  for (auto [i, j] : close) {
    const Site& a = c.sites[site_of[i]];
    const Site& b = c.sites[site_of[j]];
    if (site_of[i] == site_of[j]) continue;
    if (a.total_occupancy() + b.total_occupancy() > tol::max_total_occupancy) {
      double d = c.lattice.periodic_distance(a.frac, b.frac);
      fail("atoms ", atoms[i].species.label, " and ", atoms[j].species.label, " overlap (", d,
           " A apart, total occupancy ", a.total_occupancy() + b.total_occupancy(), ")");
    }
  }
  if (c.sites.size() > static_cast<size_t>(tol::max_atoms_in_cell))
    fail(c.sites.size(), " atoms in the cell (more than ", tol::max_atoms_in_cell, ")");
}

}  // namespace channelmap::detail
