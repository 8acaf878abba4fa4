// Invariance of the void-network descriptors under changes that do not change the crystal:
// (a) the origin shifted by an arbitrary fractional vector, (b) 2x1x1 and 1x1x2 supercells,
// (c) the sites listed in a random order. Di, Df, Rf_kD (and their per-axis values) describe the
// physical crystal, so they must not move; Rf and Df are intensive, so a supercell keeps them
// (a path to the image one supercell vector along a is a path to the image 2a of the original
// cell, and a channel along a in the original is one along a in the supercell).
// Dif is checked in its own test case: by default it is the largest node of the parts of the
// network that percolate at Df/2 (DifStyle::Exact), which does not depend on the origin. (With
// --zeopp it is Zeo++'s single-path value, which does; that style is not checked here.) The Dif
// range (smallest and largest included sphere over the widest paths) is checked there too. A third
// test case checks that the network itself (node and edge counts per original cell) and
// spglib's space group do not change either.
//
// Structures: real files from $CHANNELMAP_SHARED/structures (see SOURCES.md there), each
// analysed with the default options (Mg mobile, Shannon radii) and with point atoms and no
// mobile ion ({mobile_element = "", uniform_radius_A = 0}).
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "channelmap/channels.hpp"
#include "channelmap/framework.hpp"
#include "channelmap/network.hpp"
#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "test_paths.hpp"

using namespace channelmap;

