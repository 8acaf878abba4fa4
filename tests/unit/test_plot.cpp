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

  std::string b = slurp(png);
  REQUIRE(b.size() > 24);
  CHECK(b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  // IHDR width and height (big-endian): 1100 x 560 points at the default 1.6 pixels per point.
  auto be32 = [&](size_t at) {
    return (static_cast<unsigned char>(b[at]) << 24) |
           (static_cast<unsigned char>(b[at + 1]) << 16) |
           (static_cast<unsigned char>(b[at + 2]) << 8) | static_cast<unsigned char>(b[at + 3]);
  };
  CHECK(be32(16) == 1760u);
  CHECK(be32(20) == 896u);
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
  // round trip needs dummy atoms that far apart: periclase with every atom framework (as the
  // CLI's CIF export test; with Mg removed, nodes sit on the Mg sites). Its 32 edges of
  // bottleneck 0.3192 A have the bottleneck at a node (same point as that node's He), so only
  // the 48 narrower edges, whose bottleneck is inside the edge, are kept for the Ne atoms.
  Report r = analyze_file("MgO_periclase.cif", "");
  std::vector<Edge> inner;
  for (const Edge& e : r.network.edges) {
    bool at_node = false;
    for (const Node& n : r.network.nodes)
      at_node |= r.crystal.lattice.periodic_distance(
                     n.frac, r.crystal.lattice.fractionalize(e.bottleneck_point)) < 0.5;
    if (!at_node) inner.push_back(e);
  }
  REQUIRE(inner.size() == 48);
  r.network.edges = inner;
  std::ostringstream os;
  write_network_poscar(os, r, 0.0);
  ReadResult rr = read_poscar_string(os.str(), "network.vasp");
  for (const Error& e : rr.errors) FAIL(e.one_line());
  REQUIRE(rr.crystals.size() == 1);
  const Crystal& c = rr.crystals[0];
  CHECK(c.sites.size() == r.crystal.sites.size() + r.network.nodes.size() + inner.size());
  auto with = [&](const char* el) {
    return static_cast<size_t>(std::count_if(
        c.sites.begin(), c.sites.end(), [&](const Site& s) { return s.species[0].element == el; }));
  };
  CHECK(with("He") == r.network.nodes.size());
  CHECK(with("Ne") == inner.size());
  CHECK(with("Mg") + with("O") == r.crystal.sites.size());
  // Cell written with 10 decimals: equal to 1e-8 A and 1e-6 degrees.
  const Lattice &a = r.crystal.lattice, &b = c.lattice;
  CHECK(b.a() == Approx(a.a()).margin(1e-8));
  CHECK(b.b() == Approx(a.b()).margin(1e-8));
  CHECK(b.c() == Approx(a.c()).margin(1e-8));
  CHECK(b.alpha() == Approx(a.alpha()).margin(1e-6));
  CHECK(b.beta() == Approx(a.beta()).margin(1e-6));
  CHECK(b.gamma() == Approx(a.gamma()).margin(1e-6));
}

TEST_CASE("spinel network POSCAR: framework, He and Ne groups in the counts line") {
  Report r = analyze_file("MgAl2O4_spinel.cif");
  std::ostringstream os;
  write_network_poscar(os, r, 0.3);
  std::istringstream in(os.str());
  std::string line, elements, counts;
  for (int i = 0; i < 5; ++i) std::getline(in, line);
  std::getline(in, elements);
  std::getline(in, counts);
  CHECK(elements == " Mg Al O He Ne");
  std::istringstream cs(counts);
  std::vector<size_t> n{std::istream_iterator<size_t>(cs), std::istream_iterator<size_t>()};
  REQUIRE(n.size() == 5);
  size_t necks = std::count_if(r.network.edges.begin(), r.network.edges.end(),
                               [](const Edge& e) { return e.bottleneck_A >= 0.3; });
  CHECK(n[0] + n[1] + n[2] == r.crystal.sites.size());
  CHECK(n[3] == r.network.nodes.size());
  CHECK(n[4] == necks);
}
