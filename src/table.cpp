#include "channelmap/table.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "channelmap/applicability.hpp"
#include "channelmap/barrier_model.hpp"
#include "channelmap/descriptor_registry.hpp"
#include "channelmap/error.hpp"
#include "channelmap/formula.hpp"
#include "channelmap/rank.hpp"
#include "channelmap/rank_weights.hpp"
#include "channelmap/ranking.hpp"
#include "channelmap/version.hpp"
#include "channelmap/write.hpp"

namespace channelmap {

namespace {
const char* const id_description =
    "stable id of the structure: the file path relative to the directory searched (as given "
    "for a file named directly), plus #block when the file holds several blocks or one was "
    "named";

std::string num(double v, int precision) {
  return format_descriptor(v, precision);
}
std::string integer(long v) {
  return std::to_string(v);
}
std::string offset_text(const Offset& o) {
  return std::to_string(o[0]) + " " + std::to_string(o[1]) + " " + std::to_string(o[2]);
}

// Per-hop energy value `v[hop]` of a Report, NaN when the energy was not computed.
double hop_energy(const Report& r, const std::vector<double>& v, size_t hop) {
  return r.energy.computed && hop < v.size() ? v[hop] : std::nan("");
}

// A count or index that is negative when missing (-1: not computed): "" then.
std::string count_or_empty(long v) {
  return v < 0 ? std::string() : integer(v);
}

std::string join_ints(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : " ") + std::to_string(x);
  return s;
}

// The framework's anion elements: the non-mobile species of anion positions with a negative
// oxidation state (the main species of the position when no state is known), by increasing
// electronegativity, comma-separated ("O", "O,F").
std::string anion_elements(const Report& r) {
  std::vector<std::string> els;
  auto add = [&els](const std::string& e) {
    if (std::find(els.begin(), els.end(), e) == els.end()) els.push_back(e);
  };
  for (size_t i = 0; i < r.crystal.sites.size() && i < r.anion.size(); ++i) {
    if (!r.anion[i]) continue;
    const std::vector<Species>& sp = r.crystal.sites[i].species;
    const Species* main = nullptr;
    bool any = false;
    for (size_t k = 0; k < sp.size(); ++k) {
      if (sp[k].element == r.ion.element) continue;
      if (!main || sp[k].occupancy > main->occupancy) main = &sp[k];
      if (k < r.states[i].size() && r.states[i][k] < 0) add(sp[k].element), any = true;
    }
    if (!any && main) add(main->element);
  }
  std::string s;
  for (const std::string& e : by_electronegativity(els)) s += (s.empty() ? "" : ",") + e;
  return s;
}

// The text columns of the descriptor table; each stands before the registry entry `before`.
struct TextColumn {
  Column<Report> column;
  const char* before;
};
const std::vector<TextColumn>& descriptor_text_columns() {
  using R = const Report&;
  static const std::vector<TextColumn> cols = {
      {{"file", "text", "input file", [](R r) { return r.crystal.file; }}, "spacegroup_number"},
      {{"block", "text", "CIF data block (empty for POSCAR)", [](R r) { return r.crystal.block; }},
       "spacegroup_number"},
      {{"id", "text", id_description, [](R r) { return structure_id(r.crystal); }},
       "spacegroup_number"},
      {{"formula", "text",
        "reduced formula of the cell contents as pymatgen writes it (Composition.reduced_formula: "
        "elements by electronegativity, e.g. Mg2SiO4, Mg3Al2(SiO4)3)",
        [](R r) { return r.crystal.reduced_formula(); }},
       "spacegroup_number"},
      {{"spacegroup_symbol", "text", "Hermann-Mauguin symbol from spglib",
        [](R r) { return r.symmetry ? r.symmetry->symbol : std::string(); }},
       "n_atoms"},
      {{"mobile_element", "text", "the mobile ion (removed from the framework)",
        [](R r) { return r.ion.element; }},
       "mobile_radius_A"},
      {{"oxidation_source", "text",
        "where oxidation states came from: cif, bond-valence, default or unassigned",
        [](R r) { return oxidation_source(r); }},
       "mobile_site_cn"},
      {{"mobile_site_polyhedron", "text",
        "best-matching polyhedron of the mobile site (ChemEnv symbol, e.g. T:4, O:6)",
        [](R r) {
          int s = mobile_site_of_interest(r);
          return s >= 0 ? r.environments[s].polyhedron : std::string();
        }},
       "mobile_site_csm"},
      {{"anion", "text",
        "the framework's anion elements, by electronegativity, comma-separated (e.g. O, S, "
        "O,F); empty without anions",
        anion_elements},
       "n_anions"},
      {{"energy_note", "text",
        "why the BVSE columns are empty (not requested, no mobile ion, oxidation states not "
        "assigned, missing softBV parameters ...); empty when the energy was computed",
        [](R r) { return r.energy.computed ? std::string() : r.energy.reason; }},
       "e_1d_eV"},
  };
  return cols;
}
}  // namespace

