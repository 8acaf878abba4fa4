// Reading: CIF symmetry expansion, special positions, multi-block files, POSCAR, bad input.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "channelmap/read.hpp"
#include "channelmap/symmetry.hpp"
#include "test_paths.hpp"

using namespace channelmap;

namespace {
std::map<std::string, double> counts(const Crystal& c) {
  std::map<std::string, double> m;
  for (const Site& s : c.sites)
    for (const Species& sp : s.species) m[sp.element] += sp.occupancy;
  return m;
}
const std::string kCell =
    "_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\n"
    "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n";
const std::string kSiteLoop =
    "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n"
    "_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n";
}  // namespace

TEST_CASE("AMCSD 'F d 3 m' spinel is expanded from the file's operators, not the name") {
  // gemmi 0.5.7 does not know the name 'F d 3 m' (DESIGN.md trap); the file lists 192 operators.
  // Expected: MgAl2O4, Z = 8 -> 8 Mg + 16 Al + 32 O (formula x Z from the file).
  ReadResult rr =
      read_structures(test::shared_dir() + "/structures/mg_reference/MgAl2O4_spinel_AMCSD.cif");
  REQUIRE(rr.errors.empty());
  REQUIRE(rr.crystals.size() == 1);
  auto m = counts(rr.crystals[0]);
  CHECK(m["Mg"] == Approx(8));
  CHECK(m["Al"] == Approx(16));
  CHECK(m["O"] == Approx(32));
  CHECK(rr.crystals[0].symops_in_file == 192);
  SymmetryInfo s = analyze_symmetry(rr.crystals[0]);
  CHECK(s.number == 227);
  CHECK(s.n_classes == 3);  // Mg 8a, Al 16d, O 32e
}

TEST_CASE("operators from the Hermann-Mauguin symbol when the file has none") {
  // Rocksalt written with only its space-group name: Fm-3m, Na 4a + Cl 4b = 8 atoms.
  std::string cif = "data_nacl\n" + kCell + "_symmetry_space_group_name_H-M 'F m -3 m'\n" +
                    kSiteLoop + "Na1 Na 0 0 0 1\nCl1 Cl 0.5 0.5 0.5 1\n";
  ReadResult rr = read_cif_string(cif, "nacl.cif");
  REQUIRE(rr.errors.empty());
  CHECK(rr.crystals[0].sites.size() == 8);
  CHECK(analyze_symmetry(rr.crystals[0]).number == 225);
}

TEST_CASE("special-position images merge; decimals in operators; oxidation states") {
  // P 1 21/c 1 style operators written with decimals; an atom on the inversion centre (0,0,0)
  // has 2 images in the cell, a general one 4 (International Tables, P2_1/c: 2a and 4e).
  std::string cif = "data_p21c\n" + kCell +
                    "loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'-x,y+.5,-z+0.5'\n'-x,-y,-z'\n"
                    "'x,-y+0.5,z+.5'\n"
                    "loop_\n_atom_type_symbol\n_atom_type_oxidation_number\nMg2+ 2\nO2- -2\n" +
                    kSiteLoop + "Mg1 Mg2+ 0 0 0 1\nO1 O2- 0.2 0.3 0.1 1\n";
  ReadResult rr = read_cif_string(cif, "p21c.cif");
  REQUIRE(rr.errors.empty());
  auto m = counts(rr.crystals[0]);
  CHECK(m["Mg"] == Approx(2));
  CHECK(m["O"] == Approx(4));
  for (const Site& s : rr.crystals[0].sites) {
    REQUIRE(s.species[0].oxidation.has_value());
    CHECK(*s.species[0].oxidation == (s.species[0].element == "Mg" ? 2 : -2));
  }
}

TEST_CASE("every data block with atoms is a structure") {
  // pymatgen's MultiStructure.cif holds two blocks.
  ReadResult rr = read_structures(test::shared_dir() +
                                  "/structures/benchmark/pymatgen_test_files/MultiStructure.cif");
  CHECK(rr.errors.empty());
  CHECK(rr.crystals.size() == 2);
  ReadResult one = read_structures(test::shared_dir() +
                                   "/structures/benchmark/pymatgen_test_files/MultiStructure.cif#" +
                                   rr.crystals.at(1).block);
  REQUIRE(one.crystals.size() == 1);
  CHECK(one.crystals[0].block == rr.crystals[1].block);
}

