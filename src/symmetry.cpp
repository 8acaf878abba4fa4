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
#include "channelmap/neighbors.hpp"

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

namespace {
// What channelmap keeps of spglib's dataset.
struct Dataset {
  int number = 0;
  std::string symbol, hall_symbol;
  int n_operations = 0;
  std::vector<int> wyckoff, equivalent;  // per site: letter index, spglib's equivalent_atoms
  std::vector<std::array<std::array<int, 3>, 3>> rot;  // the operations' rotations
};

// A cell as spglib takes it: lattice vectors as columns, positions as rows.
struct SpglibArrays {
  double lattice[3][3];
  std::vector<double> pos;
  SpglibArrays(const std::array<Vec3, 3>& vec, const std::vector<Fractional>& frac)
      : pos(3 * frac.size()) {
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) lattice[i][j] = vec[j][i];
    for (size_t i = 0; i < frac.size(); ++i)
      for (int k = 0; k < 3; ++k) pos[3 * i + k] = frac[i][k];
  }
  double (*positions())[3] { return reinterpret_cast<double(*)[3]>(pos.data()); }
};

// spg_get_dataset; false (and spglib's message in *error) when spglib fails.
bool spglib_dataset(const std::array<Vec3, 3>& vec, const std::vector<Fractional>& frac,
                    const std::vector<int>& types, double symprec_A, Dataset* out,
                    std::string* error) {
  const int n = static_cast<int>(frac.size());
  SpglibArrays cell(vec, frac);
  std::vector<int> t = types;
  SpglibDataset* ds = spg_get_dataset(cell.lattice, cell.positions(), t.data(), n, symprec_A);
  if (!ds) {
    *error = spg_get_error_message(spg_get_error_code());
    return false;
  }
  out->number = ds->spacegroup_number;
  out->symbol = ds->international_symbol;
  out->hall_symbol = ds->hall_symbol;
  out->n_operations = ds->n_operations;
  out->wyckoff.assign(ds->wyckoffs, ds->wyckoffs + n);
  out->equivalent.assign(ds->equivalent_atoms, ds->equivalent_atoms + n);
  out->rot.resize(ds->n_operations);
  for (int o = 0; o < ds->n_operations; ++o)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) out->rot[o][i][j] = ds->rotations[o][i][j];
  spg_free_dataset(ds);
  return true;
}

// The cell as a supercell of a smaller one: its pure translations (k of them, the identity
// included), the class of each site under them, and a basis of the translation lattice (in the
// cell's fractional coordinates). A translation counts when every site has a site of the same
// type closer than symprec to its image (spglib's test); false when there is none besides the
// identity, or when the translations found are not a group that splits the sites into classes
// of k (then spglib is given the whole cell and decides itself).
struct Centring {
  int k = 1;
  std::vector<int> cls;             // per site; classes numbered in order of their first site
  std::array<Fractional, 3> basis;  // right-handed; det = 1 / k
};

