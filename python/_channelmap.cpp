// The Python module's native part (channelmap._channelmap): the library's reading, analysis,
// tables and screen, called with the GIL released. It converts and nothing else: every number
// comes from the library (the same functions the CLI calls), so a descriptor here is the CLI's.
// python/channelmap/__init__.py builds the user-facing API on it (docs/python.md).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "channelmap/barrier_model.hpp"
#include "channelmap/describe.hpp"
#include "channelmap/descriptor_registry.hpp"
#include "channelmap/error.hpp"
#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "channelmap/screen.hpp"
#include "channelmap/table.hpp"
#include "channelmap/tolerances.hpp"
#include "channelmap/version.hpp"
#include "channelmap/write.hpp"

namespace py = pybind11;
using namespace channelmap;

namespace {

// An analysed structure with the options that made it (the JSON report names them).
struct PyReport {
  Report report;
  AnalysisOptions options;
  ReadOptions read;
};

// An error as the Python side raises it: (file, block, stage, reason).
using ErrorTuple = std::tuple<std::string, std::string, std::string, std::string>;
ErrorTuple to_tuple(const Error& e) {
  return {e.file(), e.block(), e.stage(), e.what()};
}

// The unit of every column of the library's tables, by name ("text" for text columns).
const std::map<std::string, std::string>& column_units() {
  static const std::map<std::string, std::string> units = [] {
    std::map<std::string, std::string> m;
    auto add = [&m](const auto& cols) {
      for (const auto& c : cols) m.emplace(c.name, c.unit);
    };
    add(screen_columns());
    add(descriptor_columns());
    add(site_columns());
    add(hop_columns());
    return m;
  }();
  return units;
}

// A table cell as a Python value: None for an empty cell (the one missing value of the tables),
// str in a text column (or a column the library does not know), else the number as written: int
// when it has no decimal point or exponent, float otherwise. The text is the CSV's, so the value
// is the CSV's.
py::object cell_value(const std::string& column, const std::string& text) {
  if (text.empty()) return py::none();
  auto it = column_units().find(column);
  if (it == column_units().end() || it->second == std::string("text")) return py::str(text);
  char* end = nullptr;
  if (text.find_first_of(".eEnN") == std::string::npos) {
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (end && *end == '\0') return py::int_(v);
  }
  double v = std::strtod(text.c_str(), &end);
  if (end && *end == '\0') return py::float_(v);
  return py::str(text);
}

template <typename Row>
py::dict table_row(const std::vector<Column<Row>>& cols, const Row& row) {
  py::dict d;
  for (const auto& c : cols) d[c.name] = cell_value(c.name, c.get(row));
  return d;
}

// Runs the analysis of every structure read (the GIL released); an analysis error becomes an
// error tuple, as a screen's error row.
py::tuple analyze_read(ReadResult rr, const AnalysisOptions& opt, const ReadOptions& read) {
  std::vector<std::unique_ptr<PyReport>> reports;
  std::vector<ErrorTuple> errors;
  for (const Error& e : rr.errors) errors.push_back(to_tuple(e));
  {
    py::gil_scoped_release release;
    for (Crystal& c : rr.crystals) {
      try {
        auto p = std::make_unique<PyReport>();
        p->options = opt;
        p->read = read;
        std::string file = c.file, block = c.block;
        try {
          p->report = analyze(c, opt);
        } catch (const Error& e) {
          throw Error(file, block, e.stage().empty() ? "analysis" : e.stage(), e.what());
        }
        reports.push_back(std::move(p));
      } catch (const Error& e) {
        errors.push_back(to_tuple(e));
      } catch (const std::bad_alloc&) {
        errors.emplace_back(c.file, c.block, "analysis", "out of memory");
      }
    }
  }
  py::list out;
  for (auto& p : reports)
    out.append(py::cast(p.release(), py::return_value_policy::take_ownership));
  return py::make_tuple(out, errors);
}

// An in-memory structure's atoms as the binding receives them: (element, (x, y, z) fractional,
// occupancy, oxidation or None, label).
using AtomTuple =
    std::tuple<std::string, std::array<double, 3>, double, std::optional<int>, std::string>;
std::vector<AtomInput> atom_inputs(const std::vector<AtomTuple>& atoms) {
  std::vector<AtomInput> in;
  in.reserve(atoms.size());
  for (const auto& [el, f, occ, ox, label] : atoms)
    in.push_back({el, Fractional(f[0], f[1], f[2]), occ, ox, label});
  return in;
}
std::array<Vec3, 3> lattice_rows(const std::array<std::array<double, 3>, 3>& v) {
  std::array<Vec3, 3> rows;
  for (int i = 0; i < 3; ++i) rows[i] = {v[i][0], v[i][1], v[i][2]};
  return rows;
}

}  // namespace