TEST_CASE("mixed and partial sites share one position") {
  std::string cif = "data_mixed\n" + kCell + kSiteLoop +
                    "Mg1 Mg 0 0 0 0.5\nFe1 Fe 0 0 0 0.5\nO1 O 0.5 0.5 0.5 1\nO2 O 0.5 0 0 0\n";
  ReadResult rr = read_cif_string(cif, "mixed.cif");
  REQUIRE(rr.errors.empty());
  const Crystal& c = rr.crystals[0];
  CHECK(c.sites.size() == 2);  // O2 has zero occupancy: left out with a warning
  CHECK(c.sites[0].species.size() == 2);
  CHECK(c.is_disordered());
  CHECK(c.warnings.size() >= 1);
}

TEST_CASE("bad CIF input gives an error naming the reason") {
  auto error_of = [](const std::string& cif) {
    ReadResult rr = read_cif_string(cif, "bad.cif");
    REQUIRE(rr.errors.size() == 1);
    CHECK(rr.errors[0].file() == "bad.cif");
    return std::string(rr.errors[0].what());
  };
  CHECK_THAT(error_of("data_x\n" + kCell + kSiteLoop + "X1 Zz 0 0 0 1\n"),
             Catch::Contains("unknown element 'Zz'"));
  CHECK_THAT(error_of("data_x\n" + kSiteLoop + "O1 O 0 0 0 1\n"),
             Catch::Contains("missing cell parameter"));
  CHECK_THAT(error_of("data_x\n" + kCell + kSiteLoop + "O1 O 0 0 0 0\n"),
             Catch::Contains("zero occupancy"));
  CHECK_THAT(error_of("data_x\n" + kCell + kSiteLoop + "O1 O ? 0 0 1\n"),
             Catch::Contains("_atom_site_fract_x is '?'"));
  CHECK_THAT(error_of("data_x\n" + kCell + "_symmetry_space_group_name_H-M 'Q 9'\n" + kSiteLoop +
                      "O1 O 0 0 0 1\n"),
             Catch::Contains("'Q 9' is not known"));
  CHECK_THAT(error_of("data_x\n_cell_length_a 5\n loop_ oops"), Catch::Contains("CIF syntax"));
}