bool find_centring(const Lattice& L, const std::vector<Fractional>& pos,
                   const std::vector<int>& types, double symprec_A, Centring* out) {
  const int n = static_cast<int>(pos.size());
  if (n < 2) return false;
  std::map<int, int> count;
  for (int t : types) ++count[t];
  int rare = count.begin()->first;
  for (const auto& [t, m] : count)
    if (m < count[rare]) rare = t;
  if (count[rare] < 2) return false;
  int i0 = 0;
  while (types[i0] != rare) ++i0;
  const PeriodicIndex index(L, pos, 2.0);
  // The site of the same type as i closer than symprec to pos[i] + t, or -1.
  auto image = [&](int i, const Fractional& t) {
    const Position q = L.orthogonalize(pos[i] + t);
    int found = -1;
    index.find_within(q, symprec_A, [&](int j, const Position& x, const Offset&) {
      if (types[j] != types[i] || !((x - q).length() < symprec_A)) return false;
      found = j;
      return true;
    });
    return found;
  };
  std::vector<Fractional> trans;
  for (int j = 0; j < n; ++j) {
    if (j == i0 || types[j] != rare) continue;
    Fractional t = pos[j] - pos[i0];
    for (int d = 0; d < 3; ++d) t[d] -= std::floor(t[d]);
    bool all = true;
    for (int i = 0; i < n && all; ++i) all = image(i, t) >= 0;
    if (all) trans.push_back(t);
  }
  if (trans.empty()) return false;
  const int k = static_cast<int>(trans.size()) + 1;
  if (n % k != 0) return false;
  // Classes: each site and its images.
  std::vector<int> cls(n, -1);
  int n_cls = 0;
  for (int i = 0; i < n; ++i) {
    if (cls[i] >= 0) continue;
    cls[i] = n_cls;
    for (const Fractional& t : trans) {
      const int j = image(i, t);
      if (j < 0 || (cls[j] >= 0 && cls[j] != n_cls)) return false;
      cls[j] = n_cls;
    }
    ++n_cls;
  }
  std::vector<int> members(n_cls, 0);
  for (int c : cls) ++members[c];
  for (int m : members)
    if (m != k) return false;
  // The translation lattice: k times it is the integer lattice generated by k e_d and the k t
  // (integers, since the translations are a group of order k), reduced to a triangular basis.
  std::vector<std::array<long, 3>> g;
  for (int d = 0; d < 3; ++d) {
    std::array<long, 3> e{0, 0, 0};
    e[d] = k;
    g.push_back(e);
  }
  for (const Fractional& t : trans) {
    std::array<long, 3> v;
    for (int d = 0; d < 3; ++d) {
      const double x = k * t[d];
      v[d] = std::lround(x);
      if (std::fabs(x - v[d]) > 0.1) return false;
    }
    g.push_back(v);
  }
  for (int col = 0; col < 3; ++col) {
    for (;;) {
      int piv = -1;
      for (size_t r = col; r < g.size(); ++r)
        if (g[r][col] != 0 && (piv < 0 || std::labs(g[r][col]) < std::labs(g[piv][col])))
          piv = static_cast<int>(r);
      if (piv < 0) return false;
      std::swap(g[col], g[piv]);
      bool done = true;
      for (size_t r = col + 1; r < g.size(); ++r) {
        const long q = g[r][col] / g[col][col];
        for (int d = 0; d < 3; ++d) g[r][d] -= q * g[col][d];
        done &= g[r][col] == 0;
      }
      if (done) break;
    }
  }
  const long det = g[0][0] * g[1][1] * g[2][2];
  if (std::labs(det) != static_cast<long>(k) * k) return false;
  for (int b = 0; b < 3; ++b)
    for (int d = 0; d < 3; ++d) out->basis[b][d] = static_cast<double>(g[b][d]) / k;
  if (det < 0)
    for (int d = 0; d < 3; ++d) out->basis[0][d] = -out->basis[0][d];
  out->k = k;
  out->cls = std::move(cls);
  return true;
}

// spglib's dataset of the cell `L` from its smaller cell `cen` (one site of each class), carried
// back to the whole cell: the operations whose rotation is integral in the whole cell's basis,
// each with the k pure translations; equivalent sites as spglib gives them for the whole cell
// (the first site of each orbit). False (spglib's message in *error) when spglib fails.
bool smaller_cell_dataset(const Lattice& L, const std::vector<Fractional>& pos,
                          const std::vector<int>& types, double symprec_A, const Centring& cen,
                          Dataset* out, std::string* error) {
  const int n = static_cast<int>(pos.size());
  std::array<Vec3, 3> pvec;
  for (int b = 0; b < 3; ++b) pvec[b] = Vec3(L.orthogonalize(cen.basis[b]));
  const Lattice P = Lattice::from_vectors(pvec);
  const int m = n / cen.k;
  std::vector<Fractional> ppos(m);
  std::vector<int> ptypes(m);
  std::vector<char> seen(m, 0);
  for (int i = 0; i < n; ++i) {
    const int k = cen.cls[i];
    if (seen[k]) continue;
    seen[k] = 1;
    Fractional f = P.fractionalize(L.orthogonalize(pos[i]));
    for (int d = 0; d < 3; ++d) f[d] -= std::floor(f[d]);
    ppos[k] = f;
    ptypes[k] = types[i];
  }
  Dataset pd;
  if (!spglib_dataset(pvec, ppos, ptypes, symprec_A, &pd, error)) return false;
  // A rotation R of the smaller cell is B R B^-1 in the whole cell's basis (B: the smaller
  // cell's vectors in the whole cell's fractional coordinates), applied here column by column
  // through the lattice those vectors span (orthogonalize: B, fractionalize: B^-1).
  const Lattice basis =
      Lattice::from_vectors({Vec3(cen.basis[0]), Vec3(cen.basis[1]), Vec3(cen.basis[2])});
  int integral = 0;
  for (const auto& R : pd.rot) {
    bool ok = true;
    for (int j = 0; j < 3 && ok; ++j) {
      const Fractional y = basis.fractionalize(Position(j == 0, j == 1, j == 2));
      Fractional z;
      for (int a = 0; a < 3; ++a) z[a] = R[a][0] * y[0] + R[a][1] * y[1] + R[a][2] * y[2];
      const Position w = basis.orthogonalize(z);
      for (int i = 0; i < 3 && ok; ++i) ok = std::fabs(w[i] - std::nearbyint(w[i])) < 1e-6;
    }
    integral += ok;
  }
  out->number = pd.number;
  out->symbol = pd.symbol;
  out->hall_symbol = pd.hall_symbol;
  out->n_operations = integral * cen.k;
  out->wyckoff.resize(n);
  out->equivalent.resize(n);
  std::vector<int> first(m, -1);
  for (int i = 0; i < n; ++i) {
    const int orbit = pd.equivalent[cen.cls[i]];
    if (first[orbit] < 0) first[orbit] = i;
    out->equivalent[i] = first[orbit];
    out->wyckoff[i] = pd.wyckoff[cen.cls[i]];
  }
  return true;
}
}  // namespace

