// Coordination environments of a point (a cation site or any point, e.g. a network node):
//  * Voronoi neighbours among periodic atoms, with face areas and solid angles, weighted as in
//    pymatgen's VoronoiNN (weight = solid angle / largest solid angle);
//  * the effective coordination number ECoN (Hoppe, Z. Kristallogr. 150, 23 (1979));
//  * the continuous shape measure CSM (Pinsky & Avnir, Inorg. Chem. 37, 5575 (1998)) of the
//    neighbour polyhedron against the reference polyhedra of pymatgen ChemEnv (Waroquiers et al.,
//    Acta Cryst. B 76, 683 (2020)), CN 2-12; the best match is reported (CSM 0 = ideal).
#pragma once
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "channelmap/crystal.hpp"
#include "channelmap/neighbors.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

// ---------------------------------------------------------------- Voronoi cell

struct VoronoiOptions {
  double cutoff_A = tol::voronoi_cutoff_A;  // first search radius (A), doubled as needed
  double self_A = tol::voronoi_self_A;      // images this close to the centre are skipped (A)
  // Radius of the first shell of candidates (A): speed only, the cell does not depend on it.
  double first_shell_A = tol::voronoi_first_shell_A;
};

// One face of a Voronoi cell: the atom image on the other side and the face's size.
struct VoronoiFace {
  int atom = -1;              // index of the point in the PeriodicIndex
  Offset offset{};            // lattice translation from the wrapped point to this image
  Position position;          // Cartesian position of the image (A)
  double distance_A = 0;      // from the centre (A)
  double area_A2 = 0;         // area of the face (A^2)
  double solid_angle_sr = 0;  // solid angle of the face seen from the centre (sr)
};

struct VoronoiCell {
  Position centre;
  std::vector<VoronoiFace> faces;  // every face, by increasing distance
  double volume_A3 = 0;
  double cutoff_A = 0;  // search radius finally needed (A)
};

// The Voronoi cell of `centre` among all periodic images of the points of `atoms`: a large box
// clipped by the bisector planes of the atoms within opt.cutoff_A, nearest first. The cutoff is
// doubled until the cell is closed and every vertex is within cutoff/2 of the centre, which
// proves that no atom farther away cuts it; it never needs to exceed a + b + c (the covering
// radius of one lattice of images is below (a + b + c) / 2). Faces of zero area (planes that
// only touch the cell at a vertex or edge) are not listed. Throws when `atoms` is empty.
VoronoiCell voronoi_cell(const PeriodicIndex& atoms, const Position& centre,
                         const VoronoiOptions& opt = {});

// Which points of the PeriodicIndex may count as neighbours (by point index).
using AtomFilter = std::function<bool(int atom)>;

struct Neighbor : VoronoiFace {
  double weight = 0;  // solid angle / largest solid angle among the candidate faces
};

// The faces of `cell` whose atoms pass `keep` (every face when `keep` is empty), weighted by
// solid angle / the largest solid angle among them, kept when weight > min_weight; by distance.
// Same rule as pymatgen's VoronoiNN(tol=min_weight, targets=..., weight="solid_angle"): the
// tessellation uses every atom, the filter only selects faces.
std::vector<Neighbor> voronoi_neighbors(const VoronoiCell& cell,
                                        double min_weight = tol::voronoi_min_weight,
                                        const AtomFilter& keep = {});

// ---------------------------------------------------------------- ECoN

struct EffectiveCoordination {
  double econ = 0;         // effective coordination number (dimensionless)
  double mean_bond_A = 0;  // Hoppe's weighted mean bond length l_av (A)
};

// ECoN = sum_i exp(1 - (l_i / l_av)^6), with l_av = sum_i l_i w_i / sum_i w_i,
// w_i = exp(1 - (l_i / l_av)^6), iterated from l_av = min(l_i) (Hoppe 1979, eqs. 1-2, with bond
// lengths in place of fictive ionic radii). Empty input gives {0, 0}.
EffectiveCoordination effective_coordination(const std::vector<double>& bond_lengths_A);

