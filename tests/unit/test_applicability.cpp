// Applicability of the barrier model and the ranking (src/applicability.cpp): which structures
// lie outside what the calibration saw, and why. Expected reasons come from the structures'
// published chemistry (a MOF's organic linker, a structure without the mobile ion).
#include <catch2/catch.hpp>
#include <string>

#include "channelmap/applicability.hpp"
#include "channelmap/read.hpp"
#include "test_paths.hpp"
#include "test_structures.hpp"

using namespace channelmap;

namespace {
bool has_reason(const Applicability& a, const std::string& phrase) {
  for (const std::string& r : a.reasons)
    if (r.rfind(phrase, 0) == 0) return true;
  return false;
}
}  // namespace

TEST_CASE("an inorganic Mg oxide is inside the calibrated domain") {
  Report r = test::analyze_file(test::source_dir() + "/structures/MgO_periclase.cif");
  Applicability a = check_applicability(r);
  INFO(a.text());
  CHECK(a.in_domain());
  CHECK(a.text().empty());
}

TEST_CASE("Mg-MOF-74: the Mg is bound in a metal-organic framework") {
  // Mg2(dobdc): 2,5-dioxido-1,4-benzenedicarboxylate linkers, C-C and C-H bonds.
  Report r = test::analyze_file(test::shared_dir() +
                                "/structures/mg_reference/Mg2dobdc_MgMOF74_RASPA2.cif");
  Applicability a = check_applicability(r);
  INFO(a.text());
  CHECK(has_reason(a, "organic framework"));
  CHECK_FALSE(a.in_domain());
}

TEST_CASE("magnesite's carbonate carbon is not organic") {
  // MgCO3: C is bonded to O only (C-O 1.28 A); the shortest C-C distance is > 2.5 A.
  Report r =
      test::analyze_file(test::shared_dir() + "/structures/mg_reference/MgCO3_magnesite_AMCSD.cif");
  Applicability a = check_applicability(r);
  INFO(a.text());
  CHECK_FALSE(has_reason(a, "organic framework"));
}

TEST_CASE("a structure without the mobile ion and an uncalibrated ion are flagged") {
  // MgO analysed for Li: no Li site; Cs is not among the nine ions of barrier_paths.csv.
  Report li = test::analyze_file(test::source_dir() + "/structures/MgO_periclase.cif", "Li");
  CHECK(has_reason(check_applicability(li), "no mobile-ion site"));
  Report cs = test::analyze_file(test::source_dir() + "/structures/MgO_periclase.cif", "Cs");
  CHECK(has_reason(check_applicability(cs), "mobile ion not calibrated"));
  CHECK(is_calibrated_mobile_ion("Zn"));
  CHECK_FALSE(is_calibrated_mobile_ion("Cs"));
}

TEST_CASE("a framework without anions is flagged") {
  // MgO with every atom kept as framework and nothing mobile still has O2- anions; analysed with
  // O as the "mobile" element, the framework is Mg alone and holds no anion.
  Report r = test::analyze_file(test::source_dir() + "/structures/MgO_periclase.cif", "O");
  Applicability a = check_applicability(r);
  INFO(a.text());
  CHECK(has_reason(a, "no anion"));
}