const std::vector<Column<Report>>& descriptor_columns() {
  static const std::vector<Column<Report>> cols = [] {
    std::vector<Column<Report>> c;
    size_t placed = 0;
    for (const Descriptor& d : descriptors()) {
      for (const TextColumn& t : descriptor_text_columns())
        if (std::string_view(t.before) == d.name) c.push_back(t.column), ++placed;
      c.push_back({d.name, d.unit, d.meaning, [p = &d](const Report& r) {
                     return format_descriptor(p->value(r), p->precision);
                   }});
    }
    if (placed != descriptor_text_columns().size())
      fail("descriptor table: a text column stands before a name not in the registry");
    c.push_back({"read_warnings", "text",
                 "what was assumed or read leniently in the file (occupancies taken as 1, a "
                 "mixed site made of full occupancies, missing angles from the space group, "
                 "repaired quotes ...; ReadOptions, --strict), joined by ' | '; empty when the "
                 "file was read as written. The analysis' own notes are in inspect --json",
                 [](const Report& r) {
                   std::string s;
                   for (const std::string& w : r.crystal.warnings)
                     s += (s.empty() ? "" : " | ") + w;
                   return s;
                 }});
    return c;
  }();
  return cols;
}

const std::vector<Column<Report>>& screen_columns() {
  using R = const Report&;
  static const std::vector<Column<Report>> cols = [] {
    std::vector<Column<Report>> c = {
        {"file", "text", "input file", [](R r) { return r.crystal.file; }},
        {"block", "text", "CIF data block (empty for POSCAR)", [](R r) { return r.crystal.block; }},
        {"id", "text",
         "stable id of the structure: the file path as found, plus #block for a CIF block",
         [](R r) { return structure_id(r.crystal); }},
        {"score", "1",
         "ranking score 1 / (1 + predicted_em_eV / 0.65 eV) in (0, 1], higher is better; empty "
         "without a predicted barrier (docs/ranking.md)",
         [](R r) { return num(rank_structure(r).score, 4); }},
        {"predicted_em_basis", "text",
         "'percolating hops', 'best hop' (hops never percolate), or why there is no prediction",
         [](R r) { return rank_structure(r).basis; }},
        {"in_domain", "1",
         "1 when the structure is inside what the model was calibrated for; rows with 0 are "
         "ranked after all others",
         [](R r) { return integer(rank_structure(r).in_domain); }},
        {"out_of_domain", "text", "why the structure is outside the calibrated domain",
         [](R r) { return rank_structure(r).out_of_domain; }},
        {"em_bias_eV", "eV", "the barrier model's baseline; the em_term_*_eV columns add to it",
         [](R r) {
           Ranking k = rank_structure(r);
           return k.terms.empty() ? std::string() : num(k.bias_eV, 4);
         }},
    };
    static std::vector<std::string> em_names, em_docs;
    const auto& features = barrier_model_features();
    for (const std::string& f : features) {
      std::string stem = f;  // the feature's name without its unit suffix, then "_eV"
      for (const char* suffix : {"_eV", "_A3", "_A"})
        if (stem.size() > std::strlen(suffix) &&
            stem.compare(stem.size() - std::strlen(suffix), std::string::npos, suffix) == 0) {
          stem.resize(stem.size() - std::strlen(suffix));
          break;
        }
      em_names.push_back("em_term_" + stem + "_eV");
      em_docs.push_back("contribution of " + f + " to predicted_em_eV (eV) on the deciding hop");
    }
    for (size_t j = 0; j < features.size(); ++j)
      c.push_back({em_names[j].c_str(), "eV", em_docs[j].c_str(), [j](R r) {
                     Ranking k = rank_structure(r);
                     return j < k.terms.size() ? num(k.terms[j].contribution_eV, 4) : std::string();
                   }});
    c.push_back({"geometry_score", "1",
                 "the geometric score of channelmap 0.4 in [0, 1], the sum of the "
                 "geometry_score_* terms; ranks when the energy is not computed (--no-energy)",
                 [](R r) { return num(score_structure(r).total, 4); }});
    c.push_back({"score_calibrated", "1",
                 "1 when the mobile ion is among the nine ions of the calibration data",
                 [](R r) { return integer(is_calibrated_mobile_ion(r.ion.element)); }});
    static std::vector<std::string> names, docs;
    for (int t = 0; t < rank::n_terms; ++t) {
      names.push_back(std::string("geometry_score_") + rank::term_specs[t].name);
      docs.push_back(std::string("contribution of the ") + rank::term_specs[t].name +
                     " term to geometry_score (weight x value in [0, 1])");
    }
    for (int t = 0; t < rank::n_terms; ++t)
      c.push_back({names[t].c_str(), "1", docs[t].c_str(),
                   [t](R r) { return num(score_structure(r).terms[t].contribution, 4); }});
    const auto& d = descriptor_columns();
    for (const Column<Report>& col : d)  // without file, block and id, which stand first
      if (std::strcmp(col.name, "file") != 0 && std::strcmp(col.name, "block") != 0 &&
          std::strcmp(col.name, "id") != 0)
        c.push_back(col);
    return c;
  }();
  return cols;
}

