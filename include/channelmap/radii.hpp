// Atomic radii for the framework spheres: Shannon (1976) effective ionic radii (by default;
// one per element here, for its usual oxidation state (usual_oxidation_state()) at CN 6, or the
// nearest tabulated coordination when Shannon lists no CN 6), or van der Waals radii (Bondi 1964,
// Mantina et al. 2009) for molecular and metal-organic frameworks; overridable per element.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "channelmap/crystal.hpp"

namespace channelmap {

// The radii of framework atoms (--radii-set): Shannon's ionic radii by oxidation state and
// coordination (inorganic ionic hosts), or van der Waals radii (molecular and metal-organic
// frameworks, whose C and H Shannon makes nearly points: C4+ 0.16 A, H+ 0).
enum class RadiiSet { Shannon, Vdw };
// "shannon" or "vdw".
const char* radii_set_name(RadiiSet set);
// The set named `name` ("shannon" or "vdw"); nothing for another name.
std::optional<RadiiSet> parse_radii_set(const std::string& name);

struct RadiusEntry {
  double radius_A = 0;
  int oxidation = 0;   // oxidation state the radius belongs to
  int cn = 6;          // Shannon coordination number of the value
  std::string source;  // "shannon1976", "bondi1964", "mantina2009", "file", "uniform"
};

// The van der Waals radius of `element` (src/vdw_table.cpp): Bondi (1964), or Mantina et al.
// (2009) for the main-group elements Bondi has none for; nothing for the other elements (most
// transition metals, lanthanides). source "bondi1964" or "mantina2009".
std::optional<RadiusEntry> vdw_radius(const std::string& element);

// A structure looks organic (a molecular or metal-organic framework) when carbon and hydrogen
// are at least tol::organic_atom_share of its atoms and it has a C-C or C-H bond (shorter than
// tol::organic_bond_A): under Shannon's ionic radii its linkers are nearly transparent.
struct OrganicCheck {
  bool organic = false;
  double ch_share = 0;  // share of C and H among the atoms (majority species of each site)
  int bonds = 0;        // C-C and C-H pairs closer than tol::organic_bond_A (each once)
};
OrganicCheck check_organic(const Crystal& c);

// Per-element radius overrides: element symbol -> radius (A), as AnalysisOptions holds them.
using RadiusOverrides = std::map<std::string, double>;

// Reads a radii file (--radii): one "Element radius_A" per line, '#' starts a comment. Throws
// Error naming the file and line on a bad line (unknown element, radius outside [0, 10] A).
RadiusOverrides read_radius_overrides(const std::string& path);

// Fails (Error) on an override of an unknown element or a radius outside [0, 10] A.
void check_radius_overrides(const RadiusOverrides& overrides);

class RadiusTable {
 public:
  // The built-in table (Shannon, Acta Cryst. A32, 751 (1976), ionic radii).
  static RadiusTable shannon_default();
  // Radius of `element`; throws Error naming the element when none is known.
  const RadiusEntry& get(const std::string& element) const;
  bool has(const std::string& element) const;
  // Every override replaces its element's radius (source "file", as from --radii FILE).
  void apply_overrides(const RadiusOverrides& overrides);
  void set(const std::string& element, double radius_A, const std::string& source);
  // Every atom gets radius `r` (A), whatever its element.
  void set_uniform(double r);
  std::optional<double> uniform() const { return uniform_; }

 private:
  std::map<std::string, RadiusEntry> table_;
  std::optional<double> uniform_;
  RadiusEntry uniform_entry_;
};

}  // namespace channelmap
