// The subcommand table of the channelmap program: one entry per cmd_<name>.cpp.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace channelmap::cli {

struct Command {
  const char* name;
  const char* summary;
  // Adds the subcommand's options to `app` and returns the function that runs it (exit status).
  std::function<std::function<int()>(CLI::App* app)> setup;
};

// One per subcommand.
Command inspect_command();
Command describe_command();
Command screen_command();
Command merge_command();
Command path_command();

}  // namespace channelmap::cli
