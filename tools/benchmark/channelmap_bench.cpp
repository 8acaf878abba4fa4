// channelmap_bench: where the time of one structure goes, next to what gemmi alone costs to read
// it. For each file: the gemmi floor (cif::read_file + make_small_structure_from_block of the
// first block with atoms), channelmap's read_structures(), then analyze() of every structure
// with AnalysisOptions::stage_times set. Each file is repeated R times and the minimum of every
// column is kept (the least disturbed run; the machine is shared). One TSV row per structure on
// stdout; tools/benchmark/run.py runs it on fixed sets and summarises. Single-threaded, like one
// `channelmap inspect` call. Timings are printed, never asserted (no test runs this).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <gemmi/cif.hpp>
#include <gemmi/smcif.hpp>
#include <iostream>
#include <limits>
#include <string>
#include <vector>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "channelmap/stage_times.hpp"

using namespace channelmap;

namespace {

// The columns of StageTimes that analyze() fills, in its order (src/report.cpp).
const std::vector<std::string> stages = {
    "symmetry", "oxidation", "site_environments", "radii_bvs", "framework", "network",
    "channels", "paths",     "environments",      "energy"};

const double nan = std::numeric_limits<double>::quiet_NaN();

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Keeps the smaller of two timings; NaN (not measured) loses to any number.
void keep_min(double& best, double t) {
  if (std::isnan(best) || t < best) best = t;
}

// Seconds gemmi takes to parse the file and build its SmallStructure (the asymmetric unit, as
// gemmi stores it), NaN when gemmi refuses the file (channelmap may still read it: it repairs
// some CIFs) or cannot read it directly (.gz). `sink` keeps the work from being optimised away.
double gemmi_floor(const std::string& path, size_t& sink) {
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) return nan;
  auto t0 = std::chrono::steady_clock::now();
  try {
    gemmi::cif::Document doc = gemmi::cif::read_file(path);
    for (gemmi::cif::Block& block : doc.blocks) {
      gemmi::SmallStructure ss = gemmi::make_small_structure_from_block(block);
      if (!ss.sites.empty()) {
        sink += ss.sites.size();
        break;
      }
    }
  } catch (const std::exception&) {
    return nan;
  }
  return seconds_since(t0);
}

// The best (minimum) timings of one structure over the repeats, in seconds.
struct Row {
  std::string name;  // file, with "#block" when the file has several structures
  size_t n_atoms = 0;
  bool energy = false;  // the energy was computed (it may decline: no states, no parameters)
  std::vector<double> stage = std::vector<double>(stages.size(), nan);
  double analyze = nan;
  std::string status = "ok";
};

