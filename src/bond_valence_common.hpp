// Shared by bond_valence.cpp and oxidation.cpp (private to src/): the neighbours that can be
// bonded for bond valence, and ion names for messages.
#pragma once
#include <string>
#include <vector>

#include "channelmap/crystal.hpp"

namespace channelmap::detail {

// Longest cation-anion distance counted as a bond (A): the largest R0 tabulated for the element
// pair plus tol::bv_cutoff_margin_A, or tol::bv_missing_pair_A when the table has no R0 for it.
double pair_cutoff(const std::string& cation, const std::string& anion);
// pair_cutoff of every ordered pair of `elements`, row-major: [cation * n + anion]. Looked up once
// per structure rather than by strings per bond (issue #10).
std::vector<double> pair_cutoffs(const std::vector<std::string>& elements);

struct SiteNeighbour {
  int site;
  double d;
};

// Every site within the longest pair cutoff the elements of the crystal can need.
std::vector<std::vector<SiteNeighbour>> site_neighbours(const Crystal& c);

// "Fe3+", "O2-".
std::string ion_name(const std::string& el, int q);

}  // namespace channelmap::detail
