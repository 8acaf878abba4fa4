// Where the tests find their data (set by CTest; see tests/CMakeLists.txt).
#pragma once
#include <cstdlib>
#include <string>

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
}  // namespace channelmap::test
