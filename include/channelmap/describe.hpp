// `channelmap describe`'s work for one input, as a library step: the inputs a list of paths
// gives (directories searched as a screen searches them), and the table lines of one input.
// The CLI runs it on threads; the Python module and the Dask example (tools/dask_describe.py)
// run it on other processes or machines and join the lines in input order, giving the CLI's
// tables byte for byte.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"

namespace channelmap {

// One input: a file (file.cif#block) as given, or a file found under the directory `root`.
struct DescribeInput {
  std::string spec;
  std::string root;     // "" for a file named directly
  std::string problem;  // why an entry found in a directory cannot be read (a FIFO, ...)
};

// The inputs of `describe`: directories become the structure files under them (scan_inputs(),
// each with the directory as the root of its id); files stay as given. A path met twice is kept
// once. A directory without structure files is an input with a `problem` (it fails as a file
// that cannot be read). What the search left out is added to `notes` (one line each, without
// "note: "). Throws Error for a path that does not exist.
std::vector<DescribeInput> describe_inputs(const std::vector<std::string>& paths,
                                           std::vector<std::string>* notes = nullptr);

// What one input gives: the lines of each table (each ending with a newline) and one message
// per error ("error: file#block: reason"), in order.
struct DescribeChunk {
  std::string rows;    // descriptor table (descriptor_columns()), or JSON Lines
  std::string sites;   // site table
  std::string hops;    // hop table
  std::string errors;  // error table: file,block,stage,message
  std::string messages;
  int failures = 0;
};

// The header of the error table (with its newline).
extern const char* const describe_errors_header;

// Reads and analyses one input. `jsonl`: the rows are describe_json_line()s. Never throws: an
// error of reading or analysis (and any other exception) is an error row.
DescribeChunk describe_input(const DescribeInput& in, const AnalysisOptions& opt,
                             const ReadOptions& read, bool jsonl);

}  // namespace channelmap
