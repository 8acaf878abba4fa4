// channelmap: finds the channels a mobile ion can move through in a crystal.
#include <iostream>
#include <vector>

#include "commands.hpp"

using channelmap::cli::Command;

int main(int argc, char** argv) {
  // The single source of truth for dispatch and help.
  const std::vector<Command> commands = {
      channelmap::cli::inspect_command(),
      channelmap::cli::describe_command(),
      channelmap::cli::screen_command(),
  };
  CLI::App app{"channelmap " CHANNELMAP_VERSION
               ": channels, bottlenecks and percolation of a mobile ion (Mg2+ by default) in "
               "crystal structures",
               "channelmap"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("channelmap ") + CHANNELMAP_VERSION);
  std::function<int()> run;
  std::vector<std::pair<CLI::App*, std::function<std::function<int()>(CLI::App*)>>> subs;
  for (const Command& c : commands)
    subs.emplace_back(app.add_subcommand(c.name, c.summary), c.setup);
  std::vector<std::function<int()>> runners;
  for (auto& [sub, setup] : subs) runners.push_back(setup(sub));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (size_t i = 0; i < subs.size(); ++i)
    if (subs[i].first->parsed()) return runners[i]();
  return 2;
}
