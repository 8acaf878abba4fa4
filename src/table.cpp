#include "channelmap/table.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "channelmap/rank.hpp"
#include "channelmap/rank_weights.hpp"
#include "channelmap/write.hpp"

namespace channelmap {

namespace {
std::string num(double v, int precision = 5) {
  if (!std::isfinite(v)) return "";
  std::ostringstream os;
  os << std::fixed << std::setprecision(precision) << v;
  return os.str();
}
std::string integer(long v) {
  return std::to_string(v);
}
std::string offset_text(const Offset& o) {
  return std::to_string(o[0]) + " " + std::to_string(o[1]) + " " + std::to_string(o[2]);
}
// The widest hop (first of group 0), or null.
const Hop* best_hop(const Report& r) {
  return r.mobile.hops.empty() ? nullptr : &r.mobile.hops[0];
}
double ratio(double a, double b) {
  return b > 0 ? a / b : std::nan("");
}

std::string join_ints(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : " ") + std::to_string(x);
  return s;
}
}  // namespace

const std::vector<Column<Report>>& descriptor_columns() {
  using R = const Report&;
  static const std::vector<Column<Report>> cols = {
      {"file", "input file", [](R r) { return r.crystal.file; }},
      {"block", "CIF data block (empty for POSCAR)", [](R r) { return r.crystal.block; }},
      {"formula", "reduced formula of the cell contents",
       [](R r) { return r.crystal.reduced_formula(); }},
      {"spacegroup_number", "International Tables number from spglib (empty if spglib failed)",
       [](R r) { return r.symmetry ? integer(r.symmetry->number) : std::string(); }},
      {"spacegroup_symbol", "Hermann-Mauguin symbol from spglib",
       [](R r) { return r.symmetry ? r.symmetry->symbol : std::string(); }},
      {"n_atoms", "atom positions in the cell",
       [](R r) { return integer(static_cast<long>(r.crystal.sites.size())); }},
      {"disordered", "1 when some position has partial or mixed occupancy, else 0",
       [](R r) { return integer(r.crystal.is_disordered()); }},
      {"volume_A3", "cell volume (A^3)", [](R r) { return num(r.bulk.volume_A3, 4); }},
      {"density_g_cm3", "density (g/cm^3)", [](R r) { return num(r.bulk.density_g_cm3, 4); }},
      {"packing_fraction", "framework sphere volume / cell volume (overlaps not subtracted)",
       [](R r) { return num(r.bulk.packing_fraction, 4); }},
      {"mobile_element", "the mobile ion (removed from the framework)",
       [](R r) { return r.mobile_element; }},
      {"mobile_radius_A", "Shannon CN-6 ionic radius of the mobile ion (A)",
       [](R r) { return num(r.mobile_radius_A, 3); }},
      {"n_mobile_sites", "mobile-ion sites in the cell",
       [](R r) { return integer(r.bulk.n_mobile_sites); }},
      {"n_distinct_mobile_sites", "symmetry-distinct mobile-ion sites",
       [](R r) { return integer(r.bulk.n_distinct_mobile_sites); }},
      {"di_A", "largest included sphere diameter (A)", [](R r) { return num(r.percolation.di_A); }},
      {"df_A", "largest free sphere diameter (A)", [](R r) { return num(r.percolation.df_A); }},
      {"dif_A", "largest included sphere reachable along the free-sphere path, diameter (A)",
       [](R r) { return num(r.percolation.dif_A); }},
      {"dif_min_A",
       "smallest included sphere along a free-sphere path, diameter (A); below dif_A when "
       "several widest paths pass included spheres of different sizes",
       [](R r) { return num(r.percolation.dif_range_A[0]); }},
      {"rf_1d_A", "largest probe radius with a network channel percolating in >= 1 dimension (A)",
       [](R r) { return num(r.percolation.rf_A[0]); }},
      {"rf_2d_A", "the same for >= 2 dimensions (A)",
       [](R r) { return num(r.percolation.rf_A[1]); }},
      {"rf_3d_A", "the same for 3 dimensions (A)", [](R r) { return num(r.percolation.rf_A[2]); }},
      {"rmob_1d_A",
       "largest probe radius joining mobile sites to their images in >= 1 dimension (A)",
       [](R r) { return num(r.mobile.rmob_A[0]); }},
      {"rmob_2d_A", "the same for >= 2 dimensions (A)",
       [](R r) { return num(r.mobile.rmob_A[1]); }},
      {"rmob_3d_A", "the same for 3 dimensions (A)", [](R r) { return num(r.mobile.rmob_A[2]); }},
      {"rmob_1d_ratio", "rmob_1d_A / mobile_radius_A (dimensionless)",
       [](R r) { return num(ratio(r.mobile.rmob_A[0], r.mobile_radius_A), 4); }},
      {"rmob_a_A", "largest probe radius joining mobile sites to images displaced along a (A)",
       [](R r) { return num(r.mobile.rmob_axis_A[0]); }},
      {"rmob_b_A", "the same along b (A)", [](R r) { return num(r.mobile.rmob_axis_A[1]); }},
      {"rmob_c_A", "the same along c (A)", [](R r) { return num(r.mobile.rmob_axis_A[2]); }},
      {"oxidation_source",
       "where oxidation states came from: cif, bond-valence, default or unassigned",
       [](R r) { return oxidation_source(r); }},
      {"mobile_site_cn", "anion coordination number of the mobile site the widest hop starts from",
       [](R r) {
         int s = mobile_site_of_interest(r);
         return s >= 0 ? integer(r.environments[s].cn) : std::string();
       }},
      {"mobile_site_polyhedron", "its best-matching polyhedron (ChemEnv symbol, e.g. T:4, O:6)",
       [](R r) {
         int s = mobile_site_of_interest(r);
         return s >= 0 ? r.environments[s].polyhedron : std::string();
       }},
      {"mobile_site_csm", "continuous shape measure of that polyhedron (0 = ideal)",
       [](R r) {
         int s = mobile_site_of_interest(r);
         return s >= 0 && !r.environments[s].polyhedron.empty() ? num(r.environments[s].csm, 3)
                                                                : std::string();
       }},
      {"mobile_site_bvs_vu", "bond valence sum of that site (valence units)",
       [](R r) {
         int s = mobile_site_of_interest(r);
         return s >= 0 ? num(r.bvs[s], 3) : std::string();
       }},
      {"n_hops", "hops between mobile sites in the cell",
       [](R r) { return integer(static_cast<long>(r.mobile.hops.size())); }},
      {"n_distinct_hops", "symmetry-distinct hops", [](R r) { return integer(r.mobile.n_groups); }},
      {"best_hop_bottleneck_A", "bottleneck radius of the widest hop (A)",
       [](R r) {
         const Hop* h = best_hop(r);
         return h ? num(h->bottleneck_A) : std::string();
       }},
      {"best_hop_distance_A", "site-to-site distance of the widest hop (A)",
       [](R r) {
         const Hop* h = best_hop(r);
         return h ? num(h->distance_A, 4) : std::string();
       }},
      {"best_hop_path_length_A", "length along the network of the widest hop (A)",
       [](R r) {
         const Hop* h = best_hop(r);
         return h ? num(h->path_length_A, 4) : std::string();
       }},
      {"best_hop_bottleneck_cn",
       "anions coordinating the mobile ion at the widest hop's bottleneck",
       [](R r) {
         return r.hop_bottleneck_cn.empty() ? std::string() : integer(r.hop_bottleneck_cn[0]);
       }},
      {"best_hop_cn_change",
       "widest hop's intermediate-site CN minus site CN (Rong et al. 2015; tet -> oct = +2)",
       [](R r) { return num(hop_cn_change(r, 0), 0); }},
      {"n_anions", "anion atoms in the cell (occupancy-weighted)",
       [](R r) { return num(r.bulk.n_anions, 3); }},
      {"volume_per_anion_A3", "cell volume / anion atoms (A^3)",
       [](R r) { return num(r.bulk.volume_per_anion_A3, 4); }},
      {"n_polyanions", "polyanion groups (PO4, SiO4, BH4, ...) in the cell",
       [](R r) { return integer(r.bulk.n_polyanions); }},
      {"volume_per_anion_unit_A3", "cell volume / anion units, a polyanion counting once (A^3)",
       [](R r) { return num(r.bulk.volume_per_anion_unit_A3, 4); }},
      {"shortest_mobile_mobile_A",
       "shortest distance between two mobile sites, images included (A)",
       [](R r) { return num(r.bulk.shortest_mobile_mobile_A, 4); }},
      {"shortest_mobile_cation_A", "shortest distance from a mobile site to a framework cation (A)",
       [](R r) { return num(r.bulk.shortest_mobile_cation_A, 4); }},
  };
  return cols;
}

