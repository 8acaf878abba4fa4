// consumer FILE DESCRIPTOR...: reads FILE with the installed channelmap, analyses its first
// structure with the default options (without the energy) and prints
//   version=<channelmap::version()>
//   <DESCRIPTOR>=<the value as a table cell>   (one line per DESCRIPTOR)
// so that tests/cli/test_install.sh can compare it with `channelmap describe --no-energy`.
#include <channelmap/descriptor_registry.hpp>
#include <channelmap/read.hpp>
#include <channelmap/report.hpp>
#include <channelmap/version.hpp>
#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: consumer FILE DESCRIPTOR...\n");
    return 2;
  }
  try {
    channelmap::ReadResult read = channelmap::read_structures(argv[1]);
    if (read.crystals.empty()) {
      std::fprintf(stderr, "%s: no structure read\n", argv[1]);
      return 1;
    }
    channelmap::AnalysisOptions opt;  // mobile Mg, as the program's default
    opt.energy = false;
    channelmap::Report report = channelmap::analyze(read.crystals.front(), opt);
    std::printf("version=%s\n", channelmap::version());
    for (int i = 2; i < argc; ++i) {
      const channelmap::Descriptor& d = channelmap::descriptor(argv[i]);
      double v = channelmap::descriptor_value(report, d.name);
      std::printf("%s=%s\n", d.name, channelmap::format_descriptor(v, d.precision).c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
