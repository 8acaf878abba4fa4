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
// Largest number of atoms in the full cell channelmap accepts (a "huge cell" guard). The largest
// real cell of ../shared/structures is MIL-101 with 14,416 atoms (30 s without the energy); 40,000
// atoms kept spglib alone busy for over 120 s.
constexpr int max_atoms_in_cell = 20000;
// Most cell volume per atom position accepted (A^3). Dense oxides have 10-20, zeolites 20-30,
// the most open frameworks of ../shared/structures 78-125 (MOF-210, COF-108, an SQS cell); a
// point lattice of one atom in a 10 A cube (a test geometry) has 1000. Far emptier cells are a
// molecule or slab in a box, and their analysis grows with the empty volume (8 atoms in a
// 999 x 4 x 999 A cell took 105 s; at 1000 A^3 an atom it takes 5 s).
constexpr double max_volume_per_atom_A3 = 1500.0;
// Smallest cell volume accepted (A^3); smaller means a missing or broken cell.
constexpr double min_cell_volume_A3 = 1.0;
// Longest cell edge accepted (A). The largest crystal cells analysed for channels (MOFs such as
// MIL-101, a = 89 A; zeolite supercells) stay well below it; longer edges are slabs, molecules
// in a box or broken numbers (c = 1e9 A ran without end).
constexpr double max_cell_length_A = 1000.0;
// Smallest distance between adjacent lattice planes accepted (A): below it atoms overlap their
// own periodic images (the shortest lattice vector is at least this long only if every plane
// spacing is; real cells have spacings above 2 A).
constexpr double min_plane_spacing_A = 0.5;
// Largest input file accepted, after gzip decompression (bytes). A CIF of the largest cell
// accepted (max_atoms_in_cell atoms, ~80 bytes a line) is about 4 MB.
constexpr long long max_input_bytes = 256LL << 20;
// An occupancy up to this is rounding in the file and is taken as 1 with a warning; above it
// the value is not a fraction at all (iRASPA's zeolite CIFs have 1.3, 1.8, 4 on water and
// template atoms), and it is taken as 1 with a stronger warning, as Zeo++ (which ignores
// occupancies) reads it (dimensionless). Real files also have 1.034 and 1.125. With --strict an
// occupancy above max_total_occupancy is refused.
constexpr double lenient_max_occupancy = 1.15;
// Largest oxidation number taken from a file (_atom_type_oxidation_number); larger is broken.
constexpr int max_oxidation_number = 8;
// Power-diagram vertices closer than this are one network node, placed at the vertex with the
// smallest clearance (A). Symmetric lattices give coincident vertices that rounding scatters by
// far less than this.
constexpr double node_merge_A = 1e-3;
// A network node with two edges that lies this close to the segment joining its two neighbours
// sits on that edge and is spliced out (A); such nodes come from flat cells split by rounding.
constexpr double collinear_node_A = 1e-6;
// Zeo++ merges vertices within 0.02 A (per coordinate) and keeps the smaller radius; with
// --zeopp this value is used instead, so that Di/Df/Dif reproduce Zeo++'s (A). It can put Di
// below the true largest included sphere (by 0.02 A on V2O3).
constexpr double zeopp_node_merge_A = 0.02;
// Exact nodes (NetworkOptions::exact_nodes): the point equally clear of a vertex's four spheres
// is the node unless another sphere comes closer to it by more than this (A); then the node is
// the local maximum of the clearance reached from the vertex. Above the 6e-8 A by which the
// snapped image positions (next entry) move a circumcentre's distances.
constexpr double exact_node_cover_A = 1e-6;
// Saddle edges (NetworkOptions::window_saddles): a saddle of three spheres gets an edge only
// when the network does not already connect its two sides at its value less this (A). The
// power-diagram routes reach a saddle they pass within about 5e-8 A (the snapped image
// positions); this keeps those edges as they are.
constexpr double saddle_tie_A = 1e-7;
// Edge bottlenecks that agree within this are the same width (A). Atom positions are snapped to
// multiples of 2^-24 A (6e-8 A) so that periodic images are exact translates, which scatters the
// bottlenecks of symmetry-equivalent edges by up to about 2e-8 A; 1e-6 A is well above that and
// far below anything physical. Used where Df/2 decides which paths are the widest (Dif, its range,
// the axis that gives Df).
constexpr double bottleneck_tie_A = 1e-6;
// Default spglib symmetry tolerance (A).
constexpr double default_symprec_A = 0.01;
// From this many sites on, spglib is given the smaller cell of a supercell (symmetry.hpp,
// SpglibCell::Auto; issue #10: 1.9 -> 0.24 s on MIL-101's 14,416 sites). Below it the whole
// cell, whose time (spglib compares every pair of sites) is then a few milliseconds.
constexpr int symmetry_reduce_sites = 1000;
// Largest symmetry tolerance accepted (A): beyond it different atoms would be "equivalent".
constexpr double max_symprec_A = 1.0;
// The channel probe when there is no mobile ion and no --probe (A): Mg2+'s Shannon radius at
// CN 6, the ion channelmap is built for (with a mobile ion, the probe is its radius).
constexpr double default_probe_A = 0.72;
// Largest probe or uniform radius accepted (A): a sphere of 50 A fits no crystal's channels.
constexpr double max_probe_A = 50.0;
// Margin of the test that a vertex of the padded triangulation is one of the periodic power
// diagram: every point that could conflict with its orthosphere (within sqrt(R^2 + largest
// weight)) must lie this much inside the padded region (A). Only rounding needs it (about
// 1e-11 A); 1 A until 2026-12-04 (issue #10: the padding and the triangulation 1 A wider
// around the cell than needed).
constexpr double image_margin_A = 0.1;
// First image padding of the network, in mean interatomic spacings (plus the largest sphere
// diameter and image_margin_A); larger voids widen it (build_network). Speed only: the network
// does not depend on it. 1.2 until 2026-12-04, 1.0 until 2026-12-05.
constexpr double image_padding_spacings = 0.5;
// The most one retry widens the network's image padding (times), whatever the failed attempt's
// vertices seemed to need (a thin attempt's spurious vertices overstate it). 4 until
// 2026-12-05.
constexpr double padding_growth = 2.0;
// From this many framework spheres on, a framework that is a supercell of a smaller cell has its
// network built in the smaller cell and carried over by the pure translations
// (NetworkOptions::smaller_cell, docs/geometry.md "Supercells"; issue #10).
constexpr int network_reduce_spheres = 1000;
// A translation of the framework counts for that when it takes every sphere to within this of a
// sphere of the same radius (A). The network is then exact for the framework whose spheres sit
// at their class representative's translates: moved by at most this, so that every clearance,
// node radius and bottleneck is within it of the input's (the clearance is 1-Lipschitz in the
// sphere positions).
constexpr double network_centring_A = 1e-3;
// A polyanion centre (P, Si, B, S, ...) binds the anions closer than this (A): P-O 1.53,
// Si-O 1.62, S-O 1.47, B-H 1.2, C-O 1.28 A; metal-oxygen bonds are longer than 1.85 A.
constexpr double polyanion_bond_A = 1.80;
// Along a path, an anion coordinates the mobile ion at a point when its distance is at most the
// point's clearance + the anion radius + this (A): bond lengths in distorted polyhedra scatter by
// about +-0.2 A around the radius sum, while the next anion shell is >= 0.5 A farther.
constexpr double path_coordination_A = 0.3;
// The network export (--export-network) leaves out a dummy atom closer than this to a framework
// atom or to a dummy atom written before it (A): the same distance as overlap_distance_A, so
// the file reads back through channelmap's own reader, and pymatgen's CifParser (which merges
// positions within 1e-4 fractional and sums their occupancies) and ASE see no overlapping atoms.
constexpr double export_min_separation_A = 0.5;
// --- mobile-ion sites and hops ---
// A position is a mobile site when the mobile ion's occupancy there is at least this times the
// occupancy of every other species on it (dimensionless): the mobile ion is the majority (ties
// count as mobile). A position where it is a minority (e.g. 7.5 % Mg on the Al site of a
// spinel) is a framework position.
constexpr double mobile_site_min_share = 1.0;
// Symmetry tolerance for the host framework (mobile ion removed) whose operations give the
// vacant positions equivalent to the occupied mobile sites (A). Looser than default_symprec_A:
// dilute NEB cells relax the host around the one ion by a few hundredths of an angstrom.
constexpr double host_symprec_A = 0.1;
// The same for a cell holding a single mobile site when host_symprec_A finds no vacant
// equivalent (A): some NEB endpoint cells relax the host by 0.1-0.5 A around the one ion (the
// Ti2S4 spinel cell of the barrier set is R-3m at 0.1-0.3 A, Fd-3m at 0.5 A). Not used for
// cells with several mobile sites, where it would invent equivalences (0.5 A is a quarter of a
// cation-anion bond).
constexpr double host_symprec_single_site_A = 0.5;
// Equivalent positions closer than this are the same site (A); also the distance within which
// a symmetry image of a mobile site is the occupied site itself. Half the shortest Mg-Mg
// distance of any sane structure (about 2.8 A) is far above it.
constexpr double equivalent_site_merge_A = 0.5;
// Network nodes within this distance of a mobile site belong to the site's own cavity (CAVD's
// "rediscovery" distance), never to the intermediate site of a hop (A).
constexpr double site_cavity_A = 0.5;
// A hop joins a site to candidate sites (occupied or vacant) at most this many times farther
// than the nearer of the two sites' nearest candidate (dimensionless): nearest and
// next-nearest neighbour shells of the common structure types (spinel 8a-8a, olivine M1-M1
// and M1-M2, rock salt), not the third shell.
constexpr double hop_shell_factor = 1.6;
// A hop's path along the network (site-node links included) is at most this many times the
// straight distance between its sites (dimensionless); longer paths are detours through other
// cavities. Curved elementary hops stay below it: rock salt oct -> tet -> oct 1.22, forsterite
// M1 -> M1 1.28-1.35, M1 -> M2 1.22-1.33; of the 1222 widest paths the old search found on the
// 96 structures of mg_barrier_set, 885 were below 1.5 and 337 above (up to 8.1).
constexpr double hop_detour_factor = 1.5;
// Networks with more nodes than this get node coordination environments only on Mg hops (each
// costs a Voronoi cell and a shape search, about 2 ms).
constexpr int max_nodes_with_environment = 3000;
// --- applicability of the barrier model and the ranking (applicability.hpp) ---
// The ranking score is 1 / (1 + Em / this), Em the predicted barrier (eV): 0.5 at 0.65 eV, the
// line the barrier data's authors use to call a path fast (Devi et al., arXiv 2508.06459).
constexpr double rank_half_score_em_eV = 0.65;
// C-C, C-H and N-H pairs closer than this are covalent bonds of an organic or molecular
// framework (A): C-C 1.20-1.54, C-H 1.09, N-H 1.01 A; the shortest non-bonded contacts are
// beyond 2 A.
constexpr double organic_bond_A = 1.65;
// A structure whose C and H atoms make up at least this share of its atoms, with C-C or C-H
// bonds, looks organic: Shannon's radii then warn to use --radii-set vdw (dimensionless).
// Metal-organic frameworks are far above it (Mg-MOF-74 Mg2(C8H2O6): 56 %, ZIF-8: 78 %);
// carbonates (no C-C or C-H bond), oxalates (C 2 of 7 atoms in MgC2O4) and hydrates (O-H
// bonds only) stay out.
constexpr double organic_atom_share = 1.0 / 3.0;
// Densities outside this range are implausible for an inorganic ionic conductor host (g/cm^3):
// the NEB cells of the calibration data (barrier_paths, 501 of 504 read) span 1.76-7.27 g/cm^3;
// below 1 g/cm^3 is an open framework or a broken cell, above 12 g/cm^3 a
// cell whose atoms overlap or whose length unit is wrong.
constexpr double min_plausible_density_g_cm3 = 1.0;
constexpr double max_plausible_density_g_cm3 = 12.0;
// The CIF formula check (sites vs _chemical_formula_sum x Z) allows this relative deviation.
constexpr double formula_count_rel_tol = 0.02;

