// Private to src/: the generated softBV table (src/softbv_table.cpp).
#pragma once
#include <vector>

#include "channelmap/energy.hpp"

namespace channelmap::detail {
const std::vector<SoftBvParam>& softbv_rows();
}  // namespace channelmap::detail
