// Screening many structures: inputs found recursively, analysed in parallel, written in input
// order as soon as each is done (so a killed run can be resumed to the same table).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "channelmap/report.hpp"

namespace channelmap {

// Every structure file under the given paths (directories are searched recursively for *.cif,
// POSCAR*, CONTCAR*, *.vasp, *.poscar), sorted, without duplicates. Files named directly are
// kept whatever their name. Throws Error for a path that does not exist.
std::vector<std::string> find_inputs(const std::vector<std::string>& paths);

struct ScreenProgress {
  int files_done = 0, files_total = 0;
  int structures = 0;  // rows written
  int failures = 0;    // error rows written
  double seconds = 0;
};

// One table of the screen: its header, and the rows of one analysed structure.
struct ScreenTable {
  std::string path;    // output file
  std::string header;  // first line, without newline
};

struct ScreenOptions {
  AnalysisOptions analysis;
  int jobs = 1;
  std::string output;  // the result table (CSV); errors go to output + ".errors.csv"
  bool resume = false;
  // Rows for one analysed structure (without newline); default: descriptor columns.
  std::function<std::string(const Report&)> row;
  std::string header;                                   // header line of the result table
  std::function<void(const ScreenProgress&)> progress;  // called from the writing thread
};

struct ScreenSummary {
  int files = 0;          // input files
  int files_skipped = 0;  // already complete in the output (--resume)
  int structures = 0;     // result rows written by this run
  int failures = 0;       // error rows written by this run
  int previous_rows = 0;  // result rows kept from an earlier run (--resume)
  int previous_failures = 0;
  double seconds = 0;
};

// Runs the screen. Throws Error when the output cannot be written, or exists without `resume`,
// or has another header.
ScreenSummary run_screen(const std::vector<std::string>& inputs, const ScreenOptions& opt);

// Reads a finished screen table and writes it sorted by the column `score_column` (descending;
// equal scores keep the table's order), with a first column `rank` (1 = best). Rows whose
// `require_column` is empty or 0 (structures without a mobile-ion site, when it is
// "n_mobile_sites") come after all others, and rows with an empty score last. Returns the
// header and the sorted rows as CSV field lists.
std::vector<std::vector<std::string>> write_ranking(const std::string& table,
                                                    const std::string& ranked,
                                                    const std::string& score_column,
                                                    const std::string& require_column = "");

// The fields of one CSV line.
std::vector<std::string> csv_split(const std::string& line);

// The key of a row of a screen table: "file#block" from its first two CSV fields.
std::string row_key(const std::string& csv_line);

}  // namespace channelmap
