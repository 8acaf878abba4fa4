// Shared by the CIF and POSCAR readers (private to src/).
#pragma once
#include <vector>

#include "channelmap/crystal.hpp"

namespace channelmap::detail {

// One atom of the expanded cell before positions are grouped.
struct RawAtom {
  Fractional frac;
  Species species;
};

// Groups atoms sharing a position into Sites, drops zero-occupancy atoms (with a warning in
// c.warnings) and fails on overlapping atoms (closer than tol::overlap_distance_A with a total
// occupancy above tol::max_total_occupancy). Unless `strict` (ReadOptions), occupancies up to
// tol::lenient_max_occupancy are scaled to 1, atoms of one element listed twice at a position
// are one atom, and different elements at one position are a mixed site scaled to a total of
// 1, each with a warning.
void assemble_sites(Crystal& c, std::vector<RawAtom> atoms, bool strict);

}  // namespace channelmap::detail
