// Symmetry: spglib given the smaller cell of a supercell (analyze_symmetry, SpglibCell::Smaller,
// the default from tol::symmetry_reduce_sites sites on; issue #10) must say what spglib says
// when given the whole cell (the reference: spglib's own search for the pure translations), up
// to the choice among equivalent origins, which may relabel Wyckoff letters. Compared on every
// structure of several corpus directories small enough for the whole-cell call to be quick,
// many of them centred (F, I, C, R cells expanded from their CIF's operators), and on three
// large MOFs that the default reduces.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "channelmap/read.hpp"
#include "channelmap/symmetry.hpp"
#include "test_paths.hpp"

using namespace channelmap;

namespace {
using test::cifs_in;

// Compares the smaller-cell answer with the whole cell's; true when the cell was reduced
// (more operations than a point group has: pure translations) and the letters were relabelled.
struct Outcome {
  bool compared = false, centred = false, relabelled = false;
};
Outcome compare(const Crystal& c, SpglibCell mode) {
  Outcome out;
  SymmetryInfo whole, fast;
  std::string whole_err, fast_err;
  try {
    whole = analyze_symmetry(c, tol::default_symprec_A, SpglibCell::Whole);
  } catch (const Error& e) {
    whole_err = e.what();
  }
  try {
    fast = analyze_symmetry(c, tol::default_symprec_A, mode);
  } catch (const Error& e) {
    fast_err = e.what();
  }
  CHECK(whole_err == fast_err);
  if (!whole_err.empty() || !fast_err.empty()) return out;
  out.compared = true;
  out.centred = whole.n_operations > 48;
  CHECK(fast.number == whole.number);
  CHECK(fast.symbol == whole.symbol);
  CHECK(fast.hall_symbol == whole.hall_symbol);
  CHECK(fast.n_operations == whole.n_operations);
  CHECK(fast.equivalent_site == whole.equivalent_site);
  CHECK(fast.site_class == whole.site_class);
  CHECK(fast.n_classes == whole.n_classes);
  // The letters: one to one between the two (another origin relabels whole orbits at once), and
  // the same letter for every site of an orbit.
  std::map<char, char> to_fast, to_whole;
  bool one_to_one = fast.wyckoff.size() == whole.wyckoff.size();
  for (size_t i = 0; i < whole.wyckoff.size() && one_to_one; ++i) {
    const char w = whole.wyckoff[i], f = fast.wyckoff[i];
    one_to_one =
        to_fast.emplace(w, f).first->second == f && to_whole.emplace(f, w).first->second == w;
    one_to_one &= fast.wyckoff[fast.equivalent_site[i]] == f;
  }
  CHECK(one_to_one);
  out.relabelled = fast.wyckoff != whole.wyckoff;
  return out;
}
}  // namespace

TEST_CASE("Symmetry from the smaller cell equals spglib on the whole cell", "[symmetry]") {
  const std::string root = test::shared_dir() + "/structures/";
  std::vector<std::string> files;
  for (const char* d :
       {"mg_barrier_set", "mg_reference", "benchmark/cavd", "benchmark/mineral_lib_amcsd",
        "benchmark/raspa2/zeolites", "benchmark/pymatgen_test_files"}) {
    std::vector<std::string> f = cifs_in(root + d);
    files.insert(files.end(), f.begin(), f.end());
  }
  REQUIRE(files.size() > 200);
  int compared = 0, centred = 0, relabelled = 0;
  for (const std::string& path : files) {
    ReadResult rr = read_structures(path);
    for (const Crystal& c : rr.crystals) {
      if (c.sites.size() > 800) continue;  // the whole-cell call is what is slow
      INFO(path << " (" << c.sites.size() << " sites)");
      // Below tol::symmetry_reduce_sites the default is the whole cell itself.
      const SymmetryInfo a = analyze_symmetry(c),
                         b = analyze_symmetry(c, tol::default_symprec_A, SpglibCell::Whole);
      CHECK(a.wyckoff == b.wyckoff);
      const Outcome o = compare(c, SpglibCell::Smaller);
      compared += o.compared;
      centred += o.centred;
      relabelled += o.relabelled;
    }
  }
  // Measured when written: 331 compared, 72 centred, 44 of them with other letters.
  WARN("compared " << compared << " structures, " << centred << " of them centred, " << relabelled
                   << " with relabelled Wyckoff letters");
  CHECK(compared > 200);
  CHECK(centred > 20);
}

