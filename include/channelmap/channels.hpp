// Channels and percolation of a void network (DESIGN.md section 5).
#pragma once
#include <array>
#include <vector>

#include "channelmap/network.hpp"

namespace channelmap {

// Integer lattice spanned by the loop translations of a network component.
class IntLattice {
 public:
  void add(Offset v);
  void add(const IntLattice& other);
  int rank() const { return static_cast<int>(rows_.size()); }
  // Basis in Hermite normal form (rank rows, echelon, reduced above the pivots): the same for
  // the same lattice whatever order its translations were added in.
  const std::vector<Offset>& basis() const { return rows_; }
  // Some translation of the lattice has a non-zero component along `axis` (0 = a).
  bool reaches_axis(int axis) const;
  // Whether v is a translation of the lattice (then add(v) changes nothing).
  bool contains(const Offset& v) const;

 private:
  // First non-zero entry of every row positive, rows by pivot column, reduced to the Hermite
  // normal form (0 <= entry < pivot above each pivot): one basis per lattice.
  void normalize();
  std::vector<Offset> rows_;
};

struct Percolation {
  double di_A = 0;   // largest included sphere diameter: 2 x largest node radius
  double df_A = 0;   // largest free sphere diameter (Zeo++ -res)
  double dif_A = 0;  // largest included sphere along the free sphere path (Zeo++ -res)
  std::array<double, 3> df_axis_A{};   // Df along a, b, c (Zeo++ -resex)
  std::array<double, 3> dif_axis_A{};  // Dif along a, b, c
  // Dif is one number only when the widest path is unique. When several paths share the
  // bottleneck Df/2 (common in symmetric cells) they pass included spheres of different sizes.
  // dif_range_A, over the axes that give Df (diameters, A): [0] the smallest included sphere some
  // widest path gets by with (the smallest t such that nodes of radius <= t still percolate),
  // [1] the largest the free sphere can reach (the exact Dif). Zeo++'s Dif, 2 x the largest node
  // on the one path its search happens to end on, lies in between.
  std::array<double, 2> dif_range_A{};
  // Rf_kD (k = 1, 2, 3): largest probe radius at which some channel has dimensionality >= k;
  // negative infinity (reported as empty) when the network never reaches k.
  std::array<double, 3> rf_A{};
  // Largest probe radius at which some channel has a translation along a, b, c.
  std::array<double, 3> rf_axis_A{};
  int largest_node = -1;  // index of the node giving Di
};

// How Dif is found. Exact: 2 x the largest node of the network parts that percolate along the
// axis at Df/2 (the largest sphere the free sphere can reach; independent of origin and atom
// order). Zeopp: Zeo++'s search, 2 x the largest node on the one path it ends on; that path
// depends on the search order (hence on the origin of the cell), as in Zeo++ itself.
enum class DifStyle { Exact, Zeopp };

Percolation analyze_percolation(const VoidNetwork& net, DifStyle style = DifStyle::Exact);

struct Channel {
  int dimensionality = 0;          // 1, 2 or 3
  std::vector<Offset> directions;  // basis of its translations (lattice vectors)
  std::vector<int> nodes;
  double bottleneck_A = 0;  // largest probe radius at which this channel keeps its dimensionality
  double widest_A = 0;      // largest node radius in the channel
  int widest_node = -1;
};

struct ChannelSet {
  double probe_A = 0;
  std::vector<Channel> channels;  // dimensionality >= 1, in order of first node
  int pockets = 0;                // accessible components of dimensionality 0
};

// Channels at probe radius r: nodes with radius > r joined by edges with bottleneck > r (strict,
// as Zeo++ -chan); a channel is a connected component of the unit-cell graph with
// dimensionality >= 1.
ChannelSet find_channels(const VoidNetwork& net, double probe_A);

}  // namespace channelmap
