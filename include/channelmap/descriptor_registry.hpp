// The per-structure descriptors, one list: name, unit, meaning, print precision and the function
// that computes each from a Report. The `describe` and `screen` tables, the JSON report
// (`descriptors` object), the ranking score and `describe --schema` all read this list, so a new
// descriptor is one entry in src/descriptor_registry.cpp.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "channelmap/report.hpp"

namespace channelmap {

// A unit a descriptor (or table column) may have, and the suffix its name ends with. Names of
// dimensionless quantities carry no suffix (and must not end with another unit's suffix).
struct DescriptorUnit {
  const char* unit;     // as written in the schema, e.g. "A^3"
  const char* suffix;   // the name's ending, e.g. "_A3"; "" for dimensionless units
  const char* meaning;  // e.g. "cubic angstrom"
};

// Every unit: A, A^3, deg, g/cm^3, vu, eV, count, 1 (dimensionless); "text" for text table
// columns.
const std::vector<DescriptorUnit>& descriptor_units();
// The unit named `unit`; throws Error for an unknown one.
const DescriptorUnit& descriptor_unit(std::string_view unit);
// True when `name` ends as `unit` asks: with its suffix, or, for a unit without one, with no
// other unit's suffix.
bool name_matches_unit(std::string_view name, std::string_view unit);

// One per-structure descriptor. Counts are doubles too; NaN means missing (never a magic number).
struct Descriptor {
  const char* name;     // snake_case, unit suffix (see DescriptorUnit); also the CSV column
  const char* unit;     // one of descriptor_units()
  const char* meaning;  // one sentence
  int precision;        // digits after the decimal point in tables (0: printed as an integer)
  // The raw value; read it through descriptor_value(s), which turn a non-finite one (e.g. Rmob
  // = -infinity, "never percolates") into NaN.
  double (*value)(const Report&);
};

// The registry, in table column order.
const std::vector<Descriptor>& descriptors();
// The descriptor called `name`; throws Error for an unknown name.
const Descriptor& descriptor(std::string_view name);
// descriptor(name).value(r), NaN when missing or not finite.
double descriptor_value(const Report& r, std::string_view name);
// Every descriptor's value (as descriptor_value), in registry order.
std::vector<double> descriptor_values(const Report& r);

// A value as a table cell: fixed notation with `precision` digits, "" when not finite; a value
// that rounds to zero has no minus sign ("0.000", never "-0.000").
std::string format_descriptor(double v, int precision);

}  // namespace channelmap