namespace {

// Agreement required between a structure and its transformed copy (A). The geometry is exact
// up to floating-point rounding of coordinates of order 10 A, so 1e-6 A leaves a margin of
// several orders of magnitude; anything beyond is a real difference.
constexpr double invariance_tol_A = 1e-6;

// Structures, chosen to cover the crystal systems the brief asks for.
const std::vector<std::string> structure_files = {
    "mg_reference/MgAl2O4_spinel_AMCSD.cif",              // cubic Fd-3m, partial inversion
    "mg_reference/Mg2SiO4_olivine_forsterite_AMCSD.cif",  // orthorhombic Pbnm
    "mg_reference/MgOH2_brucite_AMCSD.cif",               // trigonal P-3m1, hexagonal axes
    "mg_reference/MgSiO3_ilmenite_akimotoite_AMCSD.cif",  // trigonal R-3, hexagonal axes
    "benchmark/mineral_lib_amcsd/Kyanite_AMS_DATA.cif",   // triclinic P-1
    "benchmark/raspa2/zeolites/cif/GME.cif",              // zeolite, hexagonal P6_3/mmc
};

// An arbitrary shift that lands on no special position of any of these space groups.
const Fractional origin_shift(0.1234567, 0.3816, 0.7071);
// Seed of the site permutation (fixed so a failure can be reproduced).
constexpr unsigned shuffle_seed = 20240607;

Crystal read_one(const std::string& rel) {
  const std::string path = test::shared_dir() + "/structures/" + rel;
  ReadResult rr = read_structures(path);
  for (const Error& e : rr.errors) UNSCOPED_INFO(e.one_line());
  REQUIRE(rr.errors.empty());
  REQUIRE(rr.crystals.size() == 1);
  return rr.crystals.front();
}

Crystal shifted(const Crystal& c, const Fractional& s) {
  Crystal t = c;
  for (Site& site : t.sites) site.frac = wrap(site.frac + s);
  return t;
}

Crystal supercell(const Crystal& c, const std::array<int, 3>& n) {
  Crystal t = c;
  std::array<Vec3, 3> v;
  for (int i = 0; i < 3; ++i) {
    const Vec3& w = c.lattice.vector(i);
    v[i] = {w.x * n[i], w.y * n[i], w.z * n[i]};
  }
  t.lattice = Lattice::from_vectors(v);
  t.sites.clear();
  for (int i = 0; i < n[0]; ++i)
    for (int j = 0; j < n[1]; ++j)
      for (int k = 0; k < n[2]; ++k)
        for (const Site& s : c.sites) {
          Site u = s;
          u.frac =
              wrap(Fractional((s.frac.x + i) / n[0], (s.frac.y + j) / n[1], (s.frac.z + k) / n[2]));
          t.sites.push_back(u);
        }
  return t;
}

Crystal shuffled(const Crystal& c, unsigned seed) {
  Crystal t = c;
  std::mt19937 rng(seed);
  std::shuffle(t.sites.begin(), t.sites.end(), rng);
  return t;
}

// The numbers compared, by name (per-axis values as a, b, c).
using Summary = std::vector<std::pair<std::string, double>>;

Summary summarize(const Report& r) {
  const Percolation& p = r.percolation;
  const char* ax = "abc";
  Summary s = {{"di_A", p.di_A}, {"df_A", p.df_A}};
  for (int k = 0; k < 3; ++k) s.push_back({cat("rf_", k + 1, "d_A"), p.rf_A[k]});
  for (int i = 0; i < 3; ++i) s.push_back({cat("df_", ax[i], "_A"), p.df_axis_A[i]});
  for (int i = 0; i < 3; ++i) s.push_back({cat("rf_", ax[i], "_A"), p.rf_axis_A[i]});
  return s;
}

Summary summarize_dif(const Report& r) {
  const Percolation& p = r.percolation;
  const char* ax = "abc";
  Summary s = {
      {"dif_A", p.dif_A}, {"dif_min_A", p.dif_range_A[0]}, {"dif_max_A", p.dif_range_A[1]}};
  for (int i = 0; i < 3; ++i) s.push_back({cat("dif_", ax[i], "_A"), p.dif_axis_A[i]});
  return s;
}

// Equal within the tolerance; two equal infinities (a dimensionality never reached) agree.
bool agree(double a, double b) {
  if (!std::isfinite(a) || !std::isfinite(b)) return a == b;
  return std::fabs(a - b) <= invariance_tol_A;
}

struct Variant {
  std::string name;
  Crystal crystal;
  int cells = 1;  // number of original cells in the variant (for the node count)
};

std::vector<Variant> variants(const Crystal& c) {
  return {{"as read", c, 1},
          {"origin shifted", shifted(c, origin_shift), 1},
          {"2x1x1 supercell", supercell(c, {2, 1, 1}), 2},
          {"1x1x2 supercell", supercell(c, {1, 1, 2}), 2},
          {"sites shuffled", shuffled(c, shuffle_seed), 1}};
}

struct OptionSet {
  std::string name;
  AnalysisOptions opt;
};

std::vector<OptionSet> option_sets() {
  OptionSet point{"point atoms, no mobile ion", {}};
  point.opt.mobile_element = "";
  point.opt.uniform_radius_A = 0.0;
  return {{"default (Mg mobile, Shannon radii)", {}}, point};
}

// One analysis result (or the error it threw).
struct Outcome {
  bool ok = false;
  std::string error;
  Summary main, dif;
  int nodes = 0, edges = 0, spacegroup = 0;
  int cells = 1;  // original cells in the variant
};

// Every (structure, options, variant) analysed once and shared by the test cases.
using Key = std::tuple<std::string, std::string, std::string>;
const std::map<Key, Outcome>& outcomes() {
  static const std::map<Key, Outcome> all = [] {
    std::map<Key, Outcome> m;
    for (const std::string& file : structure_files) {
      Crystal c = read_one(file);
      std::vector<Variant> vs = variants(c);
      for (const OptionSet& os : option_sets())
        for (const Variant& v : vs) {
          Outcome o;
          try {
            Report r = analyze(v.crystal, os.opt);
            o.ok = true;
            o.main = summarize(r);
            o.dif = summarize_dif(r);
            o.nodes = static_cast<int>(r.network.nodes.size());
            o.edges = static_cast<int>(r.network.edges.size());
            o.cells = v.cells;
            o.spacegroup = r.symmetry ? r.symmetry->number : 0;
          } catch (const Error& e) {
            o.error = e.one_line();
          }
          m[{file, os.name, v.name}] = o;
        }
    }
    return m;
  }();
  return all;
}

std::string fmt(double x) {
  std::ostringstream os;
  os.precision(10);
  os << x;
  return os.str();
}

// Compares every variant with the structure as read: the numbers `pick` selects, or (pick
// null) the network's size and the space group.
void check_all(Summary Outcome::*pick) {
  const auto& all = outcomes();
  for (const std::string& file : structure_files)
    for (const OptionSet& os : option_sets()) {
      const Outcome& ref = all.at({file, os.name, "as read"});
      INFO(file << " [" << os.name << "]");
      if (!ref.ok) {
        FAIL_CHECK("analysis failed: " << ref.error);
        continue;
      }
      for (const char* vname :
           {"origin shifted", "2x1x1 supercell", "1x1x2 supercell", "sites shuffled"}) {
        const Outcome& got = all.at({file, os.name, vname});
        INFO("variant: " << vname);
        if (!got.ok) {
          FAIL_CHECK("analysis failed: " << got.error);
          continue;
        }
        if (!pick) {
          // The network is the same periodic graph: nodes and edges scale with the cell.
          INFO("nodes " << ref.nodes << " x " << got.cells << " vs " << got.nodes << ", edges "
                        << ref.edges << " x " << got.cells << " vs " << got.edges);
          CHECK(ref.nodes * got.cells == got.nodes);
          CHECK(ref.edges * got.cells == got.edges);
          // spglib finds the same space group in a shifted, permuted or enlarged cell.
          CHECK(ref.spacegroup == got.spacegroup);
          continue;
        }
        const Summary& a = ref.*pick;
        const Summary& b = got.*pick;
        REQUIRE(a.size() == b.size());
        for (size_t i = 0; i < a.size(); ++i) {
          INFO(a[i].first << ": as read " << fmt(a[i].second) << ", " << vname << " "
                          << fmt(b[i].second) << " (difference " << fmt(b[i].second - a[i].second)
                          << " A, tolerance " << invariance_tol_A << " A)");
          CHECK(agree(a[i].second, b[i].second));
        }
      }
    }
}

}  // namespace