TEST_CASE("Large centred MOFs: the default reduces them, with spglib's answer", "[symmetry]") {
  // NU-100SP (Fm-3m, 3,168 sites), MOF-210 (R-3 in hexagonal axes, 5,562), ZIF-20 (4,800).
  const std::string root = test::shared_dir() + "/structures/benchmark/raspa2/mofs/cif/";
  for (const char* name : {"NU-100SP.cif", "MOF-210.cif", "ZIF-20.cif"}) {
    INFO(name);
    ReadResult rr = read_structures(root + name);
    REQUIRE(rr.crystals.size() == 1);
    REQUIRE(rr.crystals[0].sites.size() >= static_cast<size_t>(tol::symmetry_reduce_sites));
    const Outcome o = compare(rr.crystals[0], SpglibCell::Auto);
    CHECK(o.compared);
  }
}

namespace {
// Whether `own` holds spglib's `ref`: each of spglib's operations matched by a distinct one of
// channelmap's with the same rotation and a translation closer than symprec_A (in A, modulo the
// lattice). The largest such distance in *worst.
bool holds_operations(const Lattice& L, const std::vector<SymmetryOperation>& ref,
                      const std::vector<SymmetryOperation>& own, double symprec_A, double* worst) {
  std::vector<char> used(own.size(), 0);
  for (const SymmetryOperation& a : ref) {
    int best = -1;
    double best_d = symprec_A;
    for (size_t j = 0; j < own.size(); ++j) {
      if (used[j] || own[j].rot != a.rot) continue;
      Fractional d(a.trans[0] - own[j].trans[0], a.trans[1] - own[j].trans[1],
                   a.trans[2] - own[j].trans[2]);
      for (int k = 0; k < 3; ++k) d[k] -= std::round(d[k]);
      const double len = L.orthogonalize(d).length();
      if (len < best_d) best = static_cast<int>(j), best_d = len;
    }
    if (best < 0) return false;
    used[best] = 1;
    *worst = std::max(*worst, best_d);
  }
  return true;
}
}  // namespace

