// The built-in Shannon radii against the published table (../shared/reference/shannon_radii.csv,
// Shannon, Acta Cryst. A32, 751 (1976), as tabulated by BVlain), and radius overrides.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "channelmap/error.hpp"
#include "channelmap/radii.hpp"
#include "test_paths.hpp"

using namespace channelmap;

TEST_CASE("every built-in radius is Shannon's for that element, state and CN") {
  std::ifstream in(test::shared_dir() + "/reference/shannon_radii.csv");
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);  // element,oxidation,cn,cn_number,r_ionic_A,...
  std::multimap<std::tuple<std::string, int, int>, double> table;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string el, ox, cn, cnn, r;
    std::getline(ss, el, ',');
    std::getline(ss, ox, ',');
    std::getline(ss, cn, ',');
    std::getline(ss, cnn, ',');
    std::getline(ss, r, ',');
    std::string spin;
    std::getline(ss, spin, ',');  // r_crystal_A
    std::getline(ss, spin, ',');
    // The table leaves CN empty on its high/low-spin rows, which are Shannon's octahedral values.
    if (cnn.empty() && !spin.empty()) cnn = "6";
    if (cnn.empty() || r.empty()) continue;
    table.emplace(std::make_tuple(el, std::stoi(ox), std::stoi(cnn)), std::stod(r));
  }
  RadiusTable t = RadiusTable::shannon_default();
  int checked = 0;
  for (const char* el : {"Li", "Na", "K",  "Mg", "Ca", "Zn", "Al", "Si", "P",  "O",  "S",  "Se",
                         "Te", "F",  "Cl", "Br", "I",  "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co",
                         "Ni", "Cu", "Ga", "Ge", "In", "Sn", "Zr", "Nb", "Mo", "W",  "La", "Y",
                         "Ba", "Sr", "Cs", "Rb", "Ag", "Cd", "Pb", "Bi", "B",  "C",  "N",  "Be"}) {
    INFO(el);
    const RadiusEntry& e = t.get(el);
    auto range = table.equal_range(std::make_tuple(std::string(el), e.oxidation, e.cn));
    REQUIRE(range.first != range.second);
    bool match = false;  // several rows for one CN: high/low spin (the table uses high spin)
    for (auto it = range.first; it != range.second; ++it)
      match |= std::fabs(it->second - e.radius_A) < 1e-9;
    CHECK(match);
    ++checked;
  }
  CHECK(checked == 48);
  CHECK(t.get("Mg").radius_A == 0.72);  // Mg2+ CN 6, the reference probe of DESIGN.md 3
}

TEST_CASE("radius overrides from a file, and a uniform radius") {
  std::string path = "radii_test_override.txt";
  {
    std::ofstream f(path);
    f << "# test\nO 1.35\nmg 0.5  # lower case is accepted\n";
  }
  RadiusTable t = RadiusTable::shannon_default();
  t.load_overrides(path);
  CHECK(t.get("O").radius_A == 1.35);
  CHECK(t.get("Mg").radius_A == 0.5);
  CHECK(t.get("O").source == "file");
  {
    std::ofstream f(path);
    f << "O one\n";
  }
  CHECK_THROWS_WITH(t.load_overrides(path), Catch::Contains(path + ":1"));
  CHECK_THROWS_WITH(t.get("Xe"), Catch::Contains("no radius for element Xe"));
  t.set_uniform(0.0);
  CHECK(t.get("Xe").radius_A == 0.0);
  std::remove(path.c_str());
}
