// Van der Waals radii (A) for --radii-set vdw (radii.hpp):
// - A. Bondi, "van der Waals Volumes and Radii", J. Phys. Chem. 68, 441-451 (1964), Table I
//   (non-metals and the metals Bondi lists), with his correction for Zn, Cd and Hg in
//   J. Phys. Chem. 70, 3006 (1966): source "bondi1964";
// - for the main-group elements Bondi has no radius for, M. Mantina, A. C. Chamberlin,
//   R. Valero, C. J. Cramer, D. G. Truhlar, "Consistent van der Waals Radii for the Whole Main
//   Group", J. Phys. Chem. A 113, 5806-5812 (2009), Table 12 (values marked new there):
//   source "mantina2009".
// H keeps Bondi's 1.20 A (Mantina's Table 12 lists Rowland and Taylor's 1.10 A instead).
// Elements in neither (most transition metals, lanthanides, actinides but U) have no van der
// Waals radius here: the analysis gives them their Shannon ionic radius and says so.
#include "channelmap/radii.hpp"

namespace channelmap {

namespace {
struct VdwRow {
  const char* el;
  double r;
  bool mantina;  // from Mantina et al. (2009), else Bondi (1964)
};
const VdwRow kVdw[] = {
    {"H", 1.20, false},  {"He", 1.40, false}, {"Li", 1.82, false}, {"Be", 1.53, true},
    {"B", 1.92, true},   {"C", 1.70, false},  {"N", 1.55, false},  {"O", 1.52, false},
    {"F", 1.47, false},  {"Ne", 1.54, false}, {"Na", 2.27, false}, {"Mg", 1.73, false},
    {"Al", 1.84, true},  {"Si", 2.10, false}, {"P", 1.80, false},  {"S", 1.80, false},
    {"Cl", 1.75, false}, {"Ar", 1.88, false}, {"K", 2.75, false},  {"Ca", 2.31, true},
    {"Ni", 1.63, false}, {"Cu", 1.40, false}, {"Zn", 1.39, false}, {"Ga", 1.87, false},
    {"Ge", 2.11, true},  {"As", 1.85, false}, {"Se", 1.90, false}, {"Br", 1.85, false},
    {"Kr", 2.02, false}, {"Rb", 3.03, true},  {"Sr", 2.49, true},  {"Pd", 1.63, false},
    {"Ag", 1.72, false}, {"Cd", 1.62, false}, {"In", 1.93, false}, {"Sn", 2.17, false},
    {"Sb", 2.06, true},  {"Te", 2.06, false}, {"I", 1.98, false},  {"Xe", 2.16, false},
    {"Cs", 3.43, true},  {"Ba", 2.68, true},  {"Pt", 1.72, false}, {"Au", 1.66, false},
    {"Hg", 1.70, false}, {"Tl", 1.96, false}, {"Pb", 2.02, false}, {"Bi", 2.07, true},
    {"Po", 1.97, true},  {"At", 2.02, true},  {"Rn", 2.20, true},  {"Fr", 3.48, true},
    {"Ra", 2.83, true},  {"U", 1.86, false},
};
}  // namespace

std::optional<RadiusEntry> vdw_radius(const std::string& element) {
  for (const VdwRow& row : kVdw)
    if (element == row.el)
      return RadiusEntry{row.r, 0, 0, row.mantina ? "mantina2009" : "bondi1964"};
  return std::nullopt;
}

}  // namespace channelmap
