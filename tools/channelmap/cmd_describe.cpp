// channelmap describe: the descriptor table, one row per structure, plus site and hop tables.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "channelmap/describe.hpp"
#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "channelmap/screen.hpp"
#include "channelmap/table.hpp"
#include "channelmap/write.hpp"
#include "commands.hpp"
#include "options.hpp"
#include "progress.hpp"

namespace channelmap::cli {

namespace {
struct DescribeArgs {
  std::vector<std::string> files;
  AnalysisArgs analysis;
  std::string output, format = "csv", sites, hops, errors;
  int jobs = 1;
  bool schema = false;
};

// An output stream: a file, or stdout for "" or "-".
std::unique_ptr<std::ostream> open_out(const std::string& path, bool* ok) {
  *ok = true;
  if (path.empty() || path == "-") return std::make_unique<std::ostream>(std::cout.rdbuf());
  auto f = std::make_unique<std::ofstream>(path, std::ios::binary);
  if (!*f) {
    std::cerr << "channelmap: cannot write " << path << '\n';
    *ok = false;
  }
  return f;
}
bool is_file_output(const std::string& path) {
  return !path.empty() && path != "-";
}

int run_describe(const DescribeArgs& a) {
  if (a.schema) {
    write_schema_markdown(std::cout);
    return 0;
  }
  if (a.files.empty()) {
    std::cerr << "channelmap describe: no input files (see --help)\n";
    return 2;
  }
  if (a.format != "csv" && a.format != "jsonl") {
    std::cerr << "channelmap describe: --format must be csv or jsonl\n";
    return 2;
  }
  if (a.jobs < 1) {
    std::cerr << "channelmap describe: --jobs must be at least 1\n";
    return 2;
  }
  std::optional<AnalysisOptions> opt = to_options(a.analysis);
  if (!opt) return 2;
  // The site table, the hop table and the JSON show every site's or intermediate's polyhedron
  // and the nodes' coordination; the structure table needs only the mobile sites' (the shape
  // search is the most costly part of the geometric analysis).
  opt->all_environments = a.format == "jsonl" || !a.sites.empty() || !a.hops.empty();
  std::vector<DescribeInput> inputs;
  try {
    std::vector<std::string> notes;
    inputs = describe_inputs(a.files, &notes);
    for (const std::string& n : notes) std::cerr << "note: " << n << '\n';
  } catch (const Error& e) {
    std::cerr << "channelmap describe: " << e.what() << '\n';
    return 1;
  }
  if (inputs.empty()) {
    std::cerr << "channelmap describe: no structure files found\n";
    return 2;
  }
  const bool jsonl = a.format == "jsonl";
  const ReadOptions read = read_options(a.analysis);
  bool ok1, ok2 = true, ok3 = true, ok4 = true;
  auto out = open_out(a.output, &ok1);
  std::unique_ptr<std::ostream> sites, hops, errors;
  if (!a.sites.empty()) sites = open_out(a.sites, &ok2);
  if (!a.hops.empty()) hops = open_out(a.hops, &ok3);
  if (!a.errors.empty()) errors = open_out(a.errors, &ok4);
  if (!(ok1 && ok2 && ok3 && ok4)) return 2;
  if (!jsonl) write_csv_header(*out, descriptor_columns());
  if (sites) write_csv_header(*sites, site_columns());
  if (hops) write_csv_header(*hops, hop_columns());
  if (errors) *errors << describe_errors_header;

  // Workers analyse inputs in any order; this thread writes them in input order, so the output
  // is the same whatever -j.
  const size_t n = inputs.size();
  std::vector<std::optional<DescribeChunk>> done(n);
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < n;) {
      DescribeChunk ch = describe_input(inputs[i], *opt, read, jsonl);
      std::lock_guard<std::mutex> lock(mutex);
      done[i] = std::move(ch);
      ready.notify_all();
    }
  };
  std::vector<std::thread> workers;
  const int jobs = static_cast<int>(std::min<size_t>(a.jobs, n));
  for (int k = 0; k < jobs; ++k) workers.emplace_back(work);

  ProgressPrinter printer;
  ScreenProgress progress;
  progress.files_total = static_cast<int>(n);
  const auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  for (size_t i = 0; i < n; ++i) {
    DescribeChunk ch;
    {
      std::unique_lock<std::mutex> lock(mutex);
      ready.wait(lock, [&] { return done[i].has_value(); });
      ch = std::move(*done[i]);
      done[i].reset();
    }
    std::cerr << ch.messages;
    *out << ch.rows;
    out->flush();
    if (sites) *sites << ch.sites;
    if (hops) *hops << ch.hops;
    if (errors) *errors << ch.errors;
    if (ch.failures) status = 1;
    progress.files_done = static_cast<int>(i + 1);
    progress.failures += ch.failures;
    progress.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (n > 1) printer(progress);
  }
  for (std::thread& t : workers) t.join();

  // Every output checked: a failed write is a failed run, never a silent short table.
  struct Written {
    std::ostream* os;
    std::string path;
    bool csv;
  };
  for (const Written& w :
       {Written{out.get(), a.output, !jsonl}, Written{sites.get(), a.sites, true},
        Written{hops.get(), a.hops, true}, Written{errors.get(), a.errors, true}}) {
    if (!w.os) continue;
    w.os->flush();
    if (auto* f = dynamic_cast<std::ofstream*>(w.os)) f->close();
    if (!*w.os) {
      std::cerr << "channelmap describe: cannot write "
                << (is_file_output(w.path) ? w.path : "stdout") << '\n';
      status = 1;
      continue;
    }
    if (w.csv && is_file_output(w.path)) {
      try {
        write_meta_sidecar(w.path, *opt, read, {}, "channelmap describe");
      } catch (const Error& e) {
        std::cerr << "channelmap describe: " << e.what() << '\n';
        status = 1;
      }
    }
  }
  return status;
}
}  // namespace

Command describe_command() {
  return {
      "describe",
      "Descriptor table for machine learning: one CSV row per structure (or JSON Lines), "
      "optional site and hop tables",
      [](CLI::App* app) -> std::function<int()> {
        auto a = std::make_shared<DescribeArgs>();
        app->add_option("files", a->files,
                        "CIF or POSCAR files (file.cif#block for one block of a CIF) and "
                        "directories (searched recursively as by screen)");
        add_analysis_options(app, a->analysis);
        app->add_option("-o,--output", a->output,
                        "Write the table here (default: stdout); a CSV file gets OUTPUT.meta.json "
                        "(version, options, columns)");
        app->add_option("--format", a->format,
                        "csv (one row per structure, default) or jsonl (the full report plus "
                        "every CSV column, one JSON object per line)");
        app->add_option("--sites", a->sites, "Also write the per-site table (CSV) to this file");
        app->add_option("--hops", a->hops, "Also write the per-hop table (CSV) to this file");
        app->add_option("--errors", a->errors,
                        "Also write the errors as a CSV table (file, block, stage, message)");
        app->add_option("-j,--jobs", a->jobs,
                        "Parallel workers (default 1); the output is the same, in input order, "
                        "whatever N");
        app->add_flag("--schema", a->schema,
                      "Print the columns of every table with their meaning and units, and exit");
        return [a] { return run_describe(*a); };
      }};
}

}  // namespace channelmap::cli