// --- chemistry: radii, bond valence, oxidation states ---
// Bond-valence softness parameter b of Brown & Altermatt (1985) and Brese & O'Keeffe (1991) (A).
constexpr double bv_b_A = 0.37;
// A cation-anion pair counts as a bond up to R0 + this (A); a bond that long has valence
// exp(-1.5/0.37) = 0.017 v.u., below the precision of the method.
constexpr double bv_cutoff_margin_A = 1.5;
// A cation-anion pair with no bond-valence parameters closer than this makes the bond valence
// sums of both sites incomplete (A); about the longest first-shell bond in chalcogenides.
constexpr double bv_missing_pair_A = 3.5;
// Radius reported when Shannon (1976) lists nothing for an element in an oxidation state (A):
// the middle of Shannon's range of cation (0.1-1.9 A) and anion (1.3-2.2 A) radii.
constexpr double default_ionic_radius_A = 1.0;
// The exhaustive oxidation-state search evaluates at most this many combinations of states over
// the distinct sites (pymatgen's BVAnalyzer uses the same number, max_permutations); larger
// searches go to the charge dynamic programme (see assign_oxidation_states).
constexpr long max_oxidation_combinations = 100000;
// The charge dynamic programme explores at most this many (site group x charge) cells.
constexpr long max_oxidation_dp_cells = 50000000;
// When an element is given two states, bond valence sums that separate the two groups of
// sites by less than this do not tell which sites carry which state (v.u.); a note says so.
constexpr double mixed_valence_margin_vu = 0.1;
// A written partial occupancy is taken as uncertain by this much when testing charge neutrality
// (dimensionless); fully occupied sites contribute no uncertainty.
constexpr double occupancy_uncertainty = 1e-3;

