// What `screen` and `merge` share: the ranking written beside a finished table, with its best
// rows printed.
#pragma once
#include <string>

namespace channelmap::cli {

// Writes the ranking of the finished table `output` to ranked_path(output)
// (write_screen_ranking(), channelmap/screen.hpp), prints the `top` best on stdout and says where
// the ranking is on stderr. `mobile`: the mobile element, for the note when the barrier model was
// not calibrated on it. On a failed write prints "`program`: REASON" and `hint` on stderr and
// returns false.
bool write_and_print_ranking(const std::string& program, const std::string& output, bool by_barrier,
                             const std::string& mobile, int top, const std::string& hint);

}  // namespace channelmap::cli