TEST_CASE("Di, Df, Rf are invariant under origin shift, supercell and site order", "[invariance]") {
  check_all(&Outcome::main);
}

TEST_CASE("Dif is invariant under origin shift, supercell and site order", "[invariance][dif]") {
  check_all(&Outcome::dif);
}

TEST_CASE("The network's size and the space group are invariant too", "[invariance][network]") {
  check_all(nullptr);
}

// The network does not depend on how CGAL numbers the triangulation's cells and vertices, which
// changes with the periodic images it is given: every computation takes a cell's vertices in the
// order of their images (sphere, offset) and the vertices in the unit cell sorted by them
// (canonical_vertices in src/network.cpp). So a first padding of 0, 0.25, 0.5 (the default), 1,
// 3, 5 or 8 spacings, or of 0.5 to 2 A (thinner than a sphere's diameter), which triangulate
// different point sets and take one or several attempts, must give the same network bit for bit.
// The thin ones put many vertices of the cell near the edge of the padded region, where the trust
// test looks up the images that could cut into their orthospheres (try_build): one trusted wrongly
// would be a node or an edge too many (counting images up to 2 A outside the padding as inside
// changes FAU's network at a first padding of 1 A; checked 2026-12-05). Structures: unequal radii
// with cospherical vertices (MgP2Ru2: several power-diagram edges join the same two points there),
// a NASICON, two zeolites, a MOF whose pores need a wide padding, and a sulfide (Li3PS4: strongly
// unequal radii).
TEST_CASE("The network does not depend on the image padding", "[invariance][network]") {
  for (const char* rel :
       {"mg_barrier_set/MgP2Ru2_139.cif", "mg_barrier_set/MgxTi2P3O12_147.cif",
        "benchmark/raspa2/zeolites/cif/CHA_SI.cif", "benchmark/raspa2/mofs/cif/IRMOF-1.cif",
        "benchmark/raspa2/zeolites/cif/FAU_SI.cif", "benchmark/cavd/examples_LPS.cif"}) {
    INFO(rel);
    AnalysisOptions ao;
    ao.all_environments = false;
    Report r = analyze(read_one(rel), ao);
    ClearanceField field(r.framework);
    NetworkOptions base;
    VoidNetwork ref = build_network(field, base);
    CHECK(ref.nodes.size() == r.network.nodes.size());
    std::vector<double> paddings{ref.image_padding_A};
    // First paddings in spacings (plus the largest diameter and a margin), and thinner ones in A.
    struct Padding {
      double value;
      bool in_A;
    };
    for (Padding pad :
         {Padding{0.0, false}, Padding{0.25, false}, Padding{1.0, false}, Padding{3.0, false},
          Padding{5.0, false}, Padding{8.0, false}, Padding{0.5, true}, Padding{1.0, true},
          Padding{1.5, true}, Padding{2.0, true}}) {
      INFO("first padding " << pad.value << (pad.in_A ? " A" : " spacings"));
      NetworkOptions o;
      (pad.in_A ? o.first_padding_A : o.first_padding_spacings) = pad.value;
      VoidNetwork net = build_network(field, o);
      paddings.push_back(net.image_padding_A);
      REQUIRE(net.nodes.size() == ref.nodes.size());
      REQUIRE(net.edges.size() == ref.edges.size());
      int node_diff = 0, edge_diff = 0;
      for (size_t i = 0; i < ref.nodes.size(); ++i) {
        const Node &a = ref.nodes[i], &b = net.nodes[i];
        node_diff += !(a.frac.x == b.frac.x && a.frac.y == b.frac.y && a.frac.z == b.frac.z &&
                       a.radius_A == b.radius_A);
      }
      for (size_t i = 0; i < ref.edges.size(); ++i) {
        const Edge &a = ref.edges[i], &b = net.edges[i];
        edge_diff += !(a.from == b.from && a.to == b.to && a.offset == b.offset &&
                       a.bottleneck_A == b.bottleneck_A && a.window_radius_A == b.window_radius_A);
      }
      CHECK(node_diff == 0);
      CHECK(edge_diff == 0);
    }
    // Different point sets were triangulated (a failed thin attempt can end on the same final
    // padding as the default, so not every variant differs; IRMOF-1's pores take every first
    // padding up to 5 spacings to the same final one, only 8 spacings is wider).
    for (double p : paddings) UNSCOPED_INFO("padding " << p);
    std::sort(paddings.begin(), paddings.end());
    CHECK(std::unique(paddings.begin(), paddings.end()) - paddings.begin() >= 2);
  }
}

