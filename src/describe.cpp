#include "channelmap/describe.hpp"

#include <filesystem>
#include <set>
#include <sstream>

#include "channelmap/error.hpp"
#include "channelmap/screen.hpp"
#include "channelmap/table.hpp"
#include "channelmap/write.hpp"

namespace channelmap {

const char* const describe_errors_header = "file,block,stage,message\n";

std::vector<DescribeInput> describe_inputs(const std::vector<std::string>& paths,
                                           std::vector<std::string>* notes) {
  std::vector<DescribeInput> inputs;
  std::set<std::string> seen;
  auto add = [&](const std::string& spec, const std::string& root, const std::string& problem) {
    if (seen.insert(std::filesystem::path(spec).lexically_normal().string()).second)
      inputs.push_back({spec, root, problem});
  };
  auto note = [&](std::string line) {
    if (notes) notes->push_back(std::move(line));
  };
  for (const std::string& a : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(a, ec)) {
      InputScan scan = scan_inputs({a});
      if (scan.inputs.empty())  // named, but gives nothing: an input that failed, as a bad file
        add(a, "",
            "a directory without structure files (*.cif, POSCAR*, CONTCAR*, *.vasp, *.poscar, "
            "also gzipped)");
      for (const ScreenInput& in : scan.inputs) add(in.path, a, in.problem);
      for (const auto& [left, kept] : scan.duplicates)
        note(left + " is the same file as " + kept + "; described once");
      for (const std::string& link : scan.links_not_followed)
        note(link + ": a link to a directory, not followed");
    } else {
      add(a, "", "");
    }
  }
  return inputs;
}

namespace {
DescribeChunk describe_one(const DescribeInput& in, const AnalysisOptions& opt,
                           const ReadOptions& read, bool jsonl) {
  DescribeChunk ch;
  auto report_error = [&](const Error& e) {
    ++ch.failures;
    ch.messages += "error: " + e.one_line() + '\n';
    ch.errors += csv_quote(e.file()) + ',' + csv_quote(e.block()) + ',' + csv_quote(e.stage()) +
                 ',' + csv_quote(e.what()) + '\n';
  };
  if (!in.problem.empty()) {
    report_error(Error(in.spec, "", "input", in.problem));
    return ch;
  }
  ReadResult rr = read_structures(in.spec, FileFormat::Auto, read);
  for (const Error& e : rr.errors) report_error(e);
  set_structure_ids(rr.crystals, in.spec, in.root);
  for (Crystal& c : rr.crystals) {
    try {
      Report r = analyze(c, opt);
      std::ostringstream rows, sites, hops;
      if (jsonl)
        rows << describe_json_line(r, opt, read) << '\n';
      else
        write_csv_row(rows, descriptor_columns(), r);
      for (int i = 0; i < static_cast<int>(r.crystal.sites.size()); ++i)
        write_csv_row(sites, site_columns(), SiteRow{r, i});
      for (int i = 0; i < static_cast<int>(r.mobile.hops.size()); ++i)
        write_csv_row(hops, hop_columns(), HopRow{r, i});
      ch.rows += rows.str();
      ch.sites += sites.str();
      ch.hops += hops.str();
    } catch (const Error& e) {
      report_error(e);
    }
  }
  return ch;
}
}  // namespace

DescribeChunk describe_input(const DescribeInput& in, const AnalysisOptions& opt,
                             const ReadOptions& read, bool jsonl) {
  // Out of memory, say: this input fails, not the run.
  auto internal = [&in](const std::string& what) {
    DescribeChunk ch;
    ch.failures = 1;
    ch.messages = "error: " + in.spec + ": " + what + '\n';
    ch.errors = csv_quote(in.spec) + ",,internal," + csv_quote(what) + '\n';
    return ch;
  };
  try {
    return describe_one(in, opt, read, jsonl);
  } catch (const std::exception& e) {
    return internal(e.what());
  } catch (...) {
    return internal("internal error");
  }
}

}  // namespace channelmap
