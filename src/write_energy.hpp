// The energy (BVSE) part of the writers (src/write.cpp): the report JSON's `energy` object and
// per-hop fields, and the energy lines of the `inspect` summary. Private to src/.
#pragma once
#include <cstddef>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "channelmap/report.hpp"

namespace channelmap {

// The report JSON's one convention for a missing value (docs/schema.md): null, never a magic
// number. A real number is missing when it is not finite (NaN); a count or an index when it is
// below 0 (-1, the C++ structures' "none").
nlohmann::json nullable(double v);
nlohmann::json nullable_index(int v);

// The `energy` object of the report JSON: computed, reason, grid_A, grid_n, mobile_charge,
// grid_min_eV, e_kd_eV [E_1D, E_2D, E_3D], directions [1D, 2D, 3D] (lattice translations of the
// first component to percolate in k dimensions), site_energy_eV (per mobile site) and minima
// (frac, energy_eV, mobile_site). Every energy but grid_min_eV is relative to grid_min_eV.
nlohmann::json energy_json(const Report& r);

// Adds bvse_barrier_eV, bvse_saddle_eV (above the grid minimum), energy_path_length_A and
// `descriptors` (the per-path descriptors of `channelmap path`) to hop `h`'s JSON object; null
// values and an empty object when the energy was not computed.
void add_hop_energy_json(nlohmann::json& hop, const Report& r, size_t h);

// The energy lines of the summary: E_1D/E_2D/E_3D, the 1D direction, site energies and minima,
// or why the energy was not computed.
void write_energy_summary(std::ostream& os, const Report& r);

// "  BVSE barrier 0.512 eV" for hop `h`, "" when the energy was not computed.
std::string hop_energy_text(const Report& r, size_t h);

}  // namespace channelmap