std::string ms(double s) {
  if (std::isnan(s)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", 1e3 * s);
  return buf;
}

void print_header() {
  std::cout << "set\tfile\tn_atoms\tenergy\tgemmi_read_ms\tread_ms";
  for (const std::string& s : stages) std::cout << '\t' << s << "_ms";
  std::cout << "\tother_ms\tanalyze_ms\ttotal_ms\tratio\tstatus\n";
}

// Times one file `repeats` times and prints its rows.
void bench_file(const std::string& set, const std::string& path, int repeats,
                const AnalysisOptions& base, size_t& sink) {
  double gemmi_s = nan, read_s = nan;
  std::vector<Row> rows;
  std::string read_error;
  for (int rep = 0; rep < repeats; ++rep) {
    keep_min(gemmi_s, gemmi_floor(path, sink));
    auto t0 = std::chrono::steady_clock::now();
    ReadResult rr = read_structures(path);
    keep_min(read_s, seconds_since(t0));
    if (rr.crystals.empty()) {
      read_error = rr.errors.empty() ? "no structure" : rr.errors.front().one_line();
      break;
    }
    rows.resize(rr.crystals.size());
    for (size_t i = 0; i < rr.crystals.size(); ++i) {
      const Crystal& c = rr.crystals[i];
      Row& row = rows[i];
      row.name = path + (rr.crystals.size() > 1 ? "#" + c.block : "");
      row.n_atoms = c.sites.size();
      StageTimes times;
      AnalysisOptions opt = base;
      opt.stage_times = &times;
      try {
        auto a0 = std::chrono::steady_clock::now();
        Report r = analyze(c, opt);
        keep_min(row.analyze, seconds_since(a0));
        row.energy = r.energy.computed;
        sink += r.network.nodes.size();
      } catch (const std::exception& e) {
        row.status = std::string("error: ") + e.what();
      }
      for (size_t k = 0; k < stages.size(); ++k) {
        bool ran = std::any_of(times.seconds.begin(), times.seconds.end(),
                               [&](const auto& e) { return e.first == stages[k]; });
        if (ran) keep_min(row.stage[k], times.get(stages[k]));
      }
    }
  }
  if (!read_error.empty()) {
    Row row;
    row.name = path;
    row.status = "read error: " + read_error;
    rows.push_back(row);
  }
  for (const Row& row : rows) {
    // Stage columns are minima of different runs, so their sum is at most the best analyze();
    // `other` is the rest (setup, copying the crystal into the Report).
    double staged = 0;
    for (double s : row.stage)
      if (!std::isnan(s)) staged += s;
    double other = std::isnan(row.analyze) ? nan : std::max(0.0, row.analyze - staged);
    double total = read_s + row.analyze;
    std::string status = row.status;
    std::replace(status.begin(), status.end(), '\t', ' ');
    std::replace(status.begin(), status.end(), '\n', ' ');
    std::cout << set << '\t' << row.name << '\t' << row.n_atoms << '\t' << row.energy << '\t'
              << ms(gemmi_s) << '\t' << ms(read_s);
    for (double s : row.stage) std::cout << '\t' << ms(s);
    std::cout << '\t' << ms(other) << '\t' << ms(row.analyze) << '\t' << ms(total) << '\t';
    if (std::isnan(total) || !(gemmi_s > 0))
      std::cout << "nan";
    else
      std::cout << total / gemmi_s;
    std::cout << '\t' << status << '\n' << std::flush;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // As channelmap's main(): large buffers from the heap, kept between structures.
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
  CLI::App app{
      "channelmap_bench: per-stage wall time of channelmap's analysis, one TSV row per "
      "structure (stdout), best of R runs, next to the time gemmi alone takes to read the file",
      "channelmap_bench"};
  std::vector<std::string> files;
  std::string set = "-";
  int repeats = 3;
  bool no_energy = false, no_header = false, screen = false, zeopp = false;
  app.add_option("files", files, "CIF or POSCAR files")->required();
  app.add_option("-r,--repeats", repeats,
                 "Runs per file; the minimum of each column counts "
                 "(default 3)")
      ->check(CLI::Range(1, 1000));
  app.add_option("-s,--set", set, "Name written in the first column (default -)");
  app.add_flag("--no-energy", no_energy, "Skip the BVSE energy, as `inspect --no-energy`");
  app.add_flag("--no-header", no_header, "Do not print the header line");
  app.add_flag("--screen", screen,
               "Only the environments the tables show (AnalysisOptions::all_environments "
               "false), as `screen` and `describe` without --sites analyse, and no Wyckoff "
               "letters (AnalysisOptions::wyckoff_letters false), as `screen`");
  app.add_flag("--zeopp", zeopp,
               "Zeo++'s network (AnalysisOptions::zeopp_compatible), as `inspect --zeopp`: "
               "power-diagram vertices and edges, without the exact clearance's nodes, "
               "windows and saddles (issue #12): their cost is the difference");
  CLI11_PARSE(app, argc, argv);

  // The options of a plain `channelmap inspect FILE`: Mg, Shannon radii, the energy on.
  AnalysisOptions opt;
  opt.energy = !no_energy;
  opt.all_environments = !screen;
  opt.wyckoff_letters = !screen;
  opt.zeopp_compatible = zeopp;
  if (!no_header) print_header();
  size_t sink = 0;
  for (const std::string& f : files) bench_file(set, f, repeats, opt, sink);
  std::cerr << "channelmap_bench: " << files.size() << " files (checksum " << sink << ")\n";
  return 0;
}
