// channelmap describe: the descriptor table, one row per structure, plus site and hop tables.
#include <fstream>
#include <iostream>
#include <memory>

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "channelmap/table.hpp"
#include "channelmap/write.hpp"
#include "commands.hpp"
#include "options.hpp"

namespace channelmap::cli {

namespace {
struct DescribeArgs {
  std::vector<std::string> files;
  AnalysisArgs analysis;
  std::string output, format = "csv", sites, hops, errors;
  bool schema = false;
};

// An output stream: a file, or stdout for "" or "-".
std::unique_ptr<std::ostream> open_out(const std::string& path, bool* ok) {
  *ok = true;
  if (path.empty() || path == "-") return std::make_unique<std::ostream>(std::cout.rdbuf());
  auto f = std::make_unique<std::ofstream>(path);
  if (!*f) {
    std::cerr << "channelmap: cannot write " << path << '\n';
    *ok = false;
  }
  return f;
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
  std::optional<AnalysisOptions> opt = to_options(a.analysis);
  if (!opt) return 2;
  bool ok1, ok2 = true, ok3 = true, ok4 = true;
  auto out = open_out(a.output, &ok1);
  std::unique_ptr<std::ostream> sites, hops, errors;
  if (!a.sites.empty()) sites = open_out(a.sites, &ok2);
  if (!a.hops.empty()) hops = open_out(a.hops, &ok3);
  if (!a.errors.empty()) errors = open_out(a.errors, &ok4);
  if (!(ok1 && ok2 && ok3 && ok4)) return 2;
  if (a.format == "csv") write_csv_header(*out, descriptor_columns());
  if (sites) write_csv_header(*sites, site_columns());
  if (hops) write_csv_header(*hops, hop_columns());
  if (errors) *errors << "file,block,stage,message\n";
  int status = 0;
  auto report_error = [&](const Error& e) {
    status = 1;
    std::cerr << "error: " << e.one_line() << '\n';
    if (errors)
      *errors << csv_quote(e.file()) << ',' << csv_quote(e.block()) << ',' << csv_quote(e.stage())
              << ',' << csv_quote(e.what()) << '\n';
  };
  for (const std::string& file : a.files) {
    ReadResult rr = read_structures(file, FileFormat::Auto, read_options(a.analysis));
    for (const Error& e : rr.errors) report_error(e);
    for (const Crystal& c : rr.crystals) {
      try {
        Report r = analyze(c, *opt);
        if (a.format == "csv")
          write_csv_row(*out, descriptor_columns(), r);
        else
          *out << report_json(r, -1) << '\n';
        if (sites)
          for (int i = 0; i < static_cast<int>(r.crystal.sites.size()); ++i)
            write_csv_row(*sites, site_columns(), SiteRow{r, i});
        if (hops)
          for (int i = 0; i < static_cast<int>(r.mobile.hops.size()); ++i)
            write_csv_row(*hops, hop_columns(), HopRow{r, i});
      } catch (const Error& e) {
        report_error(e);
      }
      out->flush();
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
                        "CIF or POSCAR files (file.cif#block for one block of a CIF)");
        add_analysis_options(app, a->analysis);
        app->add_option("-o,--output", a->output, "Write the table here (default: stdout)");
        app->add_option("--format", a->format,
                        "csv (one row per structure, default) or jsonl (the full report, one "
                        "JSON object per line)");
        app->add_option("--sites", a->sites, "Also write the per-site table (CSV) to this file");
        app->add_option("--hops", a->hops, "Also write the per-hop table (CSV) to this file");
        app->add_option("--errors", a->errors,
                        "Also write the errors as a CSV table (file, block, stage, message)");
        app->add_flag("--schema", a->schema,
                      "Print the columns of every table with their meaning and units, and exit");
        return [a] { return run_describe(*a); };
      }};
}

}  // namespace channelmap::cli