// Issue #12: saddles of the clearance that no power-diagram edge passes get their own edges
// (NetworkOptions::window_saddles). Expected values: the saddle oracle
// (tests/oracle/clearance_saddles.py, which works from the spheres alone, without the network),
// run on channelmap's spheres of these files (2026-12-04).
TEST_CASE("Saddle edges: percolation radii where no power-diagram edge passes the saddle",
          "[invariance][network][saddles]") {
  struct Case {
    const char* rel;
    int what;  // 0..2: Rf along a, b, c; 3..5: Rf_1D, 2D, 3D
    double oracle_A;
    double without_below_A;  // the power-diagram routes alone stay below this
  };
  for (const Case& k :
       {Case{"mg_reference/MgOH2_brucite_AMCSD.cif", 0, 0.4994618210789871, 0.43},
        Case{"benchmark/iraspa_cocoa/SpglibTestData/mofs/MIL-53(Cr)lt-primitive.cif", 5,
             1.661967147398357, 1.45}}) {
    INFO(k.rel);
    AnalysisOptions ao;
    ao.all_environments = false;
    Report r = analyze(read_one(k.rel), ao);
    ClearanceField field(r.framework);
    auto value = [&](const VoidNetwork& net) {
      Percolation p = analyze_percolation(net);
      return k.what < 3 ? p.rf_axis_A[k.what] : p.rf_A[k.what - 3];
    };
    NetworkOptions with, without;
    without.window_saddles = false;
    CHECK(value(build_network(field, with)) == Approx(k.oracle_A).margin(1e-6));
    CHECK(value(build_network(field, without)) < k.without_below_A);
  }
}

