// The only translation unit that includes spglib.
#include "channelmap/symmetry.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

extern "C" {
#include <spglib.h>
}

#include "channelmap/error.hpp"

namespace channelmap {

namespace {
// A key that differs whenever the species on two sites differ (element and occupancy).
std::string species_key(const Site& s) {
  std::ostringstream os;
  for (const Species& sp : s.species) {
    os << sp.element << ':';
    os.precision(4);
    os << sp.occupancy << ';';
  }
  return os.str();
}
}  // namespace

SymmetryInfo analyze_symmetry(const Crystal& c, double symprec_A) {
  SymmetryInfo info;
  info.symprec_A = symprec_A;
  const int n = static_cast<int>(c.sites.size());
  double lattice[3][3];
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) lattice[i][j] = c.lattice.vector(j)[i];  // columns: vectors
  std::vector<double> pos(3 * static_cast<size_t>(n));
  std::vector<int> types(n);
  std::map<std::string, int> type_of;
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < 3; ++k) pos[3 * i + k] = c.sites[i].frac[k];
    auto it = type_of.emplace(species_key(c.sites[i]), static_cast<int>(type_of.size()) + 1);
    types[i] = it.first->second;
  }
  SpglibDataset* ds = spg_get_dataset(lattice, reinterpret_cast<double(*)[3]>(pos.data()),
                                      types.data(), n, symprec_A);
  if (!ds) {
    SpglibError code = spg_get_error_code();
    fail("spglib: ", spg_get_error_message(code), " (symprec ", symprec_A, " A)");
  }
  info.number = ds->spacegroup_number;
  info.symbol = ds->international_symbol;
  info.hall_symbol = ds->hall_symbol;
  info.n_operations = ds->n_operations;
  info.wyckoff.resize(n);
  info.equivalent_site.resize(n);
  info.site_class.assign(n, -1);
  std::map<int, int> class_of;
  for (int i = 0; i < n; ++i) {
    info.wyckoff[i] = static_cast<char>('a' + ds->wyckoffs[i]);
    info.equivalent_site[i] = ds->equivalent_atoms[i];
    auto it = class_of.emplace(ds->equivalent_atoms[i], static_cast<int>(class_of.size()));
    info.site_class[i] = it.first->second;
  }
  info.n_classes = static_cast<int>(class_of.size());
  spg_free_dataset(ds);
  return info;
}

std::vector<SymmetryOperation> symmetry_operations(const Lattice& lattice,
                                                   const std::vector<Fractional>& pos,
                                                   const std::vector<int>& types,
                                                   double symprec_A) {
  const int n = static_cast<int>(pos.size());
  double lat[3][3];
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) lat[i][j] = lattice.vector(j)[i];  // columns: vectors
  std::vector<double> p(3 * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < 3; ++k) p[3 * i + k] = pos[i][k];
  // At most 48 point operations times the lattice points of the cell (one per atom).
  const int max_ops = 48 * std::max(n, 1);
  std::vector<int> rot(9 * static_cast<size_t>(max_ops));
  std::vector<double> trans(3 * static_cast<size_t>(max_ops));
  std::vector<int> t = types;
  int n_ops = spg_get_symmetry(reinterpret_cast<int(*)[3][3]>(rot.data()),
                               reinterpret_cast<double(*)[3]>(trans.data()), max_ops, lat,
                               reinterpret_cast<double(*)[3]>(p.data()), t.data(), n, symprec_A);
  if (n_ops <= 0) {
    SpglibError code = spg_get_error_code();
    fail("spglib: ", spg_get_error_message(code), " (symprec ", symprec_A, " A)");
  }
  std::vector<SymmetryOperation> ops(n_ops);
  for (int o = 0; o < n_ops; ++o)
    for (int i = 0; i < 3; ++i) {
      ops[o].trans[i] = trans[3 * o + i];
      for (int j = 0; j < 3; ++j) ops[o].rot[i][j] = rot[9 * o + 3 * i + j];
    }
  return ops;
}

std::vector<Fractional> symmetry_orbits(const Lattice& lattice, const std::vector<Fractional>& pos,
                                        const std::vector<int>& types,
                                        const std::vector<Fractional>& seeds, double symprec_A,
                                        double merge_A, std::vector<int>* seed_of) {
  const std::vector<SymmetryOperation> ops = symmetry_operations(lattice, pos, types, symprec_A);
  const int n_ops = static_cast<int>(ops.size());
  std::vector<Fractional> out;
  if (seed_of) seed_of->clear();
  for (size_t s = 0; s < seeds.size(); ++s)
    for (int o = 0; o < n_ops; ++o) {
      Fractional x;
      for (int i = 0; i < 3; ++i) {
        double v = ops[o].trans[i];
        for (int j = 0; j < 3; ++j) v += ops[o].rot[i][j] * seeds[s][j];
        x[i] = v - std::floor(v);
      }
      bool seen = false;
      for (const Fractional& y : out) seen |= lattice.periodic_distance(x, y) < merge_A;
      if (seen) continue;
      out.push_back(x);
      if (seed_of) seed_of->push_back(static_cast<int>(s));
    }
  return out;
}

}  // namespace channelmap