// --- environment: Voronoi neighbours, ECoN, shape measures ---
// First radius (A) within which atoms are offered to the Voronoi cell; it is doubled until the
// cell is closed and every vertex is within half of it (then no farther atom can cut the cell).
constexpr double voronoi_cutoff_A = 8.0;
// Radius (A) of the first shell of candidates a Voronoi cell gathers; more shells follow until the
// cell closes or the cutoff is reached. Speed only: the cell does not depend on it.
constexpr double voronoi_first_shell_A = 5.0;
// Periodic images closer than this to the centre are the centre itself and are skipped (A).
constexpr double voronoi_self_A = 1e-3;
// A cell vertex within this distance of a cutting plane lies on it (A); only rounding error.
constexpr double voronoi_plane_A = 1e-9;
// Default weight threshold of voronoi_neighbors: a face counts when its solid angle exceeds
// this fraction of the largest one (dimensionless). pymatgen's VoronoiNN defaults to tol=0
// (every face, not a chemical CN); 0.5 -- at least half the largest face -- reproduces
// VoronoiNN(tol=0.5) exactly and CrystalNN's CN on 415 of 424 cation sites of
// tests/data/pymatgen_coordination.csv. Capping atoms at 0.42-0.46 fall just below it.
constexpr double voronoi_min_weight = 0.5;
// ECoN's mean bond length is iterated until it changes by less than this (A).
constexpr double econ_convergence_A = 1e-10;
// Largest coordination number for which an exhaustive CSM search is accepted (8! permutations).
constexpr int csm_exhaustive_max_cn = 8;