const std::vector<Column<Report>>& screen_columns() {
  using R = const Report&;
  static const std::vector<Column<Report>> cols = [] {
    std::vector<Column<Report>> c = {
        {"file", "input file", [](R r) { return r.crystal.file; }},
        {"block", "CIF data block (empty for POSCAR)", [](R r) { return r.crystal.block; }},
        {"score", "ranking score in [0, 1], the sum of the score_* terms (docs/ranking.md)",
         [](R r) { return num(score_structure(r).total, 4); }},
        {"score_calibrated", "1 when the score is calibrated for this mobile ion (Mg only)",
         [](R r) { return integer(score_structure(r).calibrated_for_mobile); }},
    };
    static std::vector<std::string> names, docs;
    for (int t = 0; t < rank::n_terms; ++t) {
      names.push_back(std::string("score_") + rank::term_specs[t].name);
      docs.push_back(std::string("contribution of the ") + rank::term_specs[t].name +
                     " term (weight x value in [0, 1])");
    }
    for (int t = 0; t < rank::n_terms; ++t)
      c.push_back({names[t].c_str(), docs[t].c_str(),
                   [t](R r) { return num(score_structure(r).terms[t].contribution, 4); }});
    const auto& d = descriptor_columns();
    c.insert(c.end(), d.begin() + 2, d.end());  // without file and block
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
      {"file", "input file", [](R x) { return x.r.crystal.file; }},
      {"block", "CIF data block", [](R x) { return x.r.crystal.block; }},
      {"site", "index of the position in the cell (0-based)", [](R x) { return integer(x.site); }},
      {"label", "CIF label of the first species",
       [](R x) { return x.r.crystal.sites[x.site].label(); }},
      {"elements", "species at the position, space-separated",
       [species_join](R x) { return species_join(x, [](const Species& s) { return s.element; }); }},
      {"occupancies", "their occupancies, space-separated",
       [species_join](R x) {
         return species_join(x, [](const Species& s) { return num(s.occupancy, 4); });
       }},
      {"oxidation_states", "oxidation states given by the input, space-separated (empty if none)",
       [species_join](R x) {
         return species_join(x, [](const Species& s) {
           return s.oxidation ? std::to_string(*s.oxidation) : std::string("?");
         });
       }},
      {"wyckoff", "Wyckoff letter from spglib",
       [](R x) {
         return x.r.symmetry ? std::string(1, x.r.symmetry->wyckoff[x.site]) : std::string();
       }},
      {"site_class", "symmetry class of the position (0-based)",
       [](R x) {
         return x.r.symmetry ? integer(x.r.symmetry->site_class[x.site]) : std::string();
       }},
      {"frac_x", "fractional coordinate x",
       [](R x) { return num(x.r.crystal.sites[x.site].frac.x, 6); }},
      {"frac_y", "fractional coordinate y",
       [](R x) { return num(x.r.crystal.sites[x.site].frac.y, 6); }},
      {"frac_z", "fractional coordinate z",
       [](R x) { return num(x.r.crystal.sites[x.site].frac.z, 6); }},
      {"mobile", "1 when the position holds the mobile ion",
       [](R x) {
         return integer(!x.r.mobile_element.empty() &&
                        x.r.crystal.sites[x.site].has_element(x.r.mobile_element));
       }},
      {"sphere_radius_A", "radius of the framework sphere at the position (A; empty if none)",
       [](R x) {
         for (const Sphere& s : x.r.framework.spheres)
           if (s.site == x.site) return num(s.radius_A, 4);
         return std::string();
       }},
      {"anion", "1 when the framework sphere is an anion",
       [](R x) {
         for (const Sphere& s : x.r.framework.spheres)
           if (s.site == x.site) return integer(s.anion);
         return std::string();
       }},
      {"oxidation_state", "oxidation state of the first species used for radii (0: unknown)",
       [](R x) { return integer(x.r.states[x.site][0]); }},
      {"cn",
       "coordination number: anion neighbours of a cation, cation neighbours of an anion "
       "(Voronoi solid angle > 0.5 of the largest)",
       [](R x) { return integer(x.r.environments[x.site].cn); }},
      {"econ", "effective coordination number (Hoppe 1979)",
       [](R x) { return num(x.r.environments[x.site].econ, 3); }},
      {"polyhedron", "best-matching ideal polyhedron (ChemEnv symbol)",
       [](R x) { return x.r.environments[x.site].polyhedron; }},
      {"csm", "its continuous shape measure (0 = ideal)",
       [](R x) {
         return x.r.environments[x.site].polyhedron.empty() ? std::string()
                                                            : num(x.r.environments[x.site].csm, 3);
       }},
      {"bvs_vu", "cations: bond valence sum (Brown & Altermatt / Brese & O'Keeffe, valence units)",
       [](R x) { return num(x.r.bvs[x.site], 3); }},
      {"bvs_deviation_vu", "cations: bond valence sum minus the oxidation state",
       [](R x) { return num(x.r.bvs[x.site] - x.r.states[x.site][0], 3); }},
      {"radius_source", "where the sphere radius of the first species came from (see README)",
       [](R x) { return x.r.radii[x.site][0].source; }},
      {"node_distance_A", "mobile sites: distance to the nearest network node (A)",
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
      {"file", "input file", [](R x) { return x.r.crystal.file; }},
      {"block", "CIF data block", [](R x) { return x.r.crystal.block; }},
      {"hop_group", "symmetry-distinct hop class, 0 = widest",
       [hop](R x) { return integer(hop(x).group); }},
      {"from_label", "label of the start site",
       [hop](R x) { return x.r.mobile.sites[hop(x).from].label; }},
      {"from_site", "index of the start site in the cell",
       [hop](R x) { return integer(x.r.mobile.sites[hop(x).from].site); }},
      {"to_label", "label of the end site ('(vacant)': an empty position equivalent to it)",
       [hop](R x) { return x.r.mobile.end_site(hop(x)).label; }},
      {"to_site",
       "index of the end site in the cell (of a vacant end: the site it is equivalent to)",
       [hop](R x) { return integer(x.r.mobile.end_site(hop(x)).site); }},
      {"to_offset", "lattice translation of the end site, 'i j k'",
       [hop](R x) { return offset_text(hop(x).offset); }},
      {"distance_A", "straight-line distance between the sites (A)",
       [hop](R x) { return num(hop(x).distance_A, 4); }},
      {"path_length_A", "length of the path along the network (A)",
       [hop](R x) { return num(hop(x).path_length_A, 4); }},
      {"bottleneck_A", "smallest clearance along the path (A)",
       [hop](R x) { return num(hop(x).bottleneck_A); }},
      {"bottleneck_cn", "window CN: anions coordinating the mobile ion at the bottleneck point",
       [](R x) { return integer(x.r.hop_bottleneck_cn[x.hop]); }},
      {"node_cn", "anions coordinating the mobile ion at each node along the path, space-separated",
       [](R x) { return join_ints(x.r.hop_node_cn[x.hop]); }},
      {"site_cn", "anion CN of the start site (Voronoi)",
       [](R x) {
         int cn = hop_site_cn(x.r, x.hop);
         return cn < 0 ? std::string() : integer(cn);
       }},
      {"intermediate_cn", "anion CN of the intermediate site (Voronoi, mobile ions removed)",
       [](R x) {
         int k = x.r.hop_intermediate[x.hop];
         return k < 0 ? std::string() : integer(x.r.hop_intermediate_env[x.hop].cn);
       }},
      {"intermediate_polyhedron", "ChemEnv symbol of the intermediate site's polyhedron",
       [](R x) { return x.r.hop_intermediate_env[x.hop].polyhedron; }},
      {"cn_change", "intermediate-site CN minus site CN (Rong et al. 2015; tet -> oct = +2)",
       [](R x) { return num(hop_cn_change(x.r, x.hop), 0); }},
      {"n_nodes", "network nodes on the path",
       [hop](R x) { return integer(static_cast<long>(hop(x).nodes.size())); }},
      {"node_radii_A", "clearance of each node along the path, space-separated (A)",
       [hop](R x) {
         std::string s;
         for (int n : hop(x).nodes)
           s += (s.empty() ? "" : " ") + num(x.r.network.nodes[n].radius_A, 4);
         return s;
       }},
  };
  return cols;
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
     << "Units are in the column names (`_A`: angstrom, `_A3`: cubic angstrom, `_g_cm3`: g/cm^3).\n"
     << "A missing value is an empty cell, never a magic number.\n";
  auto table = [&](const char* title, const auto& cols) {
    os << "\n## " << title << "\n\n| column | meaning |\n|---|---|\n";
    for (const auto& c : cols) os << "| `" << c.name << "` | " << c.description << " |\n";
  };
  table("Descriptors (`describe`, one row per structure)", descriptor_columns());
  table("Screen (`screen -o OUT.csv`, one row per structure; OUT.ranked.csv adds `rank` first)",
        screen_columns());
  table("Sites (`describe --sites FILE`, one row per position)", site_columns());
  table("Hops (`describe --hops FILE`, one row per hop)", hop_columns());
}

}  // namespace channelmap
