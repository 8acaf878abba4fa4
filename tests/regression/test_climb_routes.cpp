// Issue #12: a climbing vertex whose ascent comes to see a maximum found before stays where it
// is, and its route to that maximum is an edge of the network (docs/geometry.md, "Exact nodes",
// step 4). Without that edge IRMOF-11's percolation radii were 0.14-0.18 A low: its vertices'
// power-diagram edges all pass lower than the routes the climbs found.
//
// Expected values: the saddle oracle (tests/oracle/clearance_saddles.py, from the framework
// spheres alone, without the network: every three-sphere saddle above 4.3 A joined to the
// maxima above it by certified ascents, then Kruskal), run on channelmap's spheres of this file
// on 2026-12-04 (`clearance_saddles.py IRMOF-11.json --t-lo 4.3`, about 7 minutes, too slow
// for the suite). The network built in the cell as given and in its smaller cell (the file is
// a supercell of a cell half its size, its spheres within 5e-4 A of exact translates: that is
// the bound between the two, docs/geometry.md "Supercells") must both give them.
#include <catch2/catch.hpp>

#include "channelmap/channels.hpp"
#include "channelmap/framework.hpp"
#include "channelmap/network.hpp"
#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "test_paths.hpp"

using namespace channelmap;

TEST_CASE("Climbs that see a known maximum join it: IRMOF-11's Rf against the saddle oracle",
          "[network][oracle]") {
  const std::string path =
      test::shared_dir() + "/structures/benchmark/raspa2/mofs/cif/IRMOF-11.cif";
  ReadResult rr = read_structures(path);
  REQUIRE(rr.errors.empty());
  REQUIRE(rr.crystals.size() == 1);
  AnalysisOptions ao;
  ao.all_environments = false;
  ao.energy = false;
  const Report r = analyze(rr.crystals.front(), ao);
  const double oracle_axis_A[3] = {4.541542001937435, 4.5380894210749725, 4.537689927065042};
  // The report (built in the smaller cell: 2,568 spheres, 2 lattice points).
  CHECK(r.network.lattice_points == 2);
  const double bound_A = r.network.symmetrized_A + 1e-6;
  CHECK(r.network.symmetrized_A < 1e-3);
  for (int a = 0; a < 3; ++a) {
    INFO("axis " << a);
    CHECK(r.percolation.rf_axis_A[a] == Approx(oracle_axis_A[a]).margin(bound_A));
  }
  // The whole cell: the oracle's values within rounding.
  ClearanceField field(r.framework);
  NetworkOptions whole;
  whole.smaller_cell = NetworkOptions::SmallerCell::Never;
  const Percolation p = analyze_percolation(build_network(field, whole));
  for (int a = 0; a < 3; ++a) {
    INFO("whole cell, axis " << a);
    CHECK(p.rf_axis_A[a] == Approx(oracle_axis_A[a]).margin(1e-6));
  }
  CHECK(p.rf_A[0] == Approx(oracle_axis_A[0]).margin(1e-6));
  CHECK(p.rf_A[1] == Approx(oracle_axis_A[1]).margin(1e-6));
  CHECK(p.rf_A[2] == Approx(oracle_axis_A[2]).margin(1e-6));
}
