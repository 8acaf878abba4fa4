// Private to src/: a cell as a supercell of a smaller one. Used by the symmetry (spglib is given
// the smaller cell of a large supercell) and by the network (built in the smaller cell).
#pragma once
#include <array>
#include <vector>

#include "channelmap/crystal.hpp"

namespace channelmap::detail {

// The cell as a supercell of a smaller one: its pure translations (k of them, the identity
// included), the class of each site under them, and a basis of the translation lattice (in the
// cell's fractional coordinates).
struct Centring {
  int k = 1;
  std::vector<int> cls;             // per site; classes numbered in order of their first site
  std::array<Fractional, 3> basis;  // right-handed; det = 1 / k
  std::vector<Fractional> trans;    // the k translations, exact multiples of 1/k in [0, 1)
                                    // (the identity first)
};

// A translation counts when every site has a site of the same type closer than tol_A to its
// image (spglib's test, with its symprec); false when there is none besides the identity, or
// when the translations found are not a group that splits the sites into classes of k.
bool find_centring(const Lattice& L, const std::vector<Fractional>& pos,
                   const std::vector<int>& types, double tol_A, Centring* out);

}  // namespace channelmap::detail