PYBIND11_MODULE(_channelmap, m) {
  m.doc() = "channelmap's native part; use the channelmap package (docs/python.md)";
  m.attr("version") = version();

  py::class_<AnalysisOptions>(m, "AnalysisOptions")
      .def(py::init<>())
      .def_readwrite("mobile_element", &AnalysisOptions::mobile_element)
      .def_readwrite("probe_A", &AnalysisOptions::probe_A)
      .def_readwrite("uniform_radius_A", &AnalysisOptions::uniform_radius_A)
      .def_readwrite("radius_overrides", &AnalysisOptions::radius_overrides)
      .def_property(
          "radii_set",
          [](const AnalysisOptions& o) { return std::string(radii_set_name(o.radii_set)); },
          [](AnalysisOptions& o, const std::string& name) {
            auto s = parse_radii_set(name);
            if (!s)
              throw py::value_error("radii_set must be 'shannon' or 'vdw', not '" + name + "'");
            o.radii_set = *s;
          })
      .def_readwrite("symprec_A", &AnalysisOptions::symprec_A)
      .def_readwrite("min_occupancy", &AnalysisOptions::min_occupancy)
      .def_readwrite("zeopp_compatible", &AnalysisOptions::zeopp_compatible)
      .def_readwrite("all_environments", &AnalysisOptions::all_environments)
      .def_readwrite("wyckoff_letters", &AnalysisOptions::wyckoff_letters)
      .def_readwrite("energy", &AnalysisOptions::energy)
      .def_readwrite("energy_grid_A", &AnalysisOptions::energy_grid_A)
      .def("check",
           [](const AnalysisOptions& o) {
             try {
               check_options(o);
             } catch (const Error& e) {
               throw Error("", "", "usage", e.what());
             }
           })
      .def("line", [](const AnalysisOptions& o, bool strict) {
        ReadOptions r;
        r.strict = strict;
        return options_line(o, r);
      });

  py::class_<PyReport>(m, "NativeReport")
      .def("json",
           [](const PyReport& p) { return describe_json_line(p.report, p.options, p.read); })
      .def("summary",
           [](const PyReport& p) {
             std::ostringstream os;
             write_summary(os, p.report);
             return os.str();
           })
      .def("descriptors",
           [](const PyReport& p) { return table_row(descriptor_columns(), p.report); })
      .def("sites",
           [](const PyReport& p) {
             py::list rows;
             for (int i = 0; i < static_cast<int>(p.report.crystal.sites.size()); ++i)
               rows.append(table_row(site_columns(), SiteRow{p.report, i}));
             return rows;
           })
      .def("hops", [](const PyReport& p) {
        py::list rows;
        for (int i = 0; i < static_cast<int>(p.report.mobile.hops.size()); ++i)
          rows.append(table_row(hop_columns(), HopRow{p.report, i}));
        return rows;
      });

  // (reports, errors) of every structure in a file ("file.cif#block": one block).
  m.def("analyze_file", [](const std::string& path, const AnalysisOptions& opt, bool strict) {
    ReadOptions read;
    read.strict = strict;
    ReadResult rr;
    {
      py::gil_scoped_release release;
      rr = read_structures(path, FileFormat::Auto, read);
      set_structure_ids(rr.crystals, path, "");  // as `describe FILE` writes them
    }
    return analyze_read(std::move(rr), opt, read);
  });

  // (reports, errors) of a structure given as lattice vectors (rows, A) and atoms
  // (element, (x, y, z) fractional, occupancy, oxidation or None, label).
  m.def("analyze_atoms",
        [](const std::string& name, const std::array<std::array<double, 3>, 3>& v,
           const std::vector<AtomTuple>& atoms, const AnalysisOptions& opt, bool strict) {
          ReadOptions read;
          read.strict = strict;
          return analyze_read(crystal_from_atoms(name, lattice_rows(v), atom_inputs(atoms), read),
                              opt, read);
        });

  // `channelmap path --json` of the first structure of a file, or of an in-memory structure
  // given as analyze_atoms' arguments: (json, errors).
  using Frac3 = std::array<double, 3>;
  auto path_of = [](ReadResult rr, const std::string& file, const Frac3& from, const Frac3& to,
                    const std::optional<std::array<int, 3>>& offset, const std::string& mobile,
                    double grid_A) {
    std::vector<ErrorTuple> errors;
    for (const Error& e : rr.errors) errors.push_back(to_tuple(e));
    std::string json;
    if (!rr.crystals.empty()) {
      const Crystal& c = rr.crystals.front();
      PathRequest rq;
      rq.from = Fractional(from[0], from[1], from[2]);
      rq.to = Fractional(to[0], to[1], to[2]);
      if (offset) rq.offset = Offset{(*offset)[0], (*offset)[1], (*offset)[2]};
      rq.mobile = mobile;
      rq.grid_A = grid_A;
      try {
        py::gil_scoped_release release;
        json = path_json(file, c, rq, analyze_path(c, rq));
      } catch (const Error& e) {
        errors.emplace_back(c.file, c.block, "analysis", e.what());
      }
    }
    return py::make_tuple(json, errors);
  };
  m.def("path_file", [path_of](const std::string& path, const Frac3& from, const Frac3& to,
                               const std::optional<std::array<int, 3>>& offset,
                               const std::string& mobile, double grid_A) {
    ReadResult rr;
    {
      py::gil_scoped_release release;
      rr = read_structures(path);
    }
    return path_of(std::move(rr), path, from, to, offset, mobile, grid_A);
  });
  m.def("path_atoms",
        [path_of](const std::string& name, const std::array<std::array<double, 3>, 3>& v,
                  const std::vector<AtomTuple>& atoms, const Frac3& from, const Frac3& to,
                  const std::optional<std::array<int, 3>>& offset, const std::string& mobile,
                  double grid_A) {
          return path_of(crystal_from_atoms(name, lattice_rows(v), atom_inputs(atoms)), name, from,
                         to, offset, mobile, grid_A);
        });
  m.def("min_grid_A", [] { return tol::bvse_min_grid_A; });
  m.def("default_grid_A", [] { return tol::bvse_grid_A; });

  // Runs `channelmap screen` of `inputs` into `output` (the CLI's table and sidecars); returns
  // the summary as a dict. Errors that stop the screen (usage, write) are returned as a tuple.
  m.def("screen",
        [](const std::vector<std::string>& inputs, const AnalysisOptions& opt, bool strict,
           const std::string& output, int jobs, bool resume, double timeout_s, double max_memory_gb,
           int shard_index, int shard_count) -> py::object {
          ReadOptions read;
          read.strict = strict;
          ScreenSummary s;
          try {
            py::gil_scoped_release release;
            InputScan scan = scan_inputs(inputs);
            if (scan.inputs.empty())
              throw Error("", "", "usage",
                          cat("no structure files found (", scan.ignored,
                              " files ignored: not structure file names)"));
            ScreenOptions so = screen_table_options(opt, read);
            so.output = output;
            so.jobs = jobs;
            so.resume = resume;
            so.timeout_s = timeout_s;
            so.max_memory_gb = max_memory_gb;
            so.shard = {shard_index, shard_count};
            s = run_screen(scan.inputs, so);
          } catch (const Error& e) {
            return py::cast(to_tuple(e));
          }
          py::dict d;
          d["files"] = s.files;
          d["files_skipped"] = s.files_skipped;
          d["structures"] = s.structures;
          d["failures"] = s.failures;
          d["previous_rows"] = s.previous_rows;
          d["previous_failures"] = s.previous_failures;
          d["seconds"] = s.seconds;
          return d;
        });

  // The ranking beside a finished screen table (write_screen_ranking): its path, or a
  // (file, block, stage, message) tuple when it cannot be written.
  m.def("write_screen_ranking", [](const std::string& table, bool by_barrier) -> py::object {
    try {
      py::gil_scoped_release release;
      write_screen_ranking(table, by_barrier);
    } catch (const Error& e) {
      return py::cast(to_tuple(e));
    }
    return py::cast(ranked_path(table));
  });

  // The rows of a CSV table the library wrote (screen, describe), each a dict of typed cells.
  m.def("read_table", [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "", "read", "cannot open the table");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    std::vector<std::string> records = csv_records(text);
    py::list rows;
    if (records.empty()) return rows;
    std::vector<std::string> header = csv_split(records[0]);
    for (size_t i = 1; i < records.size(); ++i) {
      std::vector<std::string> f = csv_split(records[i]);
      py::dict d;
      for (size_t k = 0; k < header.size(); ++k)
        d[header[k].c_str()] = cell_value(header[k], k < f.size() ? f[k] : std::string());
      rows.append(d);
    }
    return rows;
  });

  // `describe`'s inputs and one input's table lines (channelmap/describe.hpp), for tables
  // assembled from other processes (tools/dask_describe.py): (inputs, notes), inputs as
  // (spec, root, problem).
  m.def("describe_inputs", [](const std::vector<std::string>& paths) {
    std::vector<std::string> notes;
    std::vector<std::tuple<std::string, std::string, std::string>> out;
    for (const DescribeInput& in : describe_inputs(paths, &notes))
      out.emplace_back(in.spec, in.root, in.problem);
    return py::make_tuple(out, notes);
  });
  m.def("describe_input",
        [](const std::string& spec, const std::string& root, const std::string& problem,
           const AnalysisOptions& opt, bool strict, bool jsonl) {
          ReadOptions read;
          read.strict = strict;
          DescribeChunk ch;
          {
            py::gil_scoped_release release;
            ch = describe_input({spec, root, problem}, opt, read, jsonl);
          }
          py::dict d;
          d["rows"] = ch.rows;
          d["sites"] = ch.sites;
          d["hops"] = ch.hops;
          d["errors"] = ch.errors;
          d["messages"] = ch.messages;
          d["failures"] = ch.failures;
          return d;
        });
  // The header line (with its newline) of a table: "descriptors", "sites", "hops", "screen"
  // or "errors".
  m.def("table_header", [](const std::string& table) {
    std::ostringstream os;
    if (table == "descriptors")
      write_csv_header(os, descriptor_columns());
    else if (table == "sites")
      write_csv_header(os, site_columns());
    else if (table == "hops")
      write_csv_header(os, hop_columns());
    else if (table == "screen")
      write_csv_header(os, screen_columns());
    else if (table == "errors")
      os << describe_errors_header;
    else
      throw Error("", "", "usage",
                  "table must be descriptors, sites, hops, screen or errors, not '" + table + "'");
    return os.str();
  });

  m.def("normalize_element", &normalize_element);
  m.def("read_radius_overrides", &read_radius_overrides);

  // The barrier model for the whole process (as --barrier-model FILE).
  m.def("use_barrier_model_file", [](const std::string& path) { use_barrier_model_file(path); });

  // channelmap::Error as channelmap.Error (python/channelmap/_errors.py), with file, block,
  // stage and reason.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      py::object cls = py::module_::import("channelmap._errors").attr("error_class")(e.stage());
      py::object exc = cls(e.file(), e.block(), e.stage(), e.what());
      PyErr_SetObject(cls.ptr(), exc.ptr());
    }
  });
}
