// channelmap screen: analyse a directory of structures in parallel, resumably, and rank them.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "channelmap/error.hpp"
#include "channelmap/screen.hpp"
#include "channelmap/table.hpp"
#include "commands.hpp"
#include "options.hpp"
#include "progress.hpp"

namespace channelmap::cli {

namespace {
struct ScreenArgs {
  std::vector<std::string> inputs;
  AnalysisArgs analysis;
  std::string output;
  int jobs = 0;
  bool resume = false;
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
  const std::string ranked =
      a.output.substr(
          0,
          a.output.size() -
              (a.output.size() > 4 && a.output.compare(a.output.size() - 4, 4, ".csv") == 0 ? 4
                                                                                            : 0)) +
      ".ranked.csv";
  try {
    // Structures outside the calibrated domain (no anion, no mobile site, organic framework,
    // implausible density, unknown states) are ranked after all others (docs/ranking.md);
    // without the energy (--no-energy) the geometric score ranks.
    const bool by_barrier = so.analysis.energy;
    auto rows =
        write_ranking(a.output, ranked, by_barrier ? "score" : "geometry_score", "in_domain");
    const auto& head = rows[0];
    auto col = [&](const char* name) {
      return static_cast<size_t>(std::find(head.begin(), head.end(), name) - head.begin());
    };
    size_t c_score = col(by_barrier ? "score" : "geometry_score"), c_formula = col("formula"),
           c_file = col("file"), c_block = col("block"), c_em = col("predicted_em_eV"),
           c_bvse = col("best_hop_bvse_barrier_eV"), c_vpa = col("volume_per_anion_A3"),
           c_cal = col("score_calibrated"), c_out = col("out_of_domain");
    std::printf("%-5s %-7s %-8s %-9s %-22s %-8s  %s\n", "rank", "score", "Em_pred", "E_bvse",
                "formula", "V/anion", "structure");
    bool uncalibrated = false;
    for (size_t i = 1; i < rows.size() && static_cast<int>(i) <= a.top; ++i) {
      const auto& f = rows[i];
      auto get = [&](size_t c) { return c < f.size() ? f[c] : std::string(); };
      uncalibrated |= get(c_cal) == "0";
      std::string where = get(c_file) + (get(c_block).empty() ? "" : "#" + get(c_block));
      for (size_t p = 0; (p = where.find('\n', p)) != std::string::npos; p += 2)
        where.replace(p, 1, "\\n");  // one line per structure
      if (!get(c_out).empty()) where += "  [outside: " + get(c_out) + "]";
      std::printf("%-5zu %-7s %-8s %-9s %-22s %-8s  %s\n", i, get(c_score).c_str(),
                  get(c_em).c_str(), get(c_bvse).c_str(), get(c_formula).c_str(),
                  get(c_vpa).c_str(), where.c_str());
    }
    if (uncalibrated)
      std::printf(
          "note: the barrier model was calibrated on Li, Na, K, Rb, Mg, Ca, Sr, Zn and Al; "
          "%s is outside it (docs/ranking.md)\n",
          so.analysis.mobile_element.c_str());
    std::fprintf(stderr, "ranking of %zu structures written to %s\n", rows.size() - 1,
                 ranked.c_str());
  } catch (const Error& e) {
    std::cerr << "channelmap screen: " << e.what() << '\n'
              << "channelmap screen: the table is complete, the ranking is not written: run the "
                 "same command with --resume to write it\n";
    return 1;
  }
  std::string skipped;
  if (scan.ignored > 0 || !scan.duplicates.empty() || !scan.links_not_followed.empty())
    skipped = "; " + std::to_string(scan.ignored) + " other files ignored (not structure file " +
              "names), " + std::to_string(scan.duplicates.size()) + " duplicate names, " +
              std::to_string(scan.links_not_followed.size()) + " directory links not followed";
  std::fprintf(stderr,
               "screened %d files in %s with %d jobs: %d structures analysed, %d failed "
               "(listed in %s.errors.csv)%s%s\n",
               s.files, format_seconds(s.seconds).c_str(), so.jobs, s.structures, s.failures,
               a.output.c_str(),
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
