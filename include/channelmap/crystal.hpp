// Crystal: a periodic cell with sites. Fractional and Cartesian coordinates are
// distinct types; they convert only through Lattice (as gemmi's UnitCell does).
#pragma once
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace channelmap {

struct Vec3 {
  double x = 0, y = 0, z = 0;
  double operator[](int i) const { return i == 0 ? x : i == 1 ? y : z; }
  double& operator[](int i) { return i == 0 ? x : i == 1 ? y : z; }
  double dot(const Vec3& o) const { return x * o.x + y * o.y + z * o.z; }
  Vec3 cross(const Vec3& o) const {
    return {y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x};
  }
  double length_sq() const { return dot(*this); }
  double length() const { return std::sqrt(length_sq()); }
};

// A coordinate of one kind: Tag keeps fractional and Cartesian apart.
template <typename Tag>
struct Coord : Vec3 {
  Coord() = default;
  Coord(double x_, double y_, double z_) : Vec3{x_, y_, z_} {}
  explicit Coord(const Vec3& v) : Vec3(v) {}
  Coord operator+(const Coord& o) const { return Coord(x + o.x, y + o.y, z + o.z); }
  Coord operator-(const Coord& o) const { return Coord(x - o.x, y - o.y, z - o.z); }
  Coord operator*(double f) const { return Coord(x * f, y * f, z * f); }
  Coord& operator+=(const Coord& o) { return *this = *this + o; }
  Coord& operator-=(const Coord& o) { return *this = *this - o; }
};
struct FractionalTag {};
struct CartesianTag {};
using Fractional = Coord<FractionalTag>;  // in units of the cell vectors
using Position = Coord<CartesianTag>;     // Cartesian, in A

// Integer lattice translation (in cell vectors).
using Offset = std::array<int, 3>;

inline double distance(const Position& a, const Position& b) {
  return (a - b).length();
}

// Wraps every coordinate into [0, 1).
Fractional wrap(const Fractional& f);

// Cell parameters in A and degrees; a along x, b in the xy plane (gemmi/PDB convention).
class Lattice {
 public:
  Lattice() = default;
  Lattice(double a, double b, double c, double alpha, double beta, double gamma);
  // From three lattice vectors in Cartesian A (rows of `v`).
  static Lattice from_vectors(const std::array<Vec3, 3>& v);

  // Inline: the network's inner loops call these millions of times (issue #10).
  Position orthogonalize(const Fractional& f) const {
    Position p;
    for (int i = 0; i < 3; ++i) p[i] = f.x * vec_[0][i] + f.y * vec_[1][i] + f.z * vec_[2][i];
    return p;
  }
  Fractional fractionalize(const Position& p) const {
    return {rec_[0].dot(p), rec_[1].dot(p), rec_[2].dot(p)};
  }
  // Cartesian vector of the translation `o`.
  Position translation(const Offset& o) const {
    return orthogonalize(Fractional(o[0], o[1], o[2]));
  }
  const Vec3& vector(int i) const { return vec_[i]; }
  double volume() const { return volume_; }
  // Distance between adjacent lattice planes normal to reciprocal vector i (A).
  double plane_spacing(int i) const { return spacing_[i]; }
  double a() const { return par_[0]; }
  double b() const { return par_[1]; }
  double c() const { return par_[2]; }
  double alpha() const { return par_[3]; }
  double beta() const { return par_[4]; }
  double gamma() const { return par_[5]; }
  // Shortest distance between the two points under periodicity (A).
  double periodic_distance(const Fractional& a, const Fractional& b) const;
  // Euclidean distance (A) from the point at `f` to the unit cell, the parallelepiped of the
  // lattice vectors (0 inside it or on its surface).
  double distance_to_cell(const Fractional& f) const;

 private:
  void finish();
  std::array<Vec3, 3> vec_{};  // lattice vectors (Cartesian rows)
  std::array<Vec3, 3> rec_{};  // reciprocal vectors: rec_[i].dot(vec_[j]) = delta_ij
  std::array<double, 6> par_{};
  std::array<double, 3> spacing_{};
  double volume_ = 0;
};

// Fails (Error) on a cell no crystal has: a length above tol::max_cell_length_A, or lattice
// planes closer than tol::min_plane_spacing_A (a flat cell, whose atoms sit on their own images).
// The readers call it; the Lattice constructors already refuse non-finite or impossible values.
void check_cell(const Lattice& lattice);

// One chemical species at a position.
struct Species {
  std::string label;    // CIF label, e.g. "Mg1"
  std::string element;  // element symbol, e.g. "Mg"
  double occupancy = 1.0;
  std::optional<int> oxidation;  // when the input gives it
};

// A position in the cell and what occupies it (several species when mixed or partial).
struct Site {
  Fractional frac;  // in [0, 1)
  std::vector<Species> species;
  double total_occupancy() const;
  bool has_element(const std::string& el) const;
  // Label of the first species (identifies the site in output).
  const std::string& label() const { return species.front().label; }
};

// One structure as read: the full conventional cell.
struct Crystal {
  std::string name;   // block name or file stem
  std::string file;   // path it was read from
  std::string block;  // CIF data block ("" for POSCAR)
  // Stable row id in the tables (column `id`), set by the caller (structure_id() in
  // channelmap/table.hpp); empty: the tables use file, and "#block" when there is a block.
  std::string id;
  Lattice lattice;
  std::vector<Site> sites;
  std::string spacegroup_hm;  // as written in the file, if any
  int symops_in_file = 0;     // number of symmetry operators applied (1 for P1/POSCAR)
  std::vector<std::string> warnings;

  // Chemical formula of the cell contents, e.g. "Mg8 Al16 O32" (occupancies summed).
  std::string cell_formula() const;
  // Reduced formula as pymatgen writes it (pymatgen_reduced_formula), e.g. "Mg2SiO4".
  std::string reduced_formula() const;
  bool is_disordered() const;
};

}  // namespace channelmap