const std::vector<Column<SiteRow>>& site_columns() {
  using R = const SiteRow&;
  auto species_join = [](R x, auto f) {
    std::string s;
    for (const Species& sp : x.r.crystal.sites[x.site].species) s += (s.empty() ? "" : " ") + f(sp);
    return s;
  };
  static const std::vector<Column<SiteRow>> cols = {
      {"file", "text", "input file", [](R x) { return x.r.crystal.file; }},
      {"block", "text", "CIF data block", [](R x) { return x.r.crystal.block; }},
      {"id", "text", "the structure's id (as in the descriptor table)",
       [](R x) { return structure_id(x.r.crystal); }},
      {"site", "1", "index of the position in the cell (0-based)",
       [](R x) { return integer(x.site); }},
      {"label", "text", "CIF label of the first species",
       [](R x) { return x.r.crystal.sites[x.site].label(); }},
      {"elements", "text", "species at the position, space-separated",
       [species_join](R x) { return species_join(x, [](const Species& s) { return s.element; }); }},
      {"occupancies", "text", "their occupancies, space-separated",
       [species_join](R x) {
         return species_join(x, [](const Species& s) { return num(s.occupancy, 4); });
       }},
      {"oxidation_states", "text",
       "oxidation states given by the input, space-separated; empty unless the input gives one "
       "for every species at the position",
       [species_join](R x) {
         for (const Species& s : x.r.crystal.sites[x.site].species)
           if (!s.oxidation) return std::string();
         return species_join(x, [](const Species& s) { return std::to_string(*s.oxidation); });
       }},
      {"wyckoff", "text",
       "Wyckoff letter from spglib (in a cell of 1,000 or more positions spglib is given the "
       "smaller cell of a supercell and positions told apart by their orbits, and may choose "
       "another origin of the same space group, so another but equivalent letter: 12b for 12a, "
       "say; README \"Mobile sites\")",
       [](R x) {
         if (!x.r.symmetry || x.site >= static_cast<int>(x.r.symmetry->wyckoff.size()))
           return std::string();
         char w = x.r.symmetry->wyckoff[x.site];
         return std::isalpha(static_cast<unsigned char>(w)) ? std::string(1, w) : std::string();
       }},
      {"site_class", "1", "symmetry class of the position (0-based)",
       [](R x) {
         return x.r.symmetry ? count_or_empty(x.r.symmetry->site_class[x.site]) : std::string();
       }},
      {"frac_x", "1", "fractional coordinate x",
       [](R x) { return num(x.r.crystal.sites[x.site].frac.x, 6); }},
      {"frac_y", "1", "fractional coordinate y",
       [](R x) { return num(x.r.crystal.sites[x.site].frac.y, 6); }},
      {"frac_z", "1", "fractional coordinate z",
       [](R x) { return num(x.r.crystal.sites[x.site].frac.z, 6); }},
      {"mobile", "1", "1 when the position holds the mobile ion",
       [](R x) {
         return integer(!x.r.ion.none() && x.r.crystal.sites[x.site].has_element(x.r.ion.element));
       }},
      {"sphere_radius_A", "A", "radius of the framework sphere at the position (empty if none)",
       [](R x) {
         for (const Sphere& s : x.r.framework.spheres)
           if (s.site == x.site) return num(s.radius_A, 4);
         return std::string();
       }},
      {"anion", "1", "1 when the framework sphere is an anion",
       [](R x) {
         for (const Sphere& s : x.r.framework.spheres)
           if (s.site == x.site) return integer(s.anion);
         return std::string();
       }},
      {"oxidation_state", "1",
       "oxidation state of the first species used for radii (empty: unknown)",
       [](R x) {
         int q = x.r.states[x.site].empty() ? 0 : x.r.states[x.site][0];
         return q == 0 ? std::string() : integer(q);
       }},
      {"cn", "count",
       "coordination number: anion neighbours of a cation, cation neighbours of an anion "
       "(Voronoi solid angle > 0.5 of the largest)",
       [](R x) { return count_or_empty(x.r.environments[x.site].cn); }},
      {"econ", "count", "effective coordination number (Hoppe 1979)",
       [](R x) { return num(x.r.environments[x.site].econ, 3); }},
      {"polyhedron", "text", "best-matching ideal polyhedron (ChemEnv symbol)",
       [](R x) { return x.r.environments[x.site].polyhedron; }},
      {"csm", "1", "its continuous shape measure (0 = ideal)",
       [](R x) {
         return x.r.environments[x.site].polyhedron.empty() ? std::string()
                                                            : num(x.r.environments[x.site].csm, 3);
       }},
      {"bvs_vu", "vu", "cations: bond valence sum (Brown & Altermatt / Brese & O'Keeffe)",
       [](R x) { return num(x.r.bvs[x.site], 3); }},
      {"bvs_deviation_vu", "vu", "cations: bond valence sum minus the oxidation state",
       [](R x) { return num(x.r.bvs[x.site] - x.r.states[x.site][0], 3); }},
      {"radius_source", "text",
       "where the sphere radius of the first species came from (see README)",
       [](R x) { return x.r.radii[x.site][0].source; }},
      {"node_distance_A", "A", "mobile sites: distance to the nearest network node",
       [](R x) {
         for (const MobileSite& m : x.r.mobile.sites)
           if (m.site == x.site) return num(m.node_distance_A, 4);
         return std::string();
       }},
  };
  return cols;
}

