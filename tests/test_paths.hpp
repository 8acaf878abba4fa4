// Where the tests find their data (set by CTest; see tests/CMakeLists.txt).
#pragma once
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace channelmap::test {
inline std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v ? v : fallback;
}
inline std::string shared_dir() {
  return env_or("CHANNELMAP_SHARED", "../shared");
}
inline std::string source_dir() {
  return env_or("CHANNELMAP_SOURCE", ".");
}
inline std::string channelmap_bin() {
  return env_or("CHANNELMAP_BIN", "channelmap");
}
// Every CIF under `dir` (subdirectories too), sorted; none when it is not a directory.
inline std::vector<std::string> cifs_in(const std::string& dir) {
  std::vector<std::string> out;
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".cif") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace channelmap::test
