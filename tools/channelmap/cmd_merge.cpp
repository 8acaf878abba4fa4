// channelmap merge: the tables of `screen --shard K/N` runs joined into the table one screen of
// all the inputs writes (docs/screen.md, "Screening on a cluster").
#include <cstdio>
#include <iostream>
#include <memory>

#include "channelmap/error.hpp"
#include "channelmap/screen.hpp"
#include "channelmap/version.hpp"
#include "commands.hpp"
#include "screen_ranking.hpp"

namespace channelmap::cli {

namespace {
struct MergeArgs {
  std::vector<std::string> shards;
  std::string output;
  int top = 10;
};

int run_merge_cmd(const MergeArgs& a) {
  MergeOptions mo;
  mo.output = a.output;
  // The screen table's header (its columns do not depend on the analysis options).
  mo.header = screen_table_options(AnalysisOptions{}, ReadOptions{}).header;
  MergeSummary s;
  try {
    s = merge_screens(a.shards, mo);
  } catch (const Error& e) {
    std::cerr << "channelmap merge: " << e.what() << '\n';
    return e.stage() == "write" ? 1 : 2;
  }
  // The ranking and the best rows, as the screen of all the inputs prints them.
  if (!write_and_print_ranking("channelmap merge", a.output,
                               option_value(s.options, "energy") == "1",
                               option_value(s.options, "mobile"), a.top,
                               "the merged table is complete, the ranking is not written"))
    return 1;
  std::fprintf(stderr,
               "merged %d shards into %s: %d structures analysed, %d failed (listed in "
               "%s.errors.csv)\n",
               s.shards, a.output.c_str(), s.rows, s.failures, a.output.c_str());
  return s.failures > 0 ? 1 : 0;
}
}  // namespace

Command merge_command() {
  return {"merge",
          "Join the tables of 'screen --shard K/N' runs (all N shards) into the table one screen "
          "of all the inputs writes",
          [](CLI::App* app) -> std::function<int()> {
            auto a = std::make_shared<MergeArgs>();
            app->add_option("shards", a->shards,
                            "The result tables of the shards (their .errors.csv and .meta.json "
                            "beside them), in any order; every shard 1..N of one screen, each "
                            "finished")
                ->required();
            app->add_option("-o,--output", a->output,
                            "Merged table (CSV); with OUTPUT.errors.csv, OUTPUT.meta.json and "
                            "the ranking OUTPUT.ranked.csv (OUTPUT without .csv), the same bytes "
                            "as one screen of all the inputs writes; refused if OUTPUT exists")
                ->required();
            app->add_option("--top", a->top,
                            "Print this many of the best-ranked structures (default 10)");
            return [a] { return run_merge_cmd(*a); };
          }};
}

}  // namespace channelmap::cli