// Issue #10: a framework that is a supercell of a smaller cell has its network built in the
// smaller cell and carried over by the pure translations (NetworkOptions::smaller_cell; by
// default only from tol::network_reduce_spheres spheres on). Here it is forced on and compared
// with the network of the whole cell, node by node (matched by position) and edge by edge
// (matched by their end nodes and the vector between them). The spheres of these cells are
// exact translates (a centred cell expanded by gemmi from its space group, or a supercell made
// above), so the two networks are the same up to rounding (the 2^-24 A snapping of the
// triangulated points, done in each cell's own frame). Cells: an F-centred spinel (4 lattice
// points), an I-centred cell with unequal radii and cospherical vertices, a zeolite supercell.
TEST_CASE("A supercell's network is its smaller cell's, carried over by the translations",
          "[invariance][network]") {
  struct Case {
    const char* rel;
    std::array<int, 3> cells;
    int lattice_points;
  };
  for (const Case& k : {Case{"mg_reference/MgAl2O4_spinel_AMCSD.cif", {1, 1, 1}, 4},
                        Case{"mg_barrier_set/MgP2Ru2_139.cif", {1, 1, 1}, 2},
                        Case{"benchmark/raspa2/zeolites/cif/GME.cif", {1, 2, 1}, 2}}) {
    INFO(k.rel << " x " << k.cells[0] << k.cells[1] << k.cells[2]);
    AnalysisOptions ao;
    ao.all_environments = false;
    ao.energy = false;
    Report r = analyze(supercell(read_one(k.rel), k.cells), ao);
    ClearanceField field(r.framework);
    NetworkOptions whole_opt, smaller_opt;
    whole_opt.smaller_cell = NetworkOptions::SmallerCell::Never;
    smaller_opt.smaller_cell = NetworkOptions::SmallerCell::Always;
    const VoidNetwork whole = build_network(field, whole_opt);
    const VoidNetwork smaller = build_network(field, smaller_opt);
    CHECK(whole.lattice_points == 1);
    REQUIRE(smaller.lattice_points == k.lattice_points);
    CHECK(smaller.symmetrized_A < 1e-9);
    REQUIRE(smaller.nodes.size() == whole.nodes.size());
    REQUIRE(smaller.edges.size() == whole.edges.size());
    const Lattice& L = whole.lattice;
    // Whole-cell node -> the smaller build's node at the same place.
    std::vector<int> match(whole.nodes.size(), -1);
    int unmatched = 0, radius_diff = 0;
    for (size_t i = 0; i < whole.nodes.size(); ++i) {
      for (size_t j = 0; j < smaller.nodes.size() && match[i] < 0; ++j)
        if (L.periodic_distance(whole.nodes[i].frac, smaller.nodes[j].frac) < 1e-6)
          match[i] = static_cast<int>(j);
      if (match[i] < 0) {
        ++unmatched;
        continue;
      }
      const Node &a = whole.nodes[i], &b = smaller.nodes[match[i]];
      radius_diff += !(std::fabs(a.radius_A - b.radius_A) < 1e-6 && a.moved == b.moved);
    }
    REQUIRE(unmatched == 0);
    CHECK(radius_diff == 0);
    // Edges by their end nodes (smaller build's numbering) and the Cartesian vector between them.
    auto ends = [](const VoidNetwork& net, const Edge& e) {
      return net.node_position(e.to, e.offset) - net.nodes[e.from].pos;
    };
    int missing = 0, value_diff = 0;
    for (const Edge& e : whole.edges) {
      const int u = match[e.from], v = match[e.to];
      const Position d = ends(whole, e);
      const Edge* found = nullptr;
      for (const Edge& f : smaller.edges) {
        if (f.from == u && f.to == v && distance(ends(smaller, f), d) < 1e-6) found = &f;
        if (f.from == v && f.to == u && distance(ends(smaller, f), d * -1.0) < 1e-6) found = &f;
        if (found) break;
      }
      if (!found) {
        ++missing;
        continue;
      }
      value_diff += !(std::fabs(e.bottleneck_A - found->bottleneck_A) < 1e-6 &&
                      std::fabs(e.length_A - found->length_A) < 1e-6 &&
                      std::fabs(e.window_radius_A - found->window_radius_A) < 1e-6);
    }
    CHECK(missing == 0);
    CHECK(value_diff == 0);
    // And what is computed from the network.
    const Percolation p = analyze_percolation(whole), q = analyze_percolation(smaller);
    CHECK(q.di_A == Approx(p.di_A).margin(1e-6));
    CHECK(q.df_A == Approx(p.df_A).margin(1e-6));
    for (int a = 0; a < 3; ++a) CHECK(q.rf_A[a] == Approx(p.rf_A[a]).margin(1e-6));
  }
}

