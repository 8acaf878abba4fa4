// Figures (--plot) and the POSCAR network export.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "channelmap/plot.hpp"
#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "channelmap/write.hpp"
#include "test_paths.hpp"
#include "test_structures.hpp"

using namespace channelmap;

namespace {
Report analyze_file(const std::string& name, const std::string& mobile = "Mg") {
  return test::analyze_file(test::source_dir() + "/structures/" + name, mobile);
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

// A file name in the test's working directory (removed by the caller).
std::string scratch(const std::string& name) {
  return "test_plot_" + name;
}
}  // namespace

TEST_CASE("plot format comes from the extension") {
  CHECK(plot_format("a/b.svg") == PlotFormat::Svg);
  CHECK(plot_format("B.PNG") == PlotFormat::Png);
  CHECK_THROWS_AS(plot_format("b.jpg"), Error);
  CHECK_THROWS_AS(plot_format("svg"), Error);
}

TEST_CASE("spinel: view axis and the clearance profile of the Mg hop") {
  Report r = analyze_file("MgAl2O4_spinel.cif");
  // Cubic: Rmob is the same along a, b, c (0.4318 A, README example); ties go to c.
  ViewAxis va = view_axis(r);
  CHECK(va.axis == 2);
  CHECK(va.quantity == "Rmob");
  CHECK(va.value_A == Approx(r.mobile.rmob_axis_A[2]).margin(1e-12));

  REQUIRE(!r.mobile.hops.empty());
  const Hop& h = r.mobile.hops[0];
  HopProfile p = hop_profile(r, h);
  // The profile follows the same straight segments as the hop: lengths agree to rounding (1e-9 A).
  CHECK(p.length_A == Approx(h.path_length_A).margin(1e-9));
  REQUIRE(p.nodes.size() == h.nodes.size());
  for (size_t q = 0; q < h.nodes.size(); ++q)
    CHECK(p.nodes[q].clearance_A == Approx(r.network.nodes[h.nodes[q]].radius_A).margin(1e-9));
  // The curve includes each segment's exact minimum, so its lowest point is the hop's bottleneck
  // (both from ClearanceField::segment_minimum; 1e-9 A is rounding).
  auto lowest = std::min_element(p.curve.begin(), p.curve.end(),
                                 [](auto& a, auto& b) { return a.clearance_A < b.clearance_A; });
  CHECK(lowest->clearance_A == Approx(h.bottleneck_A).margin(1e-9));
  CHECK(p.bottleneck.clearance_A == h.bottleneck_A);
  CHECK(p.bottleneck.s_A > 0);
  CHECK(p.bottleneck.s_A < p.length_A);
  CHECK(std::is_sorted(p.curve.begin(), p.curve.end(),
                       [](auto& a, auto& b) { return a.s_A < b.s_A; }));
  CHECK(p.curve.front().s_A == 0);
  CHECK(p.curve.back().s_A == Approx(p.length_A).margin(1e-9));
}

TEST_CASE("spinel: the SVG and PNG figures are written") {
  Report r = analyze_file("MgAl2O4_spinel.cif");
  std::string svg = scratch("spinel.svg"), png = scratch("spinel.png");
  write_plot(r, svg);
  write_plot(r, png);

  std::string s = slurp(svg);
  CHECK((s.rfind("<?xml", 0) == 0 || s.rfind("<svg", 0) == 0));
  CHECK(s.find("<svg") != std::string::npos);
  CHECK(s.find("</svg>") != std::string::npos);
  // Every shape is its own <path>: each node is drawn (2 x 2 cells) at least once.
  CHECK(count(s, "<path") >= r.network.nodes.size());
  // Text stays text (cairo's SVG surface would write glyph outlines as <symbol id="glyph...">):
  // the title and the legend's element names are <text> elements, and no glyph is defined.
  CHECK(s.find(">(a) Void network viewed along ") != std::string::npos);
  CHECK(s.find(">O</text>") != std::string::npos);
  CHECK(s.find(">Al</text>") != std::string::npos);
  CHECK(s.find("glyph") == std::string::npos);
  CHECK(count(s, "<text") >= 20);

  std::string b = slurp(png);
  REQUIRE(b.size() > 24);
  CHECK(b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  // IHDR width and height (big-endian): 1100 x 580 points at the default 1.6 pixels per point.
  auto be32 = [&](size_t at) {
    return (static_cast<unsigned char>(b[at]) << 24) |
           (static_cast<unsigned char>(b[at + 1]) << 16) |
           (static_cast<unsigned char>(b[at + 2]) << 8) | static_cast<unsigned char>(b[at + 3]);
  };
  CHECK(be32(16) == 1760u);
  CHECK(be32(20) == 928u);
  std::remove(svg.c_str());
  std::remove(png.c_str());
}

TEST_CASE("a structure without mobile sites still gets a figure; bad paths throw") {
  Report r = analyze_file("MgO_periclase.cif", "");
  CHECK(r.mobile.hops.empty());
  std::string png = scratch("none.png");
  write_plot(r, png);
  CHECK(slurp(png).size() > 1000);
  std::remove(png.c_str());
  CHECK_THROWS_AS(write_plot(r, "no/such/directory/x.png"), Error);
  CHECK_THROWS_AS(write_plot(r, "no/such/directory/x.svg"), Error);
}

TEST_CASE("network POSCAR reads back with channelmap's reader") {
  // The reader rejects atoms closer than 0.5 A (tol::overlap_distance_A) as an overlap, so the
  // export must leave out dummy atoms that close (tol::export_min_separation_A, the same 0.5 A).
  // Periclase with every atom framework and every edge bottleneck asked for: its 32 edges of
  // bottleneck 0.3192 A have the bottleneck at a node, the same point as that node's He.
  Report r = analyze_file("MgO_periclase.cif", "");
  std::ostringstream os;
  write_network_poscar(os, r, 0.0);
  NetworkExport ex = network_export(r, 0.0);
  CHECK(ex.widest_hop_copies == 0);  // no mobile ion, no hop: no Kr or Ar
  CHECK(ex.left_out > 0);
  ReadResult rr = read_poscar_string(os.str(), "network.vasp");
  for (const Error& e : rr.errors) FAIL(e.one_line());
  REQUIRE(rr.crystals.size() == 1);
  const Crystal& c = rr.crystals[0];
  CHECK(c.sites.size() == r.crystal.sites.size() + ex.dummies.size());
  // Every candidate is written or counted as left out: nodes + edges (bottleneck >= 0).
  CHECK(ex.dummies.size() + ex.left_out == r.network.nodes.size() + r.network.edges.size());
  auto with = [&](const char* el) {
    return static_cast<size_t>(std::count_if(
        c.sites.begin(), c.sites.end(), [&](const Site& s) { return s.species[0].element == el; }));
  };
  CHECK(with("He") + with("Ne") == ex.dummies.size());
  CHECK(with("Mg") + with("O") == r.crystal.sites.size());
  // No two atoms of the file closer than 0.5 A (brute force over the read-back cell's images).
  double closest = 1e9;
  for (size_t i = 0; i < c.sites.size(); ++i)
    for (size_t j = i + 1; j < c.sites.size(); ++j)
      closest = std::min(closest, c.lattice.periodic_distance(c.sites[i].frac, c.sites[j].frac));
  CHECK(closest >= tol::export_min_separation_A);
  // Cell written with 10 decimals: equal to 1e-8 A and 1e-6 degrees.
  const Lattice &a = r.crystal.lattice, &b = c.lattice;
  CHECK(b.a() == Approx(a.a()).margin(1e-8));
  CHECK(b.b() == Approx(a.b()).margin(1e-8));
  CHECK(b.c() == Approx(a.c()).margin(1e-8));
  CHECK(b.alpha() == Approx(a.alpha()).margin(1e-6));
  CHECK(b.beta() == Approx(a.beta()).margin(1e-6));
  CHECK(b.gamma() == Approx(a.gamma()).margin(1e-6));
}

TEST_CASE("spinel network POSCAR: framework, Kr, Ar, He and Ne groups in the counts line") {
  // Nodes at the power-diagram vertices (--zeopp): there the edges' bottlenecks lie away from
  // the nodes and every group is written. (The exact nodes of this spinel sit within the 0.5 A
  // export separation of most bottlenecks, which leaves no Ne.)
  AnalysisOptions opt;
  opt.zeopp_compatible = true;
  Report r = analyze(test::read_one(test::source_dir() + "/structures/MgAl2O4_spinel.cif"), opt);
  std::ostringstream os;
  write_network_poscar(os, r, 0.0);
  std::istringstream in(os.str());
  std::string line, elements, counts;
  for (int i = 0; i < 5; ++i) std::getline(in, line);
  std::getline(in, elements);
  std::getline(in, counts);
  CHECK(elements == " Mg Al O Kr Ar He Ne");
  std::istringstream cs(counts);
  std::vector<size_t> n{std::istream_iterator<size_t>(cs), std::istream_iterator<size_t>()};
  REQUIRE(n.size() == 7);
  NetworkExport ex = network_export(r, 0.0);
  auto of = [&](const char* el) {
    return static_cast<size_t>(std::count_if(ex.dummies.begin(), ex.dummies.end(),
                                             [&](const DummyAtom& d) { return d.element == el; }));
  };
  CHECK(n[0] + n[1] + n[2] == r.crystal.sites.size());
  CHECK(n[3] == of("Kr"));
  CHECK(n[4] == of("Ar"));
  CHECK(n[5] == of("He"));
  CHECK(n[6] == of("Ne"));
  CHECK(n[3] + n[4] + n[5] + n[6] == ex.dummies.size());
}

TEST_CASE("network export: the widest hop's bottleneck is written whatever the probe") {
  // Forsterite: the widest Mg hop's bottleneck radius (0.417 A, Rmob along c, as test_rank
  // says) is below the default probe (Mg2+ 0.72 A), so an export of the bottlenecks >= probe
  // only (as before) never showed it.
  Report r = analyze_file("Mg2SiO4_forsterite.cif");
  REQUIRE(!r.mobile.hops.empty());
  const Hop& h = r.mobile.hops[0];
  CHECK(h.bottleneck_A < r.probe_A);
  NetworkExport ex = network_export(r, r.probe_A);
  int copies = 0;
  for (const Hop& x : r.mobile.hops) copies += x.group == h.group;
  CHECK(ex.widest_hop_copies == copies);
  CHECK(ex.widest_bottleneck_A == h.bottleneck_A);
  // Kr at the bottleneck of hop 0 itself (wrapped into the cell), with its radius.
  Fractional want = wrap(r.crystal.lattice.fractionalize(h.bottleneck_point));
  bool found = false;
  for (const DummyAtom& d : ex.dummies)
    found |= d.element == "Kr" && r.crystal.lattice.periodic_distance(d.frac, want) < 1e-6 &&
             d.radius_A == h.bottleneck_A;
  CHECK(found);
  // Every Ne bottleneck written is at least the probe; Ar and He are nodes of the network.
  for (const DummyAtom& d : ex.dummies)
    if (d.element == "Ne") CHECK(d.radius_A >= r.probe_A);
  // No dummy atom within 0.5 A of a structure atom or of another dummy atom.
  std::vector<Fractional> all;
  for (const Site& s : r.crystal.sites) all.push_back(s.frac);
  for (const DummyAtom& d : ex.dummies) all.push_back(d.frac);
  double closest = 1e9;
  for (size_t i = r.crystal.sites.size(); i < all.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      closest = std::min(closest, r.crystal.lattice.periodic_distance(all[i], all[j]));
  CHECK(closest >= tol::export_min_separation_A);
}

TEST_CASE("plot axis and hop options") {
  CHECK(plot_axis_direction("a").x == 1);
  CHECK(plot_axis_direction("c").z == 1);
  Fractional f = plot_axis_direction("1,1,0");
  CHECK((f.x == 1 && f.y == 1 && f.z == 0));
  CHECK(plot_axis_direction("1 -2 0.5").y == -2);
  CHECK_THROWS_AS(plot_axis_direction("d"), Error);
  CHECK_THROWS_AS(plot_axis_direction("1,1"), Error);
  CHECK_THROWS_AS(plot_axis_direction("0,0,0"), Error);
  CHECK_THROWS_AS(plot_axis_direction("1,1,nan"), Error);

  Report r = analyze_file("Mg2SiO4_forsterite.cif");
  // inspect lists 7 distinct hops (README): #1 is hops[0]; #8 does not exist.
  REQUIRE(r.mobile.n_groups == 7);
  CHECK(plot_hop(r, 1) == 0);
  for (int n = 1; n <= 7; ++n) CHECK(r.mobile.hops[plot_hop(r, n)].group == n - 1);
  CHECK_THROWS_AS(plot_hop(r, 0), Error);
  CHECK_THROWS_AS(plot_hop(r, 8), Error);
  CHECK(plot_hop(analyze_file("MgO_periclase.cif", ""), 1) == -1);  // no hop: nothing to choose

  // Default view: perpendicular to the hop shown (to rounding, 1e-12), so it is drawn at full
  // length. Forsterite is orthorhombic: the M1-M1 hop #1 runs along c (2.989 A = c/2), so a and
  // b are both exactly perpendicular to it (tilt 0) and the tie goes to b; before, the figure
  // looked along c, the most open axis, and the hop was a dot.
  for (int n = 1; n <= 7; ++n) {
    PlotOptions o;
    o.hop = n;
    PlotView pv = plot_view(r, o);
    const Hop& h = r.mobile.hops[plot_hop(r, n)];
    Position a = r.crystal.lattice.orthogonalize(r.mobile.sites[h.from].frac);
    Position b = r.crystal.lattice.orthogonalize(r.mobile.end_site(h).frac +
                                                 Fractional(h.offset[0], h.offset[1], h.offset[2]));
    Vec3 t = b - a;
    CHECK(std::abs(pv.direction.dot(t)) / t.length() < 1e-12);
    CHECK(pv.direction.length() == Approx(1).margin(1e-12));
  }
  PlotView first = plot_view(r);
  CHECK(first.description == "b");
  CHECK(first.tilt_deg == Approx(0).margin(1e-9));
  // Asked for: along [1 1 0] (Cartesian a + b of the orthorhombic cell, normalised).
  PlotOptions o;
  o.axis = "1,1,0";
  PlotView pv = plot_view(r, o);
  const Lattice& L = r.crystal.lattice;
  CHECK(pv.direction.x == Approx(L.a() / std::hypot(L.a(), L.b())).margin(1e-9));
  CHECK(pv.direction.y == Approx(L.b() / std::hypot(L.a(), L.b())).margin(1e-9));
  CHECK(pv.description == "[1 1 0]");
  CHECK(pv.depth_axis == 1);  // b (10.19 A) is nearer [1 1 0] than a (4.75 A): 65 vs 25 degrees
}

TEST_CASE("spinel: no axis is perpendicular to the hop, the view is tilted") {
  // Spinel's Mg-Mg hop runs along a <111>-type direction (8a -> 16c -> 8a), at 54.7 degrees to
  // every axis of the cubic cell (cos = 1/sqrt(3)): no axis is perpendicular, and the view is
  // the tie-winning axis tilted by 90 - 54.7 = 35.3 degrees.
  Report r = analyze_file("MgAl2O4_spinel.cif");
  PlotView pv = plot_view(r);
  CHECK(pv.tilt_deg == Approx(90 - std::acos(1 / std::sqrt(3.0)) * 180 / M_PI).margin(1e-6));
  CHECK(pv.description.find("tilted 35.3") != std::string::npos);
}