// --- energy: bond-valence site energy (softBV), docs/energy.md ---
// Framework atoms farther than this from the mobile ion do not enter its energy (A); BVlain's
// default r_cut (its 100-nearest-neighbour cap reaches about 6.6 A in LiFePO4; the terms beyond
// change energy differences by < 0.01 eV).
constexpr double bvse_cutoff_A = 10.0;
// Symmetry tolerance of the energy grid's operations (A): the space group of the field's atoms
// (told apart by their terms) found within this maps grid points onto grid points of the same
// energy, computed once per orbit (energy_grid()). Tight, so that an operation moves no atom by
// more than this: the energies copied differ from computed ones by at most |grad E| times it.
constexpr double bvse_grid_symprec_A = 1e-7;
// Default grid spacing of the energy landscape (A): BVlain's default resolution; E_kD change by
// < 0.03 eV from 0.2 to 0.15 A on the test cells (docs/energy.md).
constexpr double bvse_grid_A = 0.2;
// Coordination number at which the Shannon radii of the path framework (clearance and anion
// coordination along energy paths) and of the host descriptors are taken: CN 6, the reference
// of Shannon's table, so that `channelmap path` and a Report's hops use one definition.
constexpr int bvse_path_radius_cn = 6;
// A Report computes minimum-energy paths (BVSE barrier, descriptors, predicted barrier) for at
// most this many symmetry-distinct hops, the shortest first (count): a path costs 0.1-2 s, and
// low-symmetry NEB supercells have up to 60 distinct hops (60 s). The others are left empty and
// a warning says so.
constexpr int max_energy_hop_paths = 16;
// Screening factor f of the cation-cation Coulomb term, erfc(R / (f (r_A + r_B))) (Chen, Wong &
// Adams 2019) (dimensionless).
constexpr double bvse_screening_factor = 0.74;
// Factor on the softBV Morse term: BVlain's BVSEPotential.Morse returns D0[...] / 2, and its
// published LiFePO4 percolation energies (the check in tests/unit/test_energy.cpp) need it
// (dimensionless; docs/energy.md).
constexpr double bvse_morse_factor = 0.5;
// Coulomb constant e^2 / (4 pi eps0) (eV A), as in softBV and BVlain.
constexpr double coulomb_eV_A = 14.40;
// A Morse or screened Coulomb term is dropped beyond the distance at which it falls below this
// (eV): the Morse tail of Li-O then stops at 7.9 A; the dropped tail changes energy differences
// by < 1e-3 eV and halves the cost of the grid.
constexpr double bvse_negligible_eV = 1e-5;
// energy_grid() tabulates each term as a cubic Hermite spline in R with knots this far apart
// (A), from bvse_table_start_A to the term's reach; closer than the start it computes the term
// exactly. Measured against the exact sum (tests/unit/test_energy.cpp, docs/energy.md): at most
// 1.2e-8 eV per grid point on the test cells, 800 times below bvse_negligible_eV, the size of
// every term left out.
constexpr double bvse_table_step_A = 0.005;
constexpr double bvse_table_start_A = 1.0;
// Distances below this are raised to it so the field stays finite on top of atoms (A).
constexpr double bvse_min_distance_A = 0.05;
// An atom of any element this close to a position declared mobile is the mobile ion (A).
constexpr double bvse_mobile_position_A = 0.5;
// Grid minima closer than this are one minimum (the lowest is kept) (A).
constexpr double bvse_minimum_merge_A = 0.5;
// A grid minimum this close to a mobile-ion site is that site, not an interstitial (A).
constexpr double bvse_site_match_A = 0.5;
// Images of the relaxed string along a minimum-energy path (ends included).
constexpr int bvse_string_images = 31;
// String-method iterations, and the largest move of an image per iteration (A).
constexpr int bvse_string_iterations = 400;
constexpr double bvse_string_max_step_A = 0.02;
// Step per unit force of the string method (A^2/eV).
constexpr double bvse_string_step_A2_per_eV = 0.01;
// Each end of a minimum-energy path may slide down the energy gradient by at most this (A): DFT
// (NEB) end positions are not minima of the BVSE field, and an end on a steep slope would make
// the barrier the slope rather than the hop.
constexpr double bvse_end_relax_A = 1.0;
// The relaxed string has an image at least every this much along the path (A), beyond
// bvse_string_images, up to bvse_string_max_images images.
constexpr double bvse_string_spacing_A = 0.25;
// The grid path of a hop is the shortest through points at most this much above the minimax
// saddle (eV). Symmetry-equivalent saddle points have equal energies up to rounding; without
// the margin the path had to pass through the one that rounding made lowest, and went round the
// cell (MgTi2O4 spinel: a 33 A path for a 3.7 A hop). 1e-6 eV is far above rounding and the
// tabulation error of the grid (1.2e-8 eV), far below any energy the tables report.
constexpr double bvse_saddle_tie_eV = 1e-6;
// The string method's images and the path profile gather the field's terms within the cutoff
// plus this distance once, and again when a point has moved this far (A): any larger value
// gives the same terms; smaller ones gather more often.
constexpr double bvse_local_skin_A = 1.0;
constexpr int bvse_string_max_images = 161;
// The energy profile between two images is sampled this many times to find its maximum.
constexpr int bvse_profile_subsamples = 8;