SymmetryInfo analyze_symmetry(const Crystal& c, double symprec_A, SpglibCell cell) {
  SymmetryInfo info;
  info.symprec_A = symprec_A;
  const int n = static_cast<int>(c.sites.size());
  std::vector<Fractional> pos(n);
  std::vector<int> types(n);
  std::map<std::string, int> type_of;
  for (int i = 0; i < n; ++i) {
    pos[i] = c.sites[i].frac;
    auto it = type_of.emplace(species_key(c.sites[i]), static_cast<int>(type_of.size()) + 1);
    types[i] = it.first->second;
  }
  const std::array<Vec3, 3> vec = {c.lattice.vector(0), c.lattice.vector(1), c.lattice.vector(2)};
  // spglib's own search for pure translations and its checks compare every pair of sites, the
  // larger part of its time on large centred cells (issue #10): when the cell is a supercell,
  // spglib can be given the smaller cell (one site of each class), and its answer is carried
  // back. tests/unit/test_symmetry.cpp checks that this gives what spglib gives on the whole
  // cell, except that the Wyckoff letters may be those of another origin of the same group.
  const bool reduce =
      cell == SpglibCell::Smaller || (cell == SpglibCell::Auto && n >= tol::symmetry_reduce_sites);
  Dataset ds;
  std::string error;
  Centring cen;
  bool done = false;
  if (reduce && find_centring(c.lattice, pos, types, symprec_A, &cen))
    done = smaller_cell_dataset(c.lattice, pos, types, symprec_A, cen, &ds, &error);
  if (!done && !spglib_dataset(vec, pos, types, symprec_A, &ds, &error))
    fail("spglib: ", error, " (symprec ", symprec_A, " A)");
  info.number = ds.number;
  info.symbol = ds.symbol;
  info.hall_symbol = ds.hall_symbol;
  info.n_operations = ds.n_operations;
  info.wyckoff.resize(n);
  info.equivalent_site.resize(n);
  info.site_class.assign(n, -1);
  std::map<int, int> class_of;
  for (int i = 0; i < n; ++i) {
    info.wyckoff[i] = static_cast<char>('a' + ds.wyckoff[i]);
    info.equivalent_site[i] = ds.equivalent[i];
    auto it = class_of.emplace(ds.equivalent[i], static_cast<int>(class_of.size()));
    info.site_class[i] = it.first->second;
  }
  info.n_classes = static_cast<int>(class_of.size());
  return info;
}

std::vector<SymmetryOperation> symmetry_operations(const Lattice& lattice,
                                                   const std::vector<Fractional>& pos,
                                                   const std::vector<int>& types,
                                                   double symprec_A) {
  const int n = static_cast<int>(pos.size());
  SpglibArrays cell({lattice.vector(0), lattice.vector(1), lattice.vector(2)}, pos);
  // At most 48 point operations times the lattice points of the cell (one per atom).
  const int max_ops = 48 * std::max(n, 1);
  std::vector<int> rot(9 * static_cast<size_t>(max_ops));
  std::vector<double> trans(3 * static_cast<size_t>(max_ops));
  std::vector<int> t = types;
  int n_ops = spg_get_symmetry(reinterpret_cast<int(*)[3][3]>(rot.data()),
                               reinterpret_cast<double(*)[3]>(trans.data()), max_ops, cell.lattice,
                               cell.positions(), t.data(), n, symprec_A);
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
      for (const Fractional& y : out) {
        // The distance is at least |dx_i| (wrapped) times the spacing of lattice planes i: most
        // pairs are told apart by that, without periodic_distance's 27 images.
        bool far = false;
        for (int i = 0; i < 3 && !far; ++i) {
          double d = y[i] - x[i];
          d -= std::round(d);
          far = std::fabs(d) * lattice.plane_spacing(i) > merge_A * (1 + 1e-9);
        }
        if (!far && lattice.periodic_distance(x, y) < merge_A) {
          seen = true;
          break;
        }
      }
      if (seen) continue;
      out.push_back(x);
      if (seed_of) seed_of->push_back(static_cast<int>(s));
    }
  return out;
}

}  // namespace channelmap
