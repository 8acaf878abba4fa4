// channelmap: finds the channels a mobile ion can move through in a crystal.
#include <exception>
#include <iostream>
#include <vector>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "channelmap/version.hpp"
#include "commands.hpp"

using channelmap::cli::Command;

namespace {
// The exit status of a usage error (README: "2 a usage error").
constexpr int usage_error = 2;

int run(int argc, char** argv) {
  // The single source of truth for dispatch and help.
  const std::vector<Command> commands = {
      channelmap::cli::inspect_command(), channelmap::cli::describe_command(),
      channelmap::cli::screen_command(),  channelmap::cli::merge_command(),
      channelmap::cli::path_command(),
  };
  // One version number: the library's (the same that JSON outputs and sidecars carry).
  CLI::App app{std::string("channelmap ") + channelmap::version() +
                   ": channels, bottlenecks and percolation of a mobile ion (Mg2+ by default) in "
                   "crystal structures",
               "channelmap"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("channelmap ") + channelmap::version());
  std::vector<CLI::App*> subs;
  std::vector<std::function<int()>> runners;
  subs.reserve(commands.size());
  runners.reserve(commands.size());
  for (const Command& c : commands) {
    subs.push_back(app.add_subcommand(c.name, c.summary));
    runners.push_back(c.setup(subs.back()));
  }
  // Bare `channelmap`: the help, on stdout (what a new user needs), with the usage-error
  // status.
  if (argc <= 1) {
    std::cout << app.help();
    return usage_error;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every other parse error (unknown option, missing or extra
    // argument, a value of the wrong type) is a usage error: exit 2, whatever CLI11's own code.
    const int code = app.exit(e);
    return code == static_cast<int>(CLI::ExitCodes::Success) ? 0 : usage_error;
  }
  for (size_t i = 0; i < subs.size(); ++i)
    if (subs[i]->parsed()) return runners[i]();
  return usage_error;
}
}  // namespace

int main(int argc, char** argv) {
  // Bad input is reported per structure by the subcommands; anything reaching here is a failure
  // of the program itself (out of memory, say).
  // Large buffers (energy grids, their orders, triangulations) from the heap, kept between
  // structures, instead of fresh pages from the system for each (issue #10: page faults were a
  // twentieth of the time); results do not depend on it.
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "channelmap: internal error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "channelmap: internal error\n";
  }
  return 3;
}