// --- formulas (pymatgen's Composition.reduced_formula, include/channelmap/formula.hpp) ---
// Element amounts (summed occupancies) within this of an integer are integers (atoms): three
// sites of occupancy 0.333 make one atom. (pymatgen uses 1e-8, for amounts it computed exactly.)
constexpr double formula_integer_amount = 1e-3;
// The two most electronegative elements of three or more form a polyanion group, written last
// in parentheses, when their Pauling electronegativities differ by less than this (pymatgen).
constexpr double formula_polyanion_electronegativity = 1.65;

// --- energy outputs (CLI --grid, --export-energy), docs/energy.md ---
// Smallest energy grid spacing the CLI accepts (A): at 0.02 A a 10 A cell already has 1.25e8
// points (1 GB of doubles); anything finer is a typo, not a wish.
constexpr double bvse_min_grid_A = 0.02;
// Most points an energy grid may have (3e7 points: 240 MB of doubles, about a minute). A
// 60 A cubic cell at the default 0.2 A spacing has 2.7e7; larger grids are refused (the
// structure is analysed without the energy, with the reason) rather than exhausting memory.
constexpr long long max_energy_grid_points = 30000000;
// Bohr radius (A), CODATA 2018, for Gaussian cube files (lengths in Bohr).
constexpr double bohr_A = 0.529177210903;

}  // namespace channelmap::tol