const std::vector<Column<HopRow>>& hop_columns() {
  using R = const HopRow&;
  auto hop = [](R x) -> const Hop& { return x.r.mobile.hops[x.hop]; };
  static const std::vector<Column<HopRow>> cols = {
      {"file", "text", "input file", [](R x) { return x.r.crystal.file; }},
      {"block", "text", "CIF data block", [](R x) { return x.r.crystal.block; }},
      {"id", "text", "the structure's id (as in the descriptor table)",
       [](R x) { return structure_id(x.r.crystal); }},
      {"hop_group", "1", "symmetry-distinct hop class, 0 = widest",
       [hop](R x) { return integer(hop(x).group); }},
      {"from_label", "text", "label of the start site",
       [hop](R x) { return x.r.mobile.sites[hop(x).from].label; }},
      {"from_site", "1", "index of the start site in the cell",
       [hop](R x) { return integer(x.r.mobile.sites[hop(x).from].site); }},
      {"to_label", "text", "label of the end site ('(vacant)': an empty position equivalent to it)",
       [hop](R x) { return x.r.mobile.end_site(hop(x)).label; }},
      {"to_site", "1",
       "index of the end site in the cell (of a vacant end: the site it is equivalent to)",
       [hop](R x) { return integer(x.r.mobile.end_site(hop(x)).site); }},
      {"to_offset", "text", "lattice translation of the end site, 'i j k'",
       [hop](R x) { return offset_text(hop(x).offset); }},
      {"distance_A", "A", "straight-line distance between the sites",
       [hop](R x) { return num(hop(x).distance_A, 4); }},
      {"path_length_A", "A", "length of the path along the network",
       [hop](R x) { return num(hop(x).path_length_A, 4); }},
      {"bottleneck_A", "A", "smallest clearance along the path",
       [hop](R x) { return num(hop(x).bottleneck_A, 5); }},
      {"bottleneck_cn", "count",
       "window CN: anions coordinating the mobile ion at the bottleneck point",
       [](R x) { return count_or_empty(x.r.hop_bottleneck_cn[x.hop]); }},
      {"node_cn", "text",
       "anions coordinating the mobile ion at each node along the path, space-separated",
       [](R x) { return join_ints(x.r.hop_node_cn[x.hop]); }},
      {"site_cn", "count", "anion CN of the start site (Voronoi)",
       [](R x) {
         int cn = hop_site_cn(x.r, x.hop);
         return cn < 0 ? std::string() : integer(cn);
       }},
      {"intermediate_cn", "count",
       "anion CN of the intermediate site (Voronoi, mobile ions removed)",
       [](R x) {
         int k = x.r.hop_intermediate[x.hop];
         return k < 0 ? std::string() : integer(x.r.hop_intermediate_env[x.hop].cn);
       }},
      {"intermediate_polyhedron", "text", "ChemEnv symbol of the intermediate site's polyhedron",
       [](R x) { return x.r.hop_intermediate_env[x.hop].polyhedron; }},
      {"cn_change", "count",
       "intermediate-site CN minus site CN (Rong et al. 2015; tet -> oct = +2)",
       [](R x) { return num(hop_cn_change(x.r, x.hop), 0); }},
      // ---- energy (BVSE, docs/energy.md): empty when the energy is not computed ----
      {"bvse_barrier_eV", "eV",
       "BVSE barrier of the minimum-energy path between the sites: highest energy minus the "
       "lower end",
       [](R x) { return num(hop_energy(x.r, x.r.energy.hop_barrier_eV, x.hop), 3); }},
      {"bvse_saddle_eV", "eV",
       "highest BVSE along that path above the grid minimum (comparable with e_1d_eV)",
       [](R x) {
         const double above =
             hop_energy(x.r, x.r.energy.hop_saddle_eV, x.hop) - x.r.energy.percolation.grid_min_eV;
         return num(above, 3);
       }},
      {"energy_path_length_A", "A", "length of the minimum-energy path",
       [](R x) { return num(hop_energy(x.r, x.r.energy.hop_path_length_A, x.hop), 4); }},
      {"predicted_em_eV", "eV",
       "predicted NEB barrier of this hop (barrier model over its path descriptors, "
       "docs/barrier_model.md)",
       [](R x) { return num(hop_energy(x.r, x.r.energy.hop_predicted_em_eV, x.hop), 3); }},
      {"n_nodes", "count", "network nodes on the path",
       [hop](R x) { return integer(static_cast<long>(hop(x).nodes.size())); }},
      {"node_radii_A", "A", "clearance of each node along the path, space-separated",
       [hop](R x) {
         std::string s;
         for (int n : hop(x).nodes)
           s += (s.empty() ? "" : " ") + num(x.r.network.nodes[n].radius_A, 4);
         return s;
       }},
  };
  return cols;
}

