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

// A part of a screen for a cluster job array: shard `index` of `count` takes the inputs whose
// position in the sorted input list (InputScan::inputs), counted from 0, is `index - 1` modulo
// `count` (round-robin, so that the large and the small files of a directory are spread
// evenly). `count` 0: no shard, every input.
struct ScreenShard {
  int index = 0;  // 1..count
  int count = 0;
  bool sharded() const { return count > 0; }
  std::string label() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// The inputs of shard `shard` (all of them when it is not sharded), in their order. Throws
// Error with stage "usage" unless 1 <= index <= count.
std::vector<ScreenInput> shard_inputs(const std::vector<ScreenInput>& inputs,
                                      const ScreenShard& shard);

struct ScreenOptions {
  AnalysisOptions analysis;
  ReadOptions read;  // --strict
  int jobs = 1;
  // The result table (CSV). Beside it: OUTPUT.errors.csv (the error table), OUTPUT.meta.json
  // (version and options, for --resume) and, while a screen runs, OUTPUT.lock.
  std::string output;
  bool resume = false;
  // Screen only this shard of the inputs. Its sidecar records the shard (and the inputs it was
  // taken from, and whether it is complete) for --resume and merge_screens().
  ScreenShard shard;
  double timeout_s = screen_default_timeout_s;          // per structure; 0: none
  double max_memory_gb = screen_default_max_memory_gb;  // per structure; 0: none
  // Rows for one analysed structure (without newline); default: descriptor columns.
  std::function<std::string(const Report&)> row;
  std::string header;                                   // header line of the result table
  std::function<void(const ScreenProgress&)> progress;  // called from the writing thread
};

struct ScreenSummary {
  int files = 0;          // inputs (of the shard)
  int files_skipped = 0;  // already complete in the output (--resume)
  int structures = 0;     // result rows written by this run
  int failures = 0;       // error rows written by this run
  int previous_rows = 0;  // result rows kept from an earlier run (--resume)
  int previous_failures = 0;
  double seconds = 0;
};

// The options of a screen that writes the screen table (screen_columns(): header and one row per
// structure) with `analysis`, as `channelmap screen` and the Python module's screen() run it:
// only the environments the table shows (AnalysisOptions::all_environments off), and no Wyckoff
// letters (AnalysisOptions::wyckoff_letters off). The caller sets
// the output, jobs, limits and progress.
ScreenOptions screen_table_options(const AnalysisOptions& analysis, const ReadOptions& read);

// Runs the screen of `inputs` (all that scan_inputs found: with a shard, run_screen takes the
// shard's own). Throws Error with stage "usage" when the output cannot be started: it exists
// without `resume`, another process is writing it, or (with `resume`) it is not a table of this
// screen or was made by another version, other options or another shard; nothing is written
// then. Throws Error with stage "write" when a write fails (disk full, ...): the rows written
// before stay valid and `resume` finishes the table later.
ScreenSummary run_screen(const std::vector<ScreenInput>& inputs, const ScreenOptions& opt);

struct MergeOptions {
  // The merged table; beside it OUTPUT.errors.csv and OUTPUT.meta.json, as a screen writes them.
  std::string output;
  std::string header;  // header line of the result table (as ScreenOptions::header)
};

struct MergeSummary {
  int shards = 0;
  int rows = 0;         // result rows
  int failures = 0;     // error rows
  std::string options;  // the shards' options line (options_line())
};

// Merges the tables of the shards 1..N of one screen (each OUTPUT of a run_screen with
// `shard`; their .errors.csv and .meta.json beside them) into the files one screen of all the
// inputs without a shard writes, byte for byte: the rows in input order (sorted by the `file`
// column, as scan_inputs() sorts the inputs; a file's rows keep their order), and the sidecar
// without the shard. Throws Error with stage "usage", naming the file and the reason, when the
// shards are not a complete set of one screen by this version (a shard missing or given twice,
// unfinished, a row cut or missing, another version, other options, other inputs, another
// count) or the output exists; nothing is written then. Each output is written to a temporary
// file and renamed; throws Error with stage "write" when a write fails.
MergeSummary merge_screens(const std::vector<std::string>& shard_tables, const MergeOptions& opt);

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

// The ranking beside a screen table: OUTPUT without ".csv", plus ".ranked.csv".
std::string ranked_path(const std::string& output);

// The ranking `screen` and `merge` write beside a finished table (and the Python module's
// screen(output=...)): write_ranking(table, ranked_path(table), ...) by "score" (`by_barrier`:
// the energy was computed) or "geometry_score", structures outside the calibrated domain
// ("in_domain" 0) after all others (docs/ranking.md).
std::vector<std::vector<std::string>> write_screen_ranking(const std::string& table,
                                                           bool by_barrier);

// The fields of one CSV record (quoted fields may hold commas, quotes and newlines).
std::vector<std::string> csv_split(const std::string& record);

// The records of CSV text: each complete record (ended by a newline outside quotes) without
// its newline. `complete` (if given) receives the length of the text they take; anything after
// it is an unfinished record (cut by a kill).
std::vector<std::string> csv_records(const std::string& text, size_t* complete = nullptr);

// The key of a row of a screen table: "file#block" from its first two CSV fields.
std::string row_key(const std::string& csv_record);

}  // namespace channelmap
