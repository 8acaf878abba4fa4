// Reading and analysing one structure in the unit tests: the file must read without error and
// hold exactly one structure (else the test fails with the reader's message).
#pragma once
#include <catch2/catch.hpp>
#include <string>

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"

namespace channelmap::test {
inline Crystal read_one(const std::string& path) {
  ReadResult rr = read_structures(path);
  INFO(path);
  if (!rr.errors.empty()) FAIL(rr.errors.front().one_line());
  REQUIRE(rr.crystals.size() == 1);
  return rr.crystals.front();
}

// The Report with the library's default options, for `mobile` and with or without the energy.
inline Report analyze_file(const std::string& path, const std::string& mobile = "Mg",
                           bool energy = false) {
  AnalysisOptions opt;
  opt.mobile_element = mobile;
  opt.energy = energy;
  return analyze(read_one(path), opt);
}
}  // namespace channelmap::test