std::string structure_id(const std::string& file, const std::string& root, const std::string& block,
                         bool with_block) {
  std::string id = file;
  if (!root.empty()) {
    namespace fs = std::filesystem;
    fs::path rel = fs::path(file).lexically_relative(fs::path(root));
    if (!rel.empty() && *rel.begin() != "..") id = rel.generic_string();
  }
  return with_block && !block.empty() ? id + "#" + block : id;
}

void set_structure_ids(std::vector<Crystal>& crystals, const std::string& spec,
                       const std::string& root) {
  for (Crystal& c : crystals)
    c.id = structure_id(c.file, root, c.block, crystals.size() > 1 || c.file != spec);
}

std::string structure_id(const Crystal& c) {
  return !c.id.empty() ? c.id : structure_id(c.file, "", c.block, true);
}

std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

template <typename Row>
void write_csv_header(std::ostream& os, const std::vector<Column<Row>>& cols) {
  for (size_t i = 0; i < cols.size(); ++i) os << (i ? "," : "") << cols[i].name;
  os << '\n';
}

template <typename Row>
void write_csv_row(std::ostream& os, const std::vector<Column<Row>>& cols, const Row& row) {
  for (size_t i = 0; i < cols.size(); ++i) os << (i ? "," : "") << csv_quote(cols[i].get(row));
  os << '\n';
}

