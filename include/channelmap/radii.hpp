// Atomic radii for the framework spheres. For now: one Shannon (1976) effective ionic radius per
// element, for its most common oxidation state at coordination number 6 (or the nearest
// tabulated coordination when Shannon lists no CN 6), overridable per element.
#pragma once
#include <map>
#include <optional>
#include <string>

namespace channelmap {

struct RadiusEntry {
  double radius_A = 0;
  int oxidation = 0;   // oxidation state the radius belongs to
  int cn = 6;          // Shannon coordination number of the value
  std::string source;  // "shannon1976", "file", "uniform"
};

class RadiusTable {
 public:
  // The built-in table (Shannon, Acta Cryst. A32, 751 (1976), ionic radii).
  static RadiusTable shannon_default();
  // The most common oxidation state of `element` in the built-in table (0 when not listed).
  static int common_oxidation(const std::string& element);
  // Radius of `element`; throws Error naming the element when none is known.
  const RadiusEntry& get(const std::string& element) const;
  bool has(const std::string& element) const;
  // Overrides from a text file: one "Element radius_A" per line; '#' starts a comment.
  // Throws Error naming the file and line on a bad line.
  void load_overrides(const std::string& path);
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
