// The descriptor registry (src/descriptor_registry.cpp) is the one list the descriptor table, the
// JSON report and the score read: names unique and carrying their unit, the CSV header in
// registry order, every name in the JSON, the score's inputs equal to the registry's values.
// Values are compared exactly: each output is computed from the same double.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "channelmap/descriptor_registry.hpp"
#include "channelmap/rank.hpp"
#include "channelmap/read.hpp"
#include "channelmap/table.hpp"
#include "channelmap/write.hpp"
#include "test_paths.hpp"
#include "test_structures.hpp"

using namespace channelmap;

namespace {

// Spinel with Mg (every descriptor present), and periclase without a mobile ion (the mobile-site
// and hop descriptors missing).
std::vector<Report> reports() {
  std::vector<Report> r;
  r.push_back(test::analyze_file(test::source_dir() + "/structures/MgAl2O4_spinel.cif"));
  r.push_back(test::analyze_file(test::source_dir() + "/structures/MgO_periclase.cif", ""));
  return r;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == sep)
      out.emplace_back();
    else if (c != '\n')
      out.back() += c;
  }
  return out;
}

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

template <typename Row>
void check_columns(const std::vector<Column<Row>>& cols) {
  std::set<std::string> names;
  for (const auto& c : cols) {
    INFO(c.name << " [" << c.unit << "]");
    CHECK(names.insert(c.name).second);
    CHECK_NOTHROW(descriptor_unit(c.unit));
    CHECK(name_matches_unit(c.name, c.unit));
    CHECK(std::string(c.description).size() > 0);
  }
}

}  // namespace

