// Writers: readable summary, JSON, and a CIF of the network for VESTA.
#pragma once
#include <ostream>
#include <string>

#include "channelmap/report.hpp"

namespace channelmap {

// The human-readable summary printed by `channelmap inspect`.
void write_summary(std::ostream& os, const Report& r);

// The full report as JSON (schema in docs/schema.md). `indent` < 0: one line.
std::string report_json(const Report& r, int indent = 2);

// The framework plus dummy atoms: He at network nodes, Ne at edge bottleneck points (edges whose
// bottleneck is at least `min_bottleneck_A`). Readable by VESTA and gemmi.
void write_network_cif(std::ostream& os, const Report& r, double min_bottleneck_A);

// The same atoms as a VASP 5 POSCAR (Direct coordinates): one atom per framework position (its
// species of largest occupancy; POSCAR has no occupancies), then He at the nodes and Ne at the
// bottlenecks, each element group in that order. The clearances are not kept.
void write_network_poscar(std::ostream& os, const Report& r, double min_bottleneck_A);

// A value in A, or "-" when it does not exist (for example Rf_3D of a 1D channel system).
std::string format_length(double v, int precision = 4);

}  // namespace channelmap