// find_symmetry_operations (channelmap's own search, used for the host framework's orbits:
// the vacant mobile sites, and for the energy grid's orbits) against spglib's spg_get_symmetry,
// the reference, at the tolerances it is used with, on the same corpus directories and the 504
// barrier path cells: every structure as read and its host (the sites without Mg) at
// tol::host_symprec_A (0.1 A), and every structure at tol::bvse_grid_symprec_A (1e-7 A; the
// lattice's angles are tested as spglib tests them, changes with sin^2 up to 1e-12 counting as
// none, without which 3 cells lose operations there). spglib's
// translations are those of its idealized structure, channelmap's are fitted to the points, so
// they agree within the tolerance, not exactly. spglib may keep fewer operations than pass the
// test (after identifying the space-group type it may go on at a smaller tolerance): a cell
// whose atoms are within 0.05 A of a rhombohedral arrangement (CaCo2S3O12, 12 operations) is
// P-1 to spglib at 0.1 A (it finds the 12 from 0.15 A on). So the test asks that channelmap's
// operations hold spglib's, and that they are the same on all but a few. At loose tolerances the
// two part more (at 0.5 A the oxygen sublattice of a spinel is, within the tolerance, an fcc
// lattice of half the edge; spglib keeps the spinel's group): the vacant-site search's
// single-site retry at 0.5 A calls spglib.
TEST_CASE("The own operation search finds spglib's operations", "[symmetry]") {
  const std::string root = test::shared_dir() + "/structures/";
  std::vector<std::string> files;
  for (const char* d : {"mg_barrier_set", "mg_reference", "barrier_paths", "benchmark/cavd",
                        "benchmark/mineral_lib_amcsd", "benchmark/raspa2/zeolites"}) {
    std::vector<std::string> f = cifs_in(root + d);
    files.insert(files.end(), f.begin(), f.end());
  }
  REQUIRE(files.size() > 650);
  int compared = 0, spglib_failed = 0, more_than_p1 = 0, more_than_spglib = 0;
  double worst[3] = {0, 0, 0};
  for (const std::string& path : files) {
    ReadResult rr = read_structures(path);
    for (const Crystal& c : rr.crystals) {
      if (c.sites.size() > 800) continue;
      std::map<std::string, int> type_of;
      std::vector<Fractional> pos, host_pos;
      std::vector<int> types, host_types;
      for (const Site& s : c.sites) {
        std::string key;
        for (const Species& sp : s.species)
          key += sp.element + ":" + std::to_string(std::lround(sp.occupancy * 1e4)) + ";";
        const int t = type_of.emplace(key, static_cast<int>(type_of.size()) + 1).first->second;
        pos.push_back(s.frac);
        types.push_back(t);
        if (!s.has_element("Mg")) {
          host_pos.push_back(s.frac);
          host_types.push_back(t);
        }
      }
      const struct {
        const std::vector<Fractional>& pos;
        const std::vector<int>& types;
        double symprec_A;
      } cases[3] = {{pos, types, tol::host_symprec_A},
                    {host_pos, host_types, tol::host_symprec_A},
                    {pos, types, tol::bvse_grid_symprec_A}};
      for (int k = 0; k < 3; ++k) {
        if (cases[k].pos.empty()) continue;
        INFO(path << " (" << cases[k].pos.size() << " sites, symprec " << cases[k].symprec_A
                  << " A)");
        std::vector<SymmetryOperation> ref;
        try {
          ref = symmetry_operations(c.lattice, cases[k].pos, cases[k].types, cases[k].symprec_A);
        } catch (const Error&) {
          ++spglib_failed;
          continue;
        }
        const std::vector<SymmetryOperation> own =
            find_symmetry_operations(c.lattice, cases[k].pos, cases[k].types, cases[k].symprec_A);
        INFO("spglib: " << ref.size() << " operations, channelmap: " << own.size());
        CHECK(holds_operations(c.lattice, ref, own, cases[k].symprec_A, &worst[k]));
        if (own.size() > ref.size()) {
          ++more_than_spglib;
          WARN(path << " (" << cases[k].pos.size() << " sites): spglib " << ref.size()
                    << " operations, channelmap " << own.size());
        }
        ++compared;
        more_than_p1 += ref.size() > 1;
      }
    }
  }
  WARN("compared " << compared << " (" << more_than_p1 << " with more than the identity; spglib "
                   << "failed on " << spglib_failed << "); largest translation difference "
                   << worst[0] << " A (structures), " << worst[1] << " A (hosts), " << worst[2]
                   << " A (structures at 1e-7 A); channelmap found more on " << more_than_spglib);
  CHECK(compared > 1300);
  // Measured when written: 2,235 compared, more on 2 (one cell and its host, at 0.1 A).
  CHECK(more_than_spglib <= compared / 100);
}

// AnalysisOptions::wyckoff_letters false (the screen table): channelmap's own operations, their
// space-group type as spglib names it from operations, and their orbits, instead of spglib's
// dataset. Reference: spglib's dataset (analyze_symmetry with the letters) on every structure
// of the corpus sets above and the RASPA2 ceramics, at the default symprec: the same number,
// symbols, operation count, equivalent sites and classes, and no letters.
TEST_CASE("Without Wyckoff letters the symmetry is spglib's dataset's", "[symmetry]") {
  const std::string root = test::shared_dir() + "/structures/";
  std::vector<std::string> files;
  // With the RASPA2 ceramics: supercells whose lattice loses operations of their smaller cell
  // (graphite_ortho: P6/mmm, Cmmm in its own basis).
  for (const char* d : {"mg_barrier_set", "mg_reference", "barrier_paths", "benchmark/cavd",
                        "benchmark/mineral_lib_amcsd", "benchmark/raspa2/zeolites",
                        "benchmark/raspa2/ceramics/cif"}) {
    std::vector<std::string> f = cifs_in(root + d);
    files.insert(files.end(), f.begin(), f.end());
  }
  int compared = 0, both_failed = 0, differ = 0, more_than_p1 = 0, took_dataset = 0;
  for (const std::string& path : files) {
    ReadResult rr = read_structures(path);
    for (const Crystal& c : rr.crystals) {
      if (c.sites.size() > 800) continue;
      INFO(path << " (" << c.sites.size() << " sites)");
      SymmetryInfo ref, fast;
      bool ref_ok = true, fast_ok = true;
      try {
        ref = analyze_symmetry(c, tol::default_symprec_A, SpglibCell::Whole, true);
      } catch (const Error&) {
        ref_ok = false;
      }
      try {
        fast = analyze_symmetry(c, tol::default_symprec_A, SpglibCell::Whole, false);
      } catch (const Error&) {
        fast_ok = false;
      }
      CHECK(ref_ok == fast_ok);
      if (!ref_ok || !fast_ok) {
        both_failed += !ref_ok && !fast_ok;
        continue;
      }
      ++compared;
      more_than_p1 += ref.n_operations > 1;
      const bool same = fast.number == ref.number && fast.symbol == ref.symbol &&
                        fast.hall_symbol == ref.hall_symbol &&
                        fast.n_operations == ref.n_operations &&
                        fast.equivalent_site == ref.equivalent_site &&
                        fast.site_class == ref.site_class && fast.n_classes == ref.n_classes;
      INFO("dataset " << ref.number << " " << ref.hall_symbol << " (" << ref.n_operations
                      << " operations, " << ref.n_classes << " classes); without letters "
                      << fast.number << " " << fast.hall_symbol << " (" << fast.n_operations << ", "
                      << fast.n_classes << ")");
      CHECK(same);
      differ += !same;
      // Cells whose operations change within the tolerance take the dataset, with its letters.
      const bool letters = fast.wyckoff == ref.wyckoff;
      CHECK((letters || std::all_of(fast.wyckoff.begin(), fast.wyckoff.end(),
                                    [](char w) { return w == '?'; })));
      took_dataset += letters;
    }
  }
  WARN("compared " << compared << " (" << more_than_p1 << " with more than the identity; both "
                   << "failed on " << both_failed << "); differ on " << differ << "; "
                   << took_dataset << " took spglib's dataset");
  CHECK(compared > 600);
  // Measured when written: 750 compared, none differ, 26 took the dataset.
  CHECK(took_dataset <= compared / 10);
}

