// channelmap screen: analyse a directory of structures in parallel, resumably, and rank them.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "channelmap/error.hpp"
#include "channelmap/screen.hpp"
#include "channelmap/table.hpp"
#include "commands.hpp"
#include "options.hpp"
#include "progress.hpp"
#include "screen_ranking.hpp"

namespace channelmap::cli {

namespace {
// "K/N" with 1 <= K <= N, both plain decimal numbers; nothing otherwise.
std::optional<ScreenShard> parse_shard(const std::string& text) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto number = [](const std::string& s) -> long {
    if (s.empty() || s.size() > 9 ||
        !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return -1;
    return std::stol(s);
  };
  long k = number(text.substr(0, slash)), n = number(text.substr(slash + 1));
  if (k < 1 || n < 1 || k > n) return std::nullopt;
  return ScreenShard{static_cast<int>(k), static_cast<int>(n)};
}

struct ScreenArgs {
  std::vector<std::string> inputs;
  AnalysisArgs analysis;
  std::string output;
  int jobs = 0;
  bool resume = false;
  std::string shard;  // --shard K/N
  int top = 10;
  double timeout_s = screen_default_timeout_s;
  double max_memory_gb = screen_default_max_memory_gb;
};

int run_screen_cmd(const ScreenArgs& a) {
  std::optional<AnalysisOptions> opt = to_options(a.analysis);
  if (!opt) return 2;
  if (!(a.timeout_s >= 0 && std::isfinite(a.timeout_s))) {
    std::cerr << "channelmap screen: --timeout must be a number of seconds >= 0 (0: none)\n";
    return 2;
  }
  if (!(a.max_memory_gb >= 0 && std::isfinite(a.max_memory_gb))) {
    std::cerr << "channelmap screen: --max-memory must be a number of GB >= 0 (0: none)\n";
    return 2;
  }
  ScreenOptions so = screen_table_options(*opt, read_options(a.analysis));
  so.jobs =
      a.jobs > 0 ? a.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  so.output = a.output;
  so.resume = a.resume;
  if (!a.shard.empty()) {
    std::optional<ScreenShard> shard = parse_shard(a.shard);
    if (!shard) {
      std::cerr << "channelmap screen: --shard must be K/N, whole numbers with 1 <= K <= N (e.g. "
                   "--shard 2/8), not '"
                << a.shard << "'\n";
      return 2;
    }
    so.shard = *shard;
  }
  so.timeout_s = a.timeout_s;
  so.max_memory_gb = a.max_memory_gb;
  ProgressPrinter printer;
  so.progress = [&printer](const ScreenProgress& p) { printer(p); };
  ScreenSummary s;
  InputScan scan;
  try {
    scan = scan_inputs(a.inputs);
  } catch (const Error& e) {
    std::cerr << "channelmap screen: " << e.what() << '\n';
    return 2;
  }
  if (scan.inputs.empty()) {
    std::cerr << "channelmap screen: no structure files found (" << scan.ignored
              << " files ignored: not structure file names)\n";
    return 2;
  }
  for (const auto& [left, kept] : scan.duplicates)
    std::cerr << "channelmap screen: " << left << " is the same file as " << kept
              << "; analysed once, as " << kept << '\n';
  for (const std::string& link : scan.links_not_followed)
    std::cerr << "channelmap screen: " << link
              << " is a symbolic link to a directory; not followed (name the directory to "
                 "screen it)\n";
  try {
    s = run_screen(scan.inputs, so);
  } catch (const Error& e) {
    std::cerr << "channelmap screen: " << e.what() << '\n';
    if (e.stage() != "write") return 2;  // refused before writing anything
    std::cerr << "channelmap screen: stopped; the rows written so far are kept: run the same "
                 "command with --resume to finish the table\n";
    return 1;
  }
  int failures = s.failures + s.previous_failures;
  // The ranking: every row of the table (this run's and kept ones), best first.
  if (!write_and_print_ranking("channelmap screen", a.output, so.analysis.energy,
                               so.analysis.mobile_element, a.top,
                               "the table is complete, the ranking is not written: run the same "
                               "command with --resume to write it"))
    return 1;
  std::string skipped;
  if (scan.ignored > 0 || !scan.duplicates.empty() || !scan.links_not_followed.empty())
    skipped = "; " + std::to_string(scan.ignored) + " other files ignored (not structure file " +
              "names), " + std::to_string(scan.duplicates.size()) + " duplicate names, " +
              std::to_string(scan.links_not_followed.size()) + " directory links not followed";
  const std::string of_shard =
      so.shard.sharded()
          ? " (shard " + so.shard.label() + " of " + std::to_string(scan.inputs.size()) + " files)"
          : std::string();
  std::fprintf(stderr,
               "screened %d files%s in %s with %d jobs: %d structures analysed, %d failed "
               "(listed in %s.errors.csv)%s%s\n",
               s.files, of_shard.c_str(), format_seconds(s.seconds).c_str(), so.jobs, s.structures,
               s.failures, a.output.c_str(),
               a.resume ? (", " + std::to_string(s.previous_rows) + " rows and " +
                           std::to_string(s.previous_failures) + " failures kept from before")
                              .c_str()
                        : "",
               skipped.c_str());
  return failures > 0 ? 1 : 0;
}
}  // namespace

Command screen_command() {
  return {"screen",
          "Analyse every structure under directories or files, in parallel and resumably, into "
          "one table",
          [](CLI::App* app) -> std::function<int()> {
            auto a = std::make_shared<ScreenArgs>();
            app->add_option("inputs", a->inputs,
                            "Directories (searched recursively for *.cif, POSCAR*, CONTCAR*, "
                            "*.vasp, each also gzipped as *.gz) and files")
                ->required();
            app->add_option("-o,--output", a->output,
                            "Result table (CSV), written row by row as structures finish; "
                            "errors go to OUTPUT.errors.csv, version and options to "
                            "OUTPUT.meta.json; locked against a second screen while written")
                ->required();
            app->add_option("-j,--jobs", a->jobs,
                            "Parallel workers (default: all cores); the output does not depend "
                            "on it");
            app->add_flag("--resume", a->resume,
                          "Keep the rows already in OUTPUT (and its error table) and analyse "
                          "only the rest; refused unless OUTPUT is a table of this version made "
                          "with the same options");
            app->add_option("--shard", a->shard,
                            "K/N: screen only shard K of N (1 <= K <= N), the inputs at "
                            "positions K, K+N, K+2N, ... of the sorted input list, for a job "
                            "array on a cluster; OUTPUT.meta.json records the shard, and "
                            "'channelmap merge' joins the N tables into the table of one screen "
                            "(docs/screen.md)");
            app->add_option("--timeout", a->timeout_s,
                            "Time limit in s for one structure (default 600; 0 = none): a "
                            "structure that takes longer gets an error row 'timed out'");
            app->add_option("--max-memory", a->max_memory_gb,
                            "Memory limit in GB for one structure (address space of the process "
                            "analysing it; default 8; 0 = none): beyond it an error row 'out of "
                            "memory'");
            app->add_option("--top", a->top,
                            "Print this many of the best-ranked structures (default 10); the "
                            "whole ranking goes to OUTPUT.ranked.csv (OUTPUT without .csv)");
            add_analysis_options(app, a->analysis);
            return [a] { return run_screen_cmd(*a); };
          }};
}

}  // namespace channelmap::cli