TEST_CASE("lenient reading (default) and --strict") {
  // Occupancy 1.034 (as in real files): scaled to 1 with a warning; refused when strict.
  std::string high = "data_x\n" + kCell + kSiteLoop + "O1 O 0 0 0 1.034\n";
  ReadResult rr = read_cif_string(high, "high.cif");
  REQUIRE(rr.errors.empty());
  CHECK(rr.crystals[0].sites[0].species[0].occupancy == 1.0);
  CHECK_THAT(rr.crystals[0].warnings.back(), Catch::Contains("O1 (1.034)"));
  CHECK(read_cif_string(high, "high.cif", ReadOptions{true}).errors.size() == 1);
  // Mg and Fe both written at full occupancy on one position: one mixed site, 0.5 each (by
  // hand: 1 / (1 + 1)); the same oxygen listed twice: one atom.
  std::string mixed = "data_x\n" + kCell + kSiteLoop +
                      "Mg1 Mg 0 0 0 1\nFe1 Fe 0 0 0 1\nO1 O .5 .5 .5 1\nO2 O .5 .5 .5 1\n";
  rr = read_cif_string(mixed, "mixed.cif");
  REQUIRE(rr.errors.empty());
  const Crystal& c = rr.crystals[0];
  REQUIRE(c.sites.size() == 2);
  CHECK(c.sites[0].species.size() == 2);
  CHECK(c.sites[0].species[0].occupancy == Approx(0.5).epsilon(1e-12));
  CHECK(c.sites[1].species.size() == 1);
  CHECK(c.sites[1].total_occupancy() == 1.0);
  CHECK(std::count_if(c.warnings.begin(), c.warnings.end(), [](const std::string& w) {
          return w.find("same position") != std::string::npos;
        }) == 2);
  // Two atoms 0.25 A apart (0.05 x 5 A) at full occupancy: one position, at the first listed
  // (the most occupied, tied), one oxygen of occupancy min(1, 1 + 1) = 1; with Mg 0.3 at the
  // other, a mixed site O 1/1.3, Mg 0.3/1.3 (by hand). --strict refuses these and the mixed
  // site above.
  std::string close = "data_x\n" + kCell + kSiteLoop + "O1 O 0 0 0 1\nO2 O 0.05 0 0 1\n";
  rr = read_cif_string(close, "close.cif");
  REQUIRE(rr.errors.empty());
  REQUIRE(rr.crystals[0].sites.size() == 1);
  CHECK(rr.crystals[0].sites[0].frac.x == 0.0);
  CHECK(rr.crystals[0].sites[0].total_occupancy() == 1.0);
  CHECK_THAT(rr.crystals[0].warnings.back(),
             Catch::Contains("O1 and O2 overlap (0.25 A apart, total occupancy 2)"));
  std::string split = "data_x\n" + kCell + kSiteLoop + "Mg1 Mg 0.05 0 0 0.3\nO1 O 0 0 0 1\n";
  rr = read_cif_string(split, "split.cif");
  REQUIRE(rr.errors.empty());
  REQUIRE(rr.crystals[0].sites.size() == 1);
  const Site& s = rr.crystals[0].sites[0];
  CHECK(s.frac.x == 0.0);  // O1's position: the more occupied
  REQUIRE(s.species.size() == 2);
  CHECK(s.species[0].element == "Mg");
  CHECK(s.species[0].occupancy == Approx(0.3 / 1.3).epsilon(1e-12));
  CHECK(s.species[1].occupancy == Approx(1 / 1.3).epsilon(1e-12));
  for (const std::string& text : {mixed, close, split}) {
    ReadResult refused = read_cif_string(text, "x.cif", ReadOptions{true});
    REQUIRE(refused.errors.size() == 1);
    CHECK_THAT(refused.errors[0].what(), Catch::Contains("overlap"));
  }
  // Coordinates '.' are 0 (pymatgen's reading); a site whose coordinates are all '?' is left
  // out; one '?' among numbers is still refused; --strict refuses '.' and '?'.
  std::string dots = "data_x\n" + kCell + kSiteLoop + "Mg1 Mg . . . 1\nO1 O ? ? ? 1\n";
  rr = read_cif_string(dots, "dots.cif");
  REQUIRE(rr.errors.empty());
  REQUIRE(rr.crystals[0].sites.size() == 1);
  CHECK(rr.crystals[0].sites[0].species[0].element == "Mg");
  CHECK(rr.crystals[0].sites[0].frac.y == 0.0);
  CHECK(read_cif_string(dots, "dots.cif", ReadOptions{true}).errors.size() == 1);
  CHECK(read_cif_string("data_x\n" + kCell + kSiteLoop + "O1 O 0 ? 0 1\n", "q.cif").errors.size() ==
        1);
  // A space-group symbol with HTML markup (iRASPA's SSZ-48): read without it. P 1 21 1 puts
  // a general position twice in the cell (by hand: x,y,z and -x,y+1/2,-z).
  std::string html = "data_x\n" + kCell + "_symmetry_space_group_name_H-M 'P 1 21</sub 1'\n" +
                     kSiteLoop + "O1 O 0.1 0.2 0.3 1\n";
  rr = read_cif_string(html, "html.cif");
  REQUIRE(rr.errors.empty());
  CHECK(rr.crystals[0].sites.size() == 2);
  CHECK(read_cif_string(html, "html.cif", ReadOptions{true}).errors.size() == 1);
  // CIF syntax gemmi refuses, repaired: a citation loop with a value too many (RASPA's CAN-12)
  // is left out; '_eof' before a comment (srycoo.cif) gets '?'; a quoted value running over
  // lines is text. The atom loop with a value missing is still refused.
  std::string sites = kSiteLoop + "O1 O 0 0 0 1\n";
  for (const std::string& text :
       {"data_x\n" + kCell + "loop_\n_citation_author_name\n_citation_year\n'A. B' 2007 12\n" +
            sites,
        "data_x\n" + kCell + sites + "_eof\n\n#### end\n",
        "data_x\n_title 'two\nlines'\n" + kCell + sites}) {
    rr = read_cif_string(text, "syntax.cif");
    REQUIRE(rr.errors.empty());
    REQUIRE(rr.crystals[0].sites.size() == 1);
    CHECK_THAT(rr.crystals[0].warnings.back(), Catch::Contains("CIF syntax repaired"));
    CHECK(read_cif_string(text, "syntax.cif", ReadOptions{true}).errors.size() == 1);
  }
  CHECK(read_cif_string("data_x\n" + kCell + sites + "O2 O 0.5\n", "loop.cif").errors.size() == 1);
  // Occupancy '?': 1 with a warning; 'abc': an error (both were read as 1).
  rr = read_cif_string("data_x\n" + kCell + kSiteLoop + "O1 O 0 0 0 ?\n", "q.cif");
  REQUIRE(rr.errors.empty());
  CHECK_THAT(rr.crystals[0].warnings.back(), Catch::Contains("occupancy not given"));
  CHECK(
      read_cif_string("data_x\n" + kCell + kSiteLoop + "O1 O 0 0 0 abc\n", "t.cif").errors.size() ==
      1);
}