// The same with saddle edges (issue #12): a 2x1x1 supercell of MIL-53(Cr)lt built in its smaller
// cell is exactly twice the network of the cell as read (270 nodes and 578 edges there). The
// whole supercell's build gives the same nodes and edges but two (540 nodes, 1,154 edges): the
// ascents of add_window_saddles stop at the first maximum they see, and which ones they have
// seen depends on the order the saddles come in, which differs in a supercell. The percolation
// radii agree all the same (the saddle oracle's Rf_3D, as in the test case above).
TEST_CASE("Saddle edges: a supercell built in its smaller cell is the cell as read, twice",
          "[invariance][network][saddles]") {
  const char* rel = "benchmark/iraspa_cocoa/SpglibTestData/mofs/MIL-53(Cr)lt-primitive.cif";
  AnalysisOptions ao;
  ao.all_environments = false;
  ao.energy = false;
  NetworkOptions whole_opt, smaller_opt;
  whole_opt.smaller_cell = NetworkOptions::SmallerCell::Never;
  smaller_opt.smaller_cell = NetworkOptions::SmallerCell::Always;
  Report r1 = analyze(read_one(rel), ao);
  const VoidNetwork one = build_network(ClearanceField(r1.framework), whole_opt);
  Report r2 = analyze(supercell(read_one(rel), {2, 1, 1}), ao);
  ClearanceField field(r2.framework);
  const VoidNetwork smaller = build_network(field, smaller_opt);
  const VoidNetwork whole = build_network(field, whole_opt);
  CHECK(smaller.lattice_points == 2);
  CHECK(smaller.nodes.size() == 2 * one.nodes.size());
  CHECK(smaller.edges.size() == 2 * one.edges.size());
  const Percolation p = analyze_percolation(one), q = analyze_percolation(smaller),
                    w = analyze_percolation(whole);
  CHECK(q.rf_A[2] == Approx(1.661967147398357).margin(1e-6));
  for (int a = 0; a < 3; ++a) {
    CHECK(q.rf_A[a] == Approx(p.rf_A[a]).margin(1e-6));
    CHECK(q.rf_A[a] == Approx(w.rf_A[a]).margin(1e-6));
  }
  CHECK(q.df_A == Approx(p.df_A).margin(1e-6));
  CHECK(q.di_A == Approx(p.di_A).margin(1e-6));
}

// The minimum along a power-diagram edge taken from the edge's three spheres where that is sure
// (NetworkOptions::edge_shortcut, issue #10) against the search over all spheres (the
// reference): the same networks, node for node and edge for edge, to the bit. Oxides and
// sulfides with unequal radii (the shortcut needs the face to hold a largest sphere), a
// high-symmetry spinel (square windows: a fourth sphere as close all along the edge), a zeolite
// and a MOF, with and without exact nodes.
TEST_CASE("The network is the same with the edge shortcut as with the search",
          "[invariance][network]") {
  for (const char* rel :
       {"mg_barrier_set/MgP2Ru2_139.cif", "mg_barrier_set/MgxTi2P3O12_147.cif",
        "mg_barrier_set/MgSc2Se4_227.cif", "mg_barrier_set/MgCo2O4_227.cif",
        "mg_reference/Mg2SiO4_olivine_forsterite_AMCSD.cif", "benchmark/cavd/examples_LPS.cif",
        "benchmark/raspa2/zeolites/cif/CHA_SI.cif", "benchmark/raspa2/mofs/cif/IRMOF-1.cif"}) {
    INFO(rel);
    AnalysisOptions ao;
    ao.all_environments = false;
    ao.energy = false;
    Report r = analyze(read_one(rel), ao);
    ClearanceField field(r.framework);
    for (bool exact : {true, false}) {
      INFO("exact nodes " << exact);
      NetworkOptions with, without;
      with.exact_nodes = without.exact_nodes = exact;
      without.edge_shortcut = false;
      const VoidNetwork a = build_network(field, with), b = build_network(field, without);
      REQUIRE(a.nodes.size() == b.nodes.size());
      REQUIRE(a.edges.size() == b.edges.size());
      int edge_diff = 0;
      for (size_t i = 0; i < a.edges.size(); ++i) {
        const Edge &x = a.edges[i], &y = b.edges[i];
        edge_diff +=
            !(x.from == y.from && x.to == y.to && x.offset == y.offset &&
              x.bottleneck_A == y.bottleneck_A && x.bottleneck_point.x == y.bottleneck_point.x &&
              x.bottleneck_point.y == y.bottleneck_point.y &&
              x.bottleneck_point.z == y.bottleneck_point.z);
      }
      CHECK(edge_diff == 0);
    }
  }
}
