// The version of channelmap and the settings an output was made with: written into every
// output (a CSV sidecar, a JSON field) so that a table says what produced it, and `screen
// --resume` can refuse to mix rows of different analyses.
#pragma once
#include <string>

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"

namespace channelmap {

// "0.5.0": the project version (CMake's PROJECT_VERSION, defined in CMakeLists.txt only).
const char* version();

// The options that change numbers in an output, as one canonical line of "key=value" pairs in
// a fixed order, e.g. "mobile=Mg probe=default uniform_radius=none radii= symprec=0.01
// min_occupancy=0.5 zeopp=0 energy=1 grid=0.2 barrier_model=built-in". Doubles are written to
// 17 significant digits, so two runs give equal lines exactly when their options are equal.
// The barrier model is the one in use in this process (use_barrier_model_file: its path); the
// read options end the line ("strict=0").
std::string options_line(const AnalysisOptions& opt, const ReadOptions& read = {});

// The value of `key` in an options line ("energy" in "... energy=1 ...": "1"); "" when the line
// has no such key.
std::string option_value(const std::string& options_line, const std::string& key);

// The same for `channelmap path`, whose numbers depend only on these: "mobile=Mg
// grid=0.20000000000000001 barrier_model=built-in" ("default" when no mobile ion was named).
std::string path_options_line(const std::string& mobile, double grid_A);

}  // namespace channelmap
