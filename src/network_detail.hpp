// Private to src/: steps of build_network that live outside the CGAL translation unit.
#pragma once
#include "channelmap/network.hpp"

namespace channelmap::detail {

// A vertex of a power diagram joins at least four edges. A node with two comes from a flat
// cell (four coplanar atoms, split by rounding) and lies on a true edge: its two edges become
// one (bottleneck: the smaller), so the network does not depend on rounding or origin.
void splice_degree_two(VoidNetwork& net);

}  // namespace channelmap::detail
