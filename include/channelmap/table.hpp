// Tables for machine learning: one row per structure (descriptors), and long tables with one row
// per site and per hop. Every column has a snake_case name with its unit, the unit and a
// description; the lists below are the schema (docs/schema.md is generated from them and checked
// by a test). The numeric per-structure columns come from the descriptor registry
// (channelmap/descriptor_registry.hpp), in its order; the text columns sit among them.
#pragma once
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "channelmap/report.hpp"

namespace channelmap {

constexpr const char* table_schema_version = "0.7";

// One table column. `get` returns the cell text ("" for a missing value, never a magic number).
template <typename Row>
struct Column {
  const char* name;
  const char* unit;  // one of descriptor_units() ("text" for text columns)
  const char* description;
  std::function<std::string(const Row&)> get;
};

// A site row: the report and the index of the site in the crystal.
struct SiteRow {
  const Report& r;
  int site;
};
// A hop row: the report and the index of the hop.
struct HopRow {
  const Report& r;
  int hop;
};

// The descriptor table: every registry descriptor in registry order, with the text columns (file,
// block, id, formula, spacegroup_symbol, mobile_element, oxidation_source, mobile_site_polyhedron,
// anion, energy_note) among them.
const std::vector<Column<Report>>& descriptor_columns();
// The screen table: file, block, id, the score and its terms (docs/ranking.md), then the
// descriptor columns.
const std::vector<Column<Report>>& screen_columns();
const std::vector<Column<SiteRow>>& site_columns();
const std::vector<Column<HopRow>>& hop_columns();

// The stable id of a structure (table column `id`): `file` relative to `root`, the directory it
// was found under ("" or a file outside it: `file` as given), plus "#block" when `with_block`
// and there is a block (the file holds several blocks, or the input named one).
std::string structure_id(const std::string& file, const std::string& root, const std::string& block,
                         bool with_block);
// Sets Crystal::id of every structure read from the input `spec` (a path, or "file.cif#block")
// found under `root` ("" for a file named directly): structure_id() with "#block" when the file
// holds several blocks or `spec` named one. `describe`, `screen` and the Python module use it.
void set_structure_ids(std::vector<Crystal>& crystals, const std::string& spec,
                       const std::string& root);
// The id of a crystal: Crystal::id when set, else its file plus "#block" when it has one.
std::string structure_id(const Crystal& c);

// A CSV field, quoted when it holds a comma, quote or newline (RFC 4180).
std::string csv_quote(const std::string& s);

// CSV (RFC 4180 quoting) header and rows.
template <typename Row>
void write_csv_header(std::ostream& os, const std::vector<Column<Row>>& cols);
template <typename Row>
void write_csv_row(std::ostream& os, const std::vector<Column<Row>>& cols, const Row& row);

// The markdown schema: the units, then every table's columns with unit and description.
void write_schema_markdown(std::ostream& os);

}  // namespace channelmap