// find_symmetry_operations at two tolerances in one pass (the screen's dataset asks for the
// operations at symprec and at half of it; issue #10) must give, at each, exactly what a search
// at that tolerance alone gives: the same operations in the same order, to the bit. The
// reference is the single-tolerance search. Over the Mg sets and the CAVD examples at the
// default symprec and at 0.1 A (each against half of it); some cells have fewer operations at
// half the tolerance (NiO2_Mg_164 at 0.01 A), so the two lists are not always alike.
TEST_CASE("One pass at two tolerances gives each tolerance's own operations", "[symmetry]") {
  const std::string root = test::shared_dir() + "/structures/";
  std::vector<std::string> files;
  for (const char* d : {"mg_barrier_set", "mg_reference", "benchmark/cavd"}) {
    std::vector<std::string> f = cifs_in(root + d);
    files.insert(files.end(), f.begin(), f.end());
  }
  REQUIRE(files.size() > 100);
  int compared = 0, fewer_at_half = 0;
  auto same = [](const std::vector<SymmetryOperation>& a, const std::vector<SymmetryOperation>& b) {
    if (a.size() != b.size()) return false;
    for (size_t k = 0; k < a.size(); ++k)
      if (a[k].rot != b[k].rot || a[k].trans != b[k].trans) return false;
    return true;
  };
  for (const std::string& path : files) {
    ReadResult rr = read_structures(path);
    for (const Crystal& c : rr.crystals) {
      if (c.sites.size() > 400) continue;
      std::map<std::string, int> type_of;
      std::vector<Fractional> pos;
      std::vector<int> types;
      for (const Site& s : c.sites) {
        std::string key;
        for (const Species& sp : s.species)
          key += sp.element + ":" + std::to_string(std::lround(sp.occupancy * 1e4)) + ";";
        types.push_back(type_of.emplace(key, static_cast<int>(type_of.size()) + 1).first->second);
        pos.push_back(s.frac);
      }
      for (double symprec : {tol::default_symprec_A, 0.1}) {
        INFO(path << " (" << pos.size() << " sites, symprec " << symprec << " A)");
        std::vector<SymmetryOperation> ops, half;
        find_symmetry_operations(c.lattice, pos, types, symprec, 0.5 * symprec, &ops, &half);
        CHECK(same(ops, find_symmetry_operations(c.lattice, pos, types, symprec)));
        CHECK(same(half, find_symmetry_operations(c.lattice, pos, types, 0.5 * symprec)));
        ++compared;
        fewer_at_half += half.size() < ops.size();
      }
    }
  }
  WARN("two-tolerance search: " << compared << " compared, " << fewer_at_half
                                << " with fewer operations at half the tolerance");
  CHECK(compared > 200);
  CHECK(fewer_at_half > 0);  // the case the check in operations_dataset is for
}
