// Bulk descriptors of a structure (DESIGN.md section 7): volume per anion, density, packing,
// shortest mobile-ion distances.
#pragma once
#include <string>

#include "channelmap/crystal.hpp"
#include "channelmap/framework.hpp"
#include "channelmap/paths.hpp"

namespace channelmap {

struct BulkDescriptors {
  double volume_A3 = 0;
  double density_g_cm3 = 0;
  // Framework sphere volume / cell volume (overlaps not subtracted).
  double packing_fraction = 0;
  double n_anions = 0;  // anion atoms in the cell (occupancy-weighted)
  double volume_per_anion_A3 = 0;
  // Anion units: each polyanion (PO4, SiO4, BH4, ...) counts once, each other anion atom once.
  double n_anion_units = 0;
  int n_polyanions = 0;
  double volume_per_anion_unit_A3 = 0;
  double shortest_mobile_mobile_A = 0;  // NaN without mobile sites (images included)
  double shortest_mobile_cation_A = 0;  // to a framework cation; NaN without mobile sites
  int n_mobile_sites = 0;
  int n_distinct_mobile_sites = 0;  // symmetry classes
};

// Elements that form polyanions with O, F or H neighbours closer than
// tol::polyanion_bond_A (B, C, N, Si, P, S, As, Se, Cl, Ge and the like).
bool is_polyanion_centre(const std::string& element);

// `mobile_element` is left out of the anion counts of mixed sites ("" for none).
BulkDescriptors compute_bulk(const Crystal& c, const Framework& fw, const MobilePaths& mobile,
                             const std::string& mobile_element);

}  // namespace channelmap
