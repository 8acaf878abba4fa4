// Writers: readable summary, JSON, and a CIF of the network for VESTA.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"

namespace channelmap {

// The human-readable summary printed by `channelmap inspect`.
void write_summary(std::ostream& os, const Report& r);

// The full report as JSON (schema in docs/schema.md). `indent` < 0: one line. A field
// "channelmap" says what made it: {"version": version()}, and with `opt` also "options":
// options_line(opt, read). Strings that are not UTF-8 (a file name in another encoding) are written
// with U+FFFD for each bad byte: the JSON never fails on a string.
std::string report_json(const Report& r, int indent = 2);
std::string report_json(const Report& r, const AnalysisOptions& opt, int indent = 2,
                        const ReadOptions& read = {});

// `channelmap path --json`: the path `pa` (analyze_path() of `rq` in `c`, read from `file`) as
// one JSON line: file, channelmap {version, options}, structure, ok; when ok also mobile,
// mobile_charge, oxidation_states_from, from, to, offset, grid_A, grid_points, cutoff_A,
// descriptors (with predicted_em_eV from the barrier model in use), saddle, profile (s_A,
// energy_eV, frac, cart_A, clearance_A, cn per point) and warnings; else mobile and reason.
// Non-finite numbers are null.
std::string path_json(const std::string& file, const Crystal& c, const PathRequest& rq,
                      const PathAnalysis& pa);

// One line of `describe --format jsonl`: the report (as report_json with `opt`) plus every
// column of the descriptor table (descriptor_columns()) under its own name, so that the JSON
// Lines hold everything the CSV holds: numbers (registry value at full precision; an integer
// for a count) or text, null for an empty cell. Where the report already has a field of that
// name (file, block, formula, di_A, disordered ...), that field stays (same value; disordered
// is a boolean).
std::string describe_json_line(const Report& r, const AnalysisOptions& opt,
                               const ReadOptions& read = {});

// The sidecar of a CSV table written to a file: `csv_path` + ".meta.json", holding
// {"program": `program`, "version": version(), "options": options_line(opt, read),
// "table_schema_version", "table": the CSV's file name, "columns": [its column names]}, one key
// per line (docs/schema.md). `columns` empty: read from the CSV's header line (so write the
// header first). Throws Error when the sidecar cannot be written. meta_sidecar_text() is the
// text (`options` as options_line() gives it); `screen` writes it atomically and reads it back
// to check a --resume.
std::string meta_sidecar_path(const std::string& csv_path);
std::string meta_sidecar_text(const std::string& csv_path, const std::string& program,
                              const std::string& options, const std::vector<std::string>& columns);
void write_meta_sidecar(const std::string& csv_path, const AnalysisOptions& opt,
                        const ReadOptions& read, std::vector<std::string> columns = {},
                        const std::string& program = "channelmap");

// The dummy atoms of a network export, in the order they are written: Kr at the bottleneck of
// every copy of the widest hop in the cell (every hop of its symmetry group), Ar at the network
// nodes on those hops, He at the other nodes, Ne at the bottlenecks of the other edges whose
// bottleneck is at least `min_bottleneck_A`. A dummy atom closer than
// tol::export_min_separation_A to a framework position (every Crystal site, mobile sites
// included) or to a dummy atom before it in that order is left out: no two atoms of the file
// overlap (pymatgen and ASE read it; so does channelmap's reader), and the widest hop's path and
// bottleneck are shown whatever `min_bottleneck_A` (its bottleneck is left out only when it lies
// that close to a framework atom, possible only for near-point atoms; the CIF's header comment
// gives its radius and position in any case).
struct DummyAtom {
  std::string element;  // "Kr", "Ar", "He" or "Ne"
  std::string label;    // "HopNeck1", "HopNode1", "Node1", "Neck1", ...
  Fractional frac;      // wrapped into [0, 1)
  double radius_A = 0;  // clearance at that point (A)
};
struct NetworkExport {
  std::vector<DummyAtom> dummies;
  int widest_hop_copies = 0;  // hops of the widest hop's group in the cell (0: no hop)
  double widest_bottleneck_A = 0;
  int left_out = 0;  // dummy atoms left out for being too close to an atom written before them
};
NetworkExport network_export(const Report& r, double min_bottleneck_A);

// The framework plus the dummy atoms of network_export() as a P1 CIF, every species of every
// Crystal site with its occupancy; the clearance radius (A) of each dummy atom is in
// _atom_site_channelmap_radius. Readable by VESTA, pymatgen, ASE, gemmi and channelmap.
void write_network_cif(std::ostream& os, const Report& r, double min_bottleneck_A);

// The same atoms as a VASP 5 POSCAR (Direct coordinates): one atom per framework position (its
// species of largest occupancy; POSCAR has no occupancies), then the dummy atoms, each element
// group in that order (Kr, Ar, He, Ne). The clearances are not kept.
void write_network_poscar(std::ostream& os, const Report& r, double min_bottleneck_A);

// A value in A, or "-" when it does not exist (for example Rf_3D of a 1D channel system).
std::string format_length(double v, int precision = 4);

}  // namespace channelmap