// ---------------------------------------------------------------- shapes

// An ideal coordination polyhedron: ligand positions around a central atom at the origin.
struct ReferenceShape {
  std::string symbol;  // ChemEnv symbol, e.g. "T:4", "O:6"
  std::string name;    // e.g. "Tetrahedron"
  int cn = 0;
  std::vector<Vec3> vertices;  // cn ligand positions (arbitrary units; the CSM ignores scale)
};

// The reference polyhedra, CN 2-12: every active geometry of pymatgen ChemEnv
// (coordination_geometries_files/*.json, pymatgen 2022.11.7) that has coordinates (58 shapes;
// S:10, H:10, CO:11 and S:12 have none there and are absent).
const std::vector<ReferenceShape>& reference_shapes();
// The shape with this ChemEnv symbol, or nullptr.
const ReferenceShape* find_reference_shape(const std::string& symbol);

enum class CsmSearch {
  Heuristic,   // Hungarian assignment + Kabsch rotation from many starts (any CN)
  Exhaustive,  // every permutation of the ligands (CN <= tol::csm_exhaustive_max_cn)
};

struct ShapeMatch {
  const ReferenceShape* shape = nullptr;
  double csm = std::numeric_limits<double>::infinity();  // 0 = ideal, at most 100
  std::vector<int> assignment;  // assignment[i]: reference vertex matched to ligand i
};

// CSM = 100 * min sum_k |q_k - p_k|^2 / sum_k |q_k - q0|^2 over permutations of the ligands,
// rotations, scale and translation of the reference points p; q0 is the centroid of the q. As in
// ChemEnv (and SHAPE's "with central atom" option), the point set is the central atom plus its
// ligands and the central atom is always matched to the reference centre: this distinguishes
// linear from angular (CN 2) and planar from pyramidal (CN 3) shapes, which ligands alone cannot.
// Rotations are proper; every reference shape is achiral, so mirror images give the same CSM.
// Throws when ligands.size() != shape.cn or (Exhaustive) the CN is too large.
ShapeMatch continuous_shape_measure(const Position& centre, const std::vector<Position>& ligands,
                                    const ReferenceShape& shape,
                                    CsmSearch search = CsmSearch::Heuristic);
// CSMs against every reference shape with CN = ligands.size(), best first (empty outside 2-12).
std::vector<ShapeMatch> shape_measures(const Position& centre,
                                       const std::vector<Position>& ligands);

// ---------------------------------------------------------------- all together

struct EnvironmentOptions {
  VoronoiOptions voronoi;
  double min_weight = tol::voronoi_min_weight;  // see voronoi_neighbors
  AtomFilter keep;    // candidate neighbours (e.g. anion_filter); every atom when empty
  bool shape = true;  // false: no shape measure (Environment::shape stays empty)
};

struct Environment {
  VoronoiCell cell;
  std::vector<Neighbor> neighbors;  // kept neighbours, by distance
  int cn = 0;                       // neighbors.size()
  EffectiveCoordination econ;       // over every candidate face (weights need no threshold)
  ShapeMatch shape;                 // best reference shape (shape == nullptr outside CN 2-12)
};

// The coordination environment of `centre`: Voronoi neighbours, ECoN of the bond lengths of all
// faces passing opt.keep, and (when opt.shape) the best-matching reference shape of the kept
// neighbours.
Environment coordination_environment(const PeriodicIndex& atoms, const Position& centre,
                                     const EnvironmentOptions& opt = {});

// Filter over the sites of `crystal` (point i of a PeriodicIndex built from crystal.sites in
// order): true for anion sites by the input's own states (is_anion_site(), chemistry.hpp).
AtomFilter anion_filter(const Crystal& crystal);
// PeriodicIndex over the sites of `crystal`, point i = crystal.sites[i].
PeriodicIndex site_index(const Crystal& crystal);

}  // namespace channelmap