template void write_csv_header(std::ostream&, const std::vector<Column<Report>>&);
template void write_csv_header(std::ostream&, const std::vector<Column<SiteRow>>&);
template void write_csv_header(std::ostream&, const std::vector<Column<HopRow>>&);
template void write_csv_row(std::ostream&, const std::vector<Column<Report>>&, const Report&);
template void write_csv_row(std::ostream&, const std::vector<Column<SiteRow>>&, const SiteRow&);
template void write_csv_row(std::ostream&, const std::vector<Column<HopRow>>&, const HopRow&);

void write_schema_markdown(std::ostream& os) {
  os << "# channelmap table schema " << table_schema_version << "\n\n"
     << "Generated by `channelmap describe --schema`; a test checks that this file is current.\n"
     << "A missing value is an empty cell (JSON: null), never a magic number.\n"
     << "\n## Units\n\nA column's name ends with its unit's suffix; dimensionless numbers and text "
        "have none.\n\n| unit | suffix | meaning |\n|---|---|---|\n";
  for (const DescriptorUnit& u : descriptor_units())
    os << "| `" << u.unit << "` | " << (*u.suffix ? cat('`', u.suffix, '`') : std::string("-"))
       << " | " << u.meaning << " |\n";
  auto table = [&](const char* title, const char* note, const auto& cols) {
    os << "\n## " << title << "\n\n"
       << note << (*note ? "\n\n" : "") << "| column | unit | meaning |\n|---|---|---|\n";
    for (const auto& c : cols)
      os << "| `" << c.name << "` | " << c.unit << " | " << c.description << " |\n";
  };
  table("Descriptors (`describe`, one row per structure)",
        "Every numeric column is a descriptor of the registry (src/descriptor_registry.cpp), in "
        "its order;\nthe JSON report (`describe --format jsonl`, `inspect --json`) has them all "
        "in its `descriptors`\nobject (name: number or null).",
        descriptor_columns());
  table("Screen (`screen -o OUT.csv`, one row per structure; OUT.ranked.csv adds `rank` first)", "",
        screen_columns());
  table("Sites (`describe --sites FILE`, one row per position)", "", site_columns());
  table("Hops (`describe --hops FILE`, one row per hop)", "", hop_columns());
  os << "\n## What made an output: version and options\n\n"
     << "Every output says which channelmap and which number-changing options made it (the "
        "options as one\nline of `key=value` pairs, `channelmap::options_line()`, e.g. "
        "`mobile=Mg probe=default ... energy=1\ngrid=0.20000000000000001 "
        "barrier_model=built-in`):\n\n"
     << "- JSON (`inspect --json`, each line of `describe --format jsonl`, `path --json`): a "
        "field\n"
        "  `\"channelmap\": {\"version\": \""
     << version()
     << "\", \"options\": \"mobile=Mg ...\"}`\n  (`path`'s options: `mobile=... grid=... "
        "barrier_model=...`; its `from`, `to` and "
        "`offset` are\n  fields of their own).\n"
     << "- A CSV table written to a file (`describe -o`, `--sites`, `--hops`, `--errors`): a "
        "sidecar\n  `OUTPUT.meta.json` next to it (OUTPUT is the CSV's whole name, e.g. "
        "`table.csv.meta.json`):\n\n"
     << "  ```json\n  {\n    \"program\": \"channelmap describe\",\n"
        "    \"version\": \""
     << version()
     << "\",\n"
        "    \"options\": \"mobile=Mg probe=default ...\",\n"
        "    \"table_schema_version\": \""
     << table_schema_version << "\",\n"
     << "    \"table\": \"table.csv\",\n    \"columns\": [\"file\", \"block\", \"id\", "
        "...]\n  }\n  ```\n\n"
     << "  `columns` are the CSV's header, in order. A CSV written to stdout gets nothing extra "
        "(no comment\n  line: the table stays plain RFC 4180).\n"
     << "\n## JSON Lines (`describe --format jsonl`)\n\n"
     << "One JSON object per structure: the full report (as `inspect --json`) plus every column "
        "of the\ndescriptor table above under the same name: a number (the registry value at "
        "full precision, an\ninteger for a count; the CSV rounds it to its decimals), a string, "
        "or null where the CSV cell is\nempty. Where the report already has a field of that "
        "name it stays (`file`, `block`, `formula`,\n`di_A` ...: the same value; `disordered` "
        "is a boolean). Strings that are not valid UTF-8 (a file\nname in another encoding) "
        "are written with U+FFFD for each bad byte.\n";
}

}  // namespace channelmap