TEST_CASE("registry: unique snake_case names whose suffix is their unit", "[registry]") {
  std::set<std::string> names;
  for (const Descriptor& d : descriptors()) {
    std::string name = d.name;
    INFO(name << " [" << d.unit << "]");
    CHECK(names.insert(name).second);
    CHECK(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_AeV") == std::string::npos);
    CHECK(std::string(d.unit) != "text");
    CHECK(name_matches_unit(name, d.unit));
    CHECK(std::string(d.meaning).size() > 0);
    CHECK(d.precision >= 0);
    CHECK(d.value != nullptr);
    CHECK(&descriptor(name) == &d);
  }
  CHECK(names.count("volume_per_anion_A3") == 1);
  CHECK_THROWS_AS(descriptor("no_such_descriptor_A"), Error);
  // The suffix rule itself.
  CHECK(name_matches_unit("rf_1d_A", "A"));
  CHECK(name_matches_unit("volume_A3", "A^3"));
  CHECK_FALSE(name_matches_unit("volume_A3", "A"));
  CHECK_FALSE(name_matches_unit("n_hops_A", "count"));
  CHECK_FALSE(name_matches_unit("n_hops", "A"));
  CHECK(name_matches_unit("e_1d_eV", "eV"));
  CHECK_THROWS_AS(descriptor_unit("furlong"), Error);
}

TEST_CASE("every table column has a known unit matching its name", "[registry]") {
  check_columns(descriptor_columns());
  check_columns(screen_columns());
  check_columns(site_columns());
  check_columns(hop_columns());
}

TEST_CASE("the descriptor CSV: numeric columns in registry order, cells from the registry",
          "[registry]") {
  std::ostringstream header;
  write_csv_header(header, descriptor_columns());
  std::vector<std::string> cols = split(header.str(), ',');
  REQUIRE(cols.size() == descriptor_columns().size());
  std::vector<std::string> numeric, text;
  for (size_t i = 0; i < cols.size(); ++i)
    (std::string(descriptor_columns()[i].unit) == "text" ? text : numeric).push_back(cols[i]);
  std::vector<std::string> registry;
  for (const Descriptor& d : descriptors()) registry.push_back(d.name);
  CHECK(numeric == registry);
  CHECK(text == std::vector<std::string>{"file", "block", "id", "formula", "spacegroup_symbol",
                                         "mobile_element", "oxidation_source",
                                         "mobile_site_polyhedron", "anion", "energy_note",
                                         "read_warnings"});
  // The screen table: file, block, id, the score columns, then the descriptor table without
  // file, block and id.
  const auto& screen = screen_columns();
  REQUIRE(screen.size() >= descriptor_columns().size());
  size_t offset = screen.size() - descriptor_columns().size();
  for (size_t i = 3; i < descriptor_columns().size(); ++i)
    CHECK(std::string(screen[offset + i].name) == descriptor_columns()[i].name);
  CHECK(std::string(screen[2].name) == "id");

  for (const Report& r : reports()) {
    INFO(r.crystal.file);
    std::ostringstream row;
    write_csv_row(row, descriptor_columns(), r);
    std::vector<std::string> cells = split(row.str(), ',');
    REQUIRE(cells.size() == cols.size());
    std::vector<double> values = descriptor_values(r);
    size_t k = 0;
    for (size_t i = 0; i < cols.size(); ++i) {
      if (std::string(descriptor_columns()[i].unit) == "text") continue;
      const Descriptor& d = descriptors()[k];
      INFO(d.name);
      CHECK(cells[i] == format_descriptor(values[k], d.precision));
      CHECK(same(values[k], descriptor_value(r, d.name)));
      CHECK((std::isnan(values[k]) || std::isfinite(values[k])));
      ++k;
    }
  }
}

TEST_CASE("the JSON report has every registry descriptor", "[registry]") {
  for (const Report& r : reports()) {
    INFO(r.crystal.file);
    nlohmann::json j = nlohmann::json::parse(report_json(r, -1));
    REQUIRE(j.contains("descriptors"));
    const nlohmann::json& dj = j["descriptors"];
    CHECK(dj.size() == descriptors().size());
    for (const Descriptor& d : descriptors()) {
      INFO(d.name);
      REQUIRE(dj.contains(d.name));
      double v = descriptor_value(r, d.name);
      if (std::isnan(v))
        CHECK(dj[d.name].is_null());
      else
        CHECK(dj[d.name].get<double>() == v);
    }
    // Volume per anion (missing from the JSON before the registry): O is the anion of both.
    CHECK(dj["volume_per_anion_A3"].get<double>() > 0);
    // The fields written before the registry stay.
    CHECK(j.contains("rmob_1d_A"));
    CHECK(j.contains("di_A"));
  }
}

TEST_CASE("the score reads the registry's values", "[registry]") {
  for (const Report& r : reports()) {
    INFO(r.crystal.file);
    ScoreInputs in = score_inputs(r);
    CHECK(same(in.mobile_radius_A, descriptor_value(r, "mobile_radius_A")));
    CHECK(same(in.rmob_A[0], descriptor_value(r, "rmob_1d_A")));
    CHECK(same(in.rmob_A[1], descriptor_value(r, "rmob_2d_A")));
    CHECK(same(in.rmob_A[2], descriptor_value(r, "rmob_3d_A")));
    CHECK(same(in.best_hop_bottleneck_A, descriptor_value(r, "best_hop_bottleneck_A")));
    CHECK(same(in.volume_per_anion_A3, descriptor_value(r, "volume_per_anion_A3")));
    CHECK(same(in.cn_change, descriptor_value(r, "best_hop_cn_change")));
    CHECK(same(in.mobile_site_cn, descriptor_value(r, "mobile_site_cn")));
    CHECK(
        same(in.mobile_site_bvs_deviation_vu, descriptor_value(r, "mobile_site_bvs_deviation_vu")));
    const char* axes[] = {"rmob_a_A", "rmob_b_A", "rmob_c_A"};
    for (int k = 0; k < 3; ++k)
      CHECK(same(score_inputs_along_axis(r, k).rmob_A[0], descriptor_value(r, axes[k])));
  }
  // Spinel: Mg2+ on a tetrahedral site with oxidation states known, so every input is present.
  Report spinel = reports()[0];
  ScoreInputs in = score_inputs(spinel);
  CHECK(in.mobile_site_cn == 4);
  CHECK(std::isfinite(in.mobile_site_bvs_deviation_vu));
  CHECK(std::isfinite(in.volume_per_anion_A3));
}

TEST_CASE("all_environments false: the same structure rows, fewer environments", "[registry]") {
  // MgAl2O4 spinel (the repo's, Mg on tetrahedral sites) with the energy: every column of the
  // structure and screen tables must be equal byte for byte, and of the hop table all but the
  // intermediate's polyhedron; non-Mg sites keep CN and ECoN but lose their polyhedron; the
  // network nodes' environments are left out.
  Crystal c = test::read_one(test::source_dir() + "/structures/MgAl2O4_spinel.cif");
  AnalysisOptions opt;
  opt.energy = true;
  Report full = analyze(c, opt);
  opt.all_environments = false;
  Report lean = analyze(c, opt);
  auto rows = [](const Report& r) {
    std::ostringstream os;
    write_csv_row(os, descriptor_columns(), r);
    write_csv_row(os, screen_columns(), r);
    return os.str();
  };
  CHECK(rows(lean) == rows(full));
  REQUIRE(lean.mobile.hops.size() == full.mobile.hops.size());
  for (int h = 0; h < static_cast<int>(full.mobile.hops.size()); ++h) {
    for (const auto& col : hop_columns()) {
      if (std::string(col.name) == "intermediate_polyhedron") continue;
      INFO(col.name);
      CHECK(col.get(HopRow{lean, h}) == col.get(HopRow{full, h}));
    }
    CHECK(lean.hop_intermediate_env[h].polyhedron.empty());
  }
  // The full analysis does find the intermediates' polyhedra (spinel: the empty octahedral site).
  CHECK(std::any_of(full.hop_intermediate_env.begin(), full.hop_intermediate_env.end(),
                    [](const SiteEnvironment& e) { return !e.polyhedron.empty(); }));
  REQUIRE(!full.mobile.hops.empty());
  CHECK(lean.node_environments.empty());
  CHECK(full.node_environments.size() == full.network.nodes.size());
  for (size_t i = 0; i < c.sites.size(); ++i) {
    INFO(c.sites[i].label());
    CHECK(lean.environments[i].cn == full.environments[i].cn);
    bool mg = c.sites[i].has_element("Mg");
    CHECK(lean.environments[i].polyhedron == (mg ? full.environments[i].polyhedron : ""));
    if (mg) CHECK(full.environments[i].polyhedron == "T:4");
  }
  // The JSON of a lean report still loads (nodes without cn).
  CHECK(nlohmann::json::parse(report_json(lean)).contains("network"));
}

TEST_CASE("a table cell that rounds to zero has no sign") {
  // Hand-written expectations: fixed notation, the sign only on a number that is not zero.
  CHECK(format_descriptor(-1e-15, 3) == "0.000");
  CHECK(format_descriptor(-0.0, 2) == "0.00");
  CHECK(format_descriptor(-0.0004, 3) == "0.000");
  CHECK(format_descriptor(-0.0006, 3) == "-0.001");
  CHECK(format_descriptor(-2.5, 1) == "-2.5");
  CHECK(format_descriptor(1e-15, 3) == "0.000");
  CHECK(format_descriptor(std::nan(""), 3).empty());
}
