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

// Species listed at one position with a total occupancy above 1 (read leniently): an element
// listed twice is one atom (its largest occupancy); different elements are a mixed site, their
// occupancies scaled to a total of 1 (disorder written as full occupancies, as Zeo++ and
// pymatgen read it).
void merge_shared_position(Site& s, std::vector<std::string>& warnings) {
  std::string before;
  for (const Species& sp : s.species)
    before += cat(before.empty() ? "" : ", ", sp.label, " ", sp.element, " ", sp.occupancy);
  std::vector<Species> merged;
  for (const Species& sp : s.species) {
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const Species& m) { return m.element == sp.element; });
    if (it == merged.end())
      merged.push_back(sp);
    else
      it->occupancy = std::max(it->occupancy, sp.occupancy);
  }
  double total = 0;
  for (const Species& sp : merged) total += sp.occupancy;
  std::string after;
  if (total > 1.0)
    for (Species& sp : merged) sp.occupancy /= total;
  for (const Species& sp : merged)
    after += cat(after.empty() ? "" : ", ", sp.element, " ", sp.occupancy);
  s.species = std::move(merged);
  warnings.push_back(cat("same position: ", before, "; read as ", after));
}

// Read leniently: atoms of distinct positions closer than tol::overlap_distance_A whose
// occupancies add up to more than 1 are one position (a split or doubly listed site, as
// iRASPA's AlPO-59 lists Al4 and P4 0.10 A apart): the position of the most occupied of them
// (the first listed on a tie), one element's occupancies summed up to 1, different elements a
// mixed site scaled to a total of 1. Zeo++ keeps both atoms; pymatgen refuses most such files.
// `site_of` maps atoms to c.sites (before the merge); `close` holds the atom pairs closer than
// tol::overlap_distance_A at distinct positions.
void merge_overlaps(Crystal& c, const std::vector<RawAtom>& atoms, const std::vector<int>& site_of,
                    const std::vector<std::pair<int, int>>& close) {
  DisjointSet group(c.sites.size());
  for (auto [i, j] : close) {
    int a = site_of[i], b = site_of[j];
    if (a == b || group.find(a) == group.find(b)) continue;
    double total = c.sites[a].total_occupancy() + c.sites[b].total_occupancy();
    if (total <= tol::max_total_occupancy) continue;
    double d = c.lattice.periodic_distance(c.sites[a].frac, c.sites[b].frac);
    c.warnings.push_back(cat("atoms ", atoms[i].species.label, " and ", atoms[j].species.label,
                             " overlap (", d, " A apart, total occupancy ", total,
                             "); read as one position"));
    group.unite(a, b);
  }
  // The kept position of each group: its most occupied site, the first on a tie.
  std::vector<int> keeper(c.sites.size(), -1);
  for (size_t k = 0; k < c.sites.size(); ++k) {
    int& g = keeper[group.find(static_cast<int>(k))];
    if (g < 0 || c.sites[k].total_occupancy() > c.sites[g].total_occupancy() + 1e-9)
      g = static_cast<int>(k);
  }
  std::vector<Site> sites;
  std::vector<int> new_index(c.sites.size(), -1);
  std::vector<bool> merged;
  for (size_t k = 0; k < c.sites.size(); ++k) {
    int root = group.find(static_cast<int>(k));
    if (new_index[root] < 0) {
      new_index[root] = static_cast<int>(sites.size());
      sites.push_back(Site{c.sites[keeper[root]].frac, {}});
      merged.push_back(false);
    }
    int n = new_index[root];
    merged[n] = merged[n] || root != static_cast<int>(k);
    for (const Species& sp : c.sites[k].species) {
      auto it = std::find_if(sites[n].species.begin(), sites[n].species.end(),
                             [&](const Species& m) { return m.element == sp.element; });
      if (it != sites[n].species.end())
        it->occupancy = std::min(1.0, it->occupancy + sp.occupancy);
      else
        sites[n].species.push_back(sp);
    }
  }
  for (size_t n = 0; n < sites.size(); ++n)
    if (merged[n] && sites[n].total_occupancy() > tol::max_total_occupancy)
      merge_shared_position(sites[n], c.warnings);
  c.sites = std::move(sites);
}
}  // namespace

void assemble_sites(Crystal& c, std::vector<RawAtom> atoms, bool strict) {
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
  std::vector<std::string> scaled, not_fractions;
  for (RawAtom& a : atoms) {
    if (strict && a.species.occupancy > tol::max_total_occupancy)
      fail("site ", a.species.label, " has occupancy ", a.species.occupancy, " (above 1)");
    if (!strict && a.species.occupancy > 1.0) {
      auto& list = a.species.occupancy > tol::lenient_max_occupancy ? not_fractions : scaled;
      std::string item = a.species.label + " (" + cat(a.species.occupancy) + ")";
      if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
      a.species.occupancy = 1.0;
    }
  }
  auto joined = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& l : v) s += (s.empty() ? "" : ", ") + l;
    return s;
  };
  if (!scaled.empty()) c.warnings.push_back("occupancy above 1 taken as 1: " + joined(scaled));
  if (!not_fractions.empty())
    c.warnings.push_back(
        "occupancy far above 1 (not a fraction; a count of atoms?) taken as 1, as Zeo++ "
        "(which ignores occupancies) reads it: " +
        joined(not_fractions));

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
  for (Site& s : c.sites) {
    if (s.total_occupancy() <= tol::max_total_occupancy) continue;
    if (strict)
      fail("atoms ", s.species[0].label, " and ", s.species[1].label,
           " overlap: same position, total occupancy ", s.total_occupancy());
    merge_shared_position(s, c.warnings);
  }
  if (!strict) merge_overlaps(c, atoms, site_of, close);
  // Symmetry images repeat a merge: each warning once, in order.
  std::vector<std::string> unique;
  for (const std::string& w : c.warnings)
    if (std::find(unique.begin(), unique.end(), w) == unique.end()) unique.push_back(w);
  c.warnings = std::move(unique);
  if (strict) {  // (read leniently, the overlaps were merged above)
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
  }
  if (c.sites.size() > static_cast<size_t>(tol::max_atoms_in_cell))
    fail(c.sites.size(), " atoms in the cell (more than ", tol::max_atoms_in_cell, ")");
  double per_atom = c.lattice.volume() / static_cast<double>(c.sites.size());
  if (per_atom > tol::max_volume_per_atom_A3)
    fail("the cell is almost empty: ", c.sites.size(), " atom positions in ", c.lattice.volume(),
         " A^3 (", per_atom, " A^3 each; at most ", tol::max_volume_per_atom_A3,
         " accepted, crystals have below 130): a molecule or slab in a box, or a wrong cell");
}

}  // namespace channelmap::detail