TEST_CASE("POSCAR: Direct and Cartesian, selective dynamics, errors with line numbers") {
  // MgO rocksalt, a = 4.211 A, conventional cell (Hazen 1976): 4 Mg + 4 O.
  std::string direct =
      "MgO\n1.0\n4.211 0 0\n0 4.211 0\n0 0 4.211\nMg O\n4 4\nSelective dynamics\nDirect\n"
      "0 0 0 T T T\n0 .5 .5 T T T\n.5 0 .5 T T T\n.5 .5 0 T T T\n"
      ".5 .5 .5 T T T\n.5 0 0 T T T\n0 .5 0 T T T\n0 0 .5 T T T\n";
  ReadResult rr = read_poscar_string(direct, "POSCAR");
  REQUIRE(rr.errors.empty());
  CHECK(rr.crystals[0].sites.size() == 8);
  CHECK(rr.crystals[0].lattice.volume() == Approx(std::pow(4.211, 3)).epsilon(1e-12));
  CHECK(analyze_symmetry(rr.crystals[0]).number == 225);
  std::string cart =
      "MgO\n2.0\n2.1055 0 0\n0 2.1055 0\n0 0 2.1055\nMg O\n1 1\nCartesian\n"
      "0 0 0\n1.05275 1.05275 1.05275\n";
  rr = read_poscar_string(cart, "POSCAR");
  REQUIRE(rr.errors.empty());
  CHECK(rr.crystals[0].sites[1].frac.x == Approx(0.5).margin(1e-12));
  rr = read_poscar_string("x\n1.0\n1 0 0\n0 1 0\n0 0 1\n2\nDirect\n0 0 0\n0.5 0.5 0.5\n", "POSCAR");
  REQUIRE(rr.errors.size() == 1);
  CHECK_THAT(rr.errors[0].what(), Catch::Contains("line 6"));
}

TEST_CASE("POSCAR: species and counts continued on following lines, repeated species") {
  // pymatgen writes long species lists 20 to a line and the counts likewise. Here: 3 species on
  // two lines (Mg O, then Mg again) with counts 1 1 / 1, a 2x1x1 MgO-like cell written by hand.
  // Expected: 3 sites in the order given, labels numbered per element across the groups.
  std::string text =
      "two lines\n1.0\n8 0 0\n0 4 0\n0 0 4\nMg O\nMg\n1 1\n1\nDirect\n"
      "0 0 0\n0.25 0.5 0.5\n0.5 0 0\n";
  ReadResult rr = read_poscar_string(text, "POSCAR");
  REQUIRE(rr.errors.empty());
  const Crystal& c = rr.crystals.at(0);
  REQUIRE(c.sites.size() == 3);
  std::vector<std::string> labels;
  for (const Site& s : c.sites) labels.push_back(s.label());
  std::sort(labels.begin(), labels.end());
  CHECK(labels == std::vector<std::string>{"Mg1", "Mg2", "O1"});
  // Too few counts for the species is still an error naming the line.
  rr = read_poscar_string("x\n1.0\n4 0 0\n0 4 0\n0 0 4\nMg O\nMg\n1 1\nDirect\n0 0 0\n", "POSCAR");
  REQUIRE(rr.errors.size() == 1);
  CHECK_THAT(rr.errors[0].what(), Catch::Contains("3 elements but 2 counts"));
}
