// What `screen` and `merge` share: the ranking written beside a finished table, with its best
// rows printed.
#pragma once
#include <string>

namespace channelmap::cli {

// The ranking beside a table: OUTPUT without .csv, plus ".ranked.csv".
std::string ranked_path(const std::string& output);

// Writes the ranking of the finished table `output` to ranked_path(output) (write_ranking:
// by "score", or by "geometry_score" without the energy, structures outside the calibrated
// domain last), prints the `top` best on stdout and says where the ranking is on stderr.
// `mobile`: the mobile element, for the note when the barrier model was not calibrated on it.
// On a failed write prints "`program`: REASON" and `hint` on stderr and returns false.
bool write_and_print_ranking(const std::string& program, const std::string& output, bool by_barrier,
                             const std::string& mobile, int top, const std::string& hint);

}  // namespace channelmap::cli
