// Every named constant of channelmap, with its unit and one sentence.
#pragma once

namespace channelmap::tol {

// Images of one CIF site closer than this are the same atom on a special position (A).
// Same value as gemmi's SmallStructure::get_all_unit_cell_sites.
constexpr double special_position_merge_A = 0.4;
// Atoms of different sites closer than this share one position (mixed/partial occupancy) (A).
constexpr double shared_position_A = 0.1;
// Two atoms closer than this whose occupancies add up to more than max_total_occupancy overlap (A).
constexpr double overlap_distance_A = 0.5;
// Largest total occupancy allowed for atoms sharing a position or overlapping (dimensionless).
constexpr double max_total_occupancy = 1.02;
// Occupancy at or below which a CIF site is treated as absent (dimensionless).
constexpr double zero_occupancy = 1e-6;
// A framework position is kept when its non-mobile occupancy reaches this (dimensionless).
constexpr double framework_min_occupancy = 0.5;
// Largest number of atoms in the full cell channelmap accepts (a "huge cell" guard).
constexpr int max_atoms_in_cell = 50000;
// Smallest cell volume accepted (A^3); smaller means a missing or broken cell.
constexpr double min_cell_volume_A3 = 1.0;
// Power-diagram vertices closer than this are one network node, placed at the vertex with the
// smallest clearance (A). Symmetric lattices give coincident vertices that rounding scatters by
// far less than this.
constexpr double node_merge_A = 1e-3;
// Zeo++ merges vertices within 0.02 A (per coordinate) and keeps the smaller radius; with
// --zeopp this value is used instead, so that Di/Df/Dif reproduce Zeo++'s (A). It can put Di
// below the true largest included sphere (by 0.02 A on V2O3).
constexpr double zeopp_node_merge_A = 0.02;
// Default spglib symmetry tolerance (A).
constexpr double default_symprec_A = 0.01;
// Extra margin when deciding which periodic images enter the triangulation (A).
constexpr double image_margin_A = 1.0;
// A polyanion centre (P, Si, B, S, ...) binds the anions closer than this (A): P-O 1.53,
// Si-O 1.62, S-O 1.47, B-H 1.2, C-O 1.28 A; metal-oxygen bonds are longer than 1.85 A.
constexpr double polyanion_bond_A = 1.80;
// Along a path, an anion coordinates the mobile ion at a point when its distance is at most the
// point's clearance + the anion radius + this (A): bond lengths in distorted polyhedra scatter by
// about +-0.2 A around the radius sum, while the next anion shell is >= 0.5 A farther.
constexpr double path_coordination_A = 0.3;
// Networks with more nodes than this get node coordination environments only on Mg hops (each
// costs a Voronoi cell and a shape search, about 2 ms).
constexpr int max_nodes_with_environment = 3000;
// The CIF formula check (sites vs _chemical_formula_sum x Z) allows this relative deviation.
constexpr double formula_count_rel_tol = 0.02;

}  // namespace channelmap::tol
