// Screening many structures: inputs found recursively, each analysed in a child process (so a
// structure that hangs, crashes or exhausts memory becomes an error row), written in input order
// as soon as each is done (so a killed run can be resumed to the same table). docs/screen.md.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"

namespace channelmap {

// Default time limit for one structure (reading and analysis), s; 0 means none.
constexpr double screen_default_timeout_s = 600;
// Default limit of the address space of the process analysing one structure, GB (1e9 bytes);
// 0 means none.
constexpr double screen_default_max_memory_gb = 8;

// One entry of a screen: a structure file, or an entry that cannot be analysed (a FIFO, a
// dangling symbolic link, ...) and becomes an error row with stage "input" and `problem`.
struct ScreenInput {
  std::string path;
  std::string problem;  // empty: a regular file to analyse
  // The searched directory (as named) the file was found under, "" for a file named directly:
  // the table's `id` is the path relative to it (structure_id()).
  std::string root;
};

// What a search of the input paths found.
struct InputScan {
  // Sorted by path, one entry per file (by canonical path: a file named twice, or reached
  // through a symbolic link and directly, is kept once, under the first of its names).
  std::vector<ScreenInput> inputs;
  // Names left out because they are the same file as a kept input: (left out, kept).
  std::vector<std::pair<std::string, std::string>> duplicates;
  // Entries of searched directories that are not structure files by name (not *.cif, POSCAR*,
  // CONTCAR*, *.vasp, *.poscar, each also *.gz): ignored, only counted.
  int ignored = 0;
  // Symbolic links to directories found in searched directories: not followed (as find(1)).
  std::vector<std::string> links_not_followed;
};

// Searches the given paths: directories recursively (each once; symbolic links to directories
// inside them are not followed but listed) for files with structure names; files named
// directly are kept whatever their name. An entry with a structure name that is not a regular file
// (FIFO, socket, device, dangling symbolic link, symbolic link loop) and a directory that cannot be
// read become inputs with a `problem`. Throws Error for a path that does not exist.
InputScan scan_inputs(const std::vector<std::string>& paths);

struct ScreenProgress {
  int files_done = 0, files_total = 0;
  int structures = 0;  // rows written
  int failures = 0;    // error rows written
  double seconds = 0;
};

struct ScreenOptions {
  AnalysisOptions analysis;
  ReadOptions read;  // --strict
  int jobs = 1;
  // The result table (CSV). Beside it: OUTPUT.errors.csv (the error table), OUTPUT.meta.json
  // (version and options, for --resume) and, while a screen runs, OUTPUT.lock.
  std::string output;
  bool resume = false;
  double timeout_s = screen_default_timeout_s;          // per structure; 0: none
  double max_memory_gb = screen_default_max_memory_gb;  // per structure; 0: none
  // Rows for one analysed structure (without newline); default: descriptor columns.
  std::function<std::string(const Report&)> row;
  std::string header;                                   // header line of the result table
  std::function<void(const ScreenProgress&)> progress;  // called from the writing thread
};

struct ScreenSummary {
  int files = 0;          // inputs
  int files_skipped = 0;  // already complete in the output (--resume)
  int structures = 0;     // result rows written by this run
  int failures = 0;       // error rows written by this run
  int previous_rows = 0;  // result rows kept from an earlier run (--resume)
  int previous_failures = 0;
  double seconds = 0;
};

// The options of a screen that writes the screen table (screen_columns(): header and one row per
// structure) with `analysis`, as `channelmap screen` and the Python module's screen() run it:
// only the environments the table shows (AnalysisOptions::all_environments off). The caller sets
// the output, jobs, limits and progress.
ScreenOptions screen_table_options(const AnalysisOptions& analysis, const ReadOptions& read);

// Runs the screen. Throws Error with stage "usage" when the output cannot be started: it exists
// without `resume`, another process is writing it, or (with `resume`) it is not a table of this
// screen or was made by another version or other options; nothing is written then. Throws Error
// with stage "write" when a write fails (disk full, ...): the rows written before stay valid and
// `resume` finishes the table later.
ScreenSummary run_screen(const std::vector<ScreenInput>& inputs, const ScreenOptions& opt);

// Reads a finished screen table and writes it sorted by the column `score_column` (descending;
// equal scores keep the table's order), with a first column `rank` (1 = best). Rows whose
// `require_column` is empty or 0 (structures without a mobile-ion site, when it is
// "n_mobile_sites") come after all others, and rows with an empty score last. Returns the
// header and the sorted rows as CSV field lists. The ranking is written to a temporary file
// and renamed, so `ranked` is either complete or unchanged; throws Error (stage "write") when
// a write fails.
std::vector<std::vector<std::string>> write_ranking(const std::string& table,
                                                    const std::string& ranked,
                                                    const std::string& score_column,
                                                    const std::string& require_column = "");

// The fields of one CSV record (quoted fields may hold commas, quotes and newlines).
std::vector<std::string> csv_split(const std::string& record);

// The records of CSV text: each complete record (ended by a newline outside quotes) without
// its newline. `complete` (if given) receives the length of the text they take; anything after
// it is an unfinished record (cut by a kill).
std::vector<std::string> csv_records(const std::string& text, size_t* complete = nullptr);

// The key of a row of a screen table: "file#block" from its first two CSV fields.
std::string row_key(const std::string& csv_record);

}  // namespace channelmap
