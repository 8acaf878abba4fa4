// VASP 5 POSCAR/CONTCAR reader (no gemmi needed).
#include <cmath>
#include <map>
#include <sstream>

#include "channelmap/read.hpp"
#include "channelmap/tolerances.hpp"
#include "read_common.hpp"

namespace channelmap {

namespace {
std::vector<std::string> split_ws(const std::string& line) {
  std::istringstream is(line);
  std::vector<std::string> out;
  std::string w;
  while (is >> w) out.push_back(w);
  return out;
}

double to_number(const std::string& s, int line_no) {
  try {
    size_t pos = 0;
    double v = std::stod(s, &pos);
    if (pos != s.size() || !std::isfinite(v)) throw std::invalid_argument(s);
    return v;
  } catch (const std::exception&) {
    fail("line ", line_no, ": expected a number, found '", s, "'");
  }
}
}  // namespace

ReadResult read_poscar_string(const std::string& text, const std::string& name,
                              const ReadOptions& opt) {
  ReadResult result;
  std::istringstream in(text);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(l);
  }
  try {
    int n = 0;  // index of the next line
    auto next = [&]() -> const std::string& {
      if (n >= static_cast<int>(lines.size())) fail("line ", n + 1, ": unexpected end of file");
      return lines[n++];
    };
    Crystal c;
    c.file = name;
    c.name = next();
    while (!c.name.empty() && std::isspace(static_cast<unsigned char>(c.name.back())))
      c.name.pop_back();
    auto sw = split_ws(next());
    if (sw.empty()) fail("line 2: missing scale factor");
    double scale = to_number(sw[0], 2);
    std::array<Vec3, 3> v;
    for (int i = 0; i < 3; ++i) {
      auto w = split_ws(next());
      if (w.size() < 3) fail("line ", n, ": a lattice vector needs three numbers");
      for (int k = 0; k < 3; ++k) v[i][k] = to_number(w[k], n);
    }
    double vol = v[0].dot(v[1].cross(v[2]));
    if (scale < 0) scale = std::cbrt(-scale / std::fabs(vol));  // negative: target volume
    if (scale == 0) fail("line 2: scale factor is zero");
    for (auto& vec : v) vec = {vec.x * scale, vec.y * scale, vec.z * scale};
    c.lattice = Lattice::from_vectors(v);
    check_cell(c.lattice);
    // Element symbols of one line ("Mg_pv" -> "Mg"), appended to `elems`.
    std::vector<std::string> elems;
    auto add_symbols = [&](const std::vector<std::string>& words, int line_no) {
      for (const auto& e : words) {
        std::string el = normalize_element(e.substr(0, e.find_first_of("_/")));
        if (el.empty()) fail("line ", line_no, ": unknown element '", e, "'");
        elems.push_back(el);
      }
    };
    auto first_symbols = split_ws(next());
    if (first_symbols.empty() || std::isdigit(static_cast<unsigned char>(first_symbols[0][0])))
      fail("line ", n, ": element names are missing (VASP 4 format is not supported)");
    add_symbols(first_symbols, n);
    // Long species lists (pymatgen writes 20 a line) continue on the following lines: symbols
    // until a line starts with a number, then counts until there is one per symbol.
    auto starts_with_digit = [](const std::string& line) {
      auto w = split_ws(line);
      return !w.empty() && (std::isdigit(static_cast<unsigned char>(w[0][0])) || w[0][0] == '+');
    };
    while (n < static_cast<int>(lines.size()) && !starts_with_digit(lines[n])) {
      auto more = split_ws(next());
      if (more.empty()) fail("line ", n, ": expected atom counts");
      add_symbols(more, n);
    }
    auto counts_w = split_ws(next());
    while (counts_w.size() < elems.size() && n < static_cast<int>(lines.size()) &&
           starts_with_digit(lines[n])) {
      auto more = split_ws(next());
      counts_w.insert(counts_w.end(), more.begin(), more.end());
    }
    if (counts_w.size() != elems.size())
      fail("line ", n, ": ", elems.size(), " elements but ", counts_w.size(), " counts");
    std::vector<int> counts;
    counts.reserve(counts_w.size());
    long long total_count = 0;
    for (auto& s : counts_w) {
      double v = to_number(s, n);
      if (v < 0 || v != std::floor(v))
        fail("line ", n, ": atom count '", s, "' is not a whole number of atoms");
      total_count += static_cast<long long>(std::min(v, 1e15));
      if (total_count > tol::max_atoms_in_cell)
        fail("line ", n, ": more than ", tol::max_atoms_in_cell, " atoms in the cell");
      counts.push_back(static_cast<int>(v));
    }
    if (total_count == 0) fail("line ", n, ": no atoms (every count is 0)");
    std::string mode = next();
    size_t first = mode.find_first_not_of(" \t");
    if (first != std::string::npos && (mode[first] == 'S' || mode[first] == 's')) {
      mode = next();
      first = mode.find_first_not_of(" \t");
    }
    if (first == std::string::npos) fail("line ", n, ": expected Direct or Cartesian");
    char m = static_cast<char>(std::tolower(static_cast<unsigned char>(mode[first])));
    bool cartesian = (m == 'c' || m == 'k');
    if (!cartesian && m != 'd')
      fail("line ", n, ": expected Direct or Cartesian, found '", mode, "'");
    int total = 0;
    std::vector<detail::RawAtom> atoms;
    std::map<std::string, int> numbered;  // labels Fe1, Fe2, ... across repeated species
    for (size_t e = 0; e < elems.size(); ++e) {
      for (int k = 0; k < counts[e]; ++k) {
        auto w = split_ws(next());
        if (w.size() < 3) fail("line ", n, ": an atom needs three coordinates");
        Vec3 x{to_number(w[0], n), to_number(w[1], n), to_number(w[2], n)};
        Fractional f =
            cartesian ? c.lattice.fractionalize(Position(x.x * scale, x.y * scale, x.z * scale))
                      : Fractional(x);
        ++total;
        if (total > tol::max_atoms_in_cell)
          fail("more than ", tol::max_atoms_in_cell, " atoms in the cell");
        const int label_no = ++numbered[elems[e]];
        atoms.push_back({wrap(f), {elems[e] + std::to_string(label_no), elems[e], 1.0, {}}});
      }
    }
    detail::assemble_sites(c, std::move(atoms), opt.strict);
    c.symops_in_file = 1;
    result.crystals.push_back(std::move(c));
  } catch (const Error& e) {
    result.errors.emplace_back(name, "", "read", e.what());
  }
  return result;
}

ReadResult crystal_from_atoms(const std::string& name, const std::array<Vec3, 3>& vectors,
                              const std::vector<AtomInput>& atoms, const ReadOptions& opt) {
  ReadResult result;
  try {
    Crystal c;
    c.file = name;
    c.name = name;
    c.lattice = Lattice::from_vectors(vectors);
    check_cell(c.lattice);
    if (atoms.empty()) fail("no atoms");
    if (atoms.size() > static_cast<size_t>(tol::max_atoms_in_cell))
      fail("more than ", tol::max_atoms_in_cell, " atoms in the cell");
    std::map<std::string, int> numbered;
    std::vector<detail::RawAtom> raw;
    raw.reserve(atoms.size());
    for (size_t i = 0; i < atoms.size(); ++i) {
      const AtomInput& a = atoms[i];
      std::string el = normalize_element(a.element);
      if (el.empty()) fail("atom ", i + 1, ": unknown element '", a.element, "'");
      std::string label = a.label.empty() ? el + std::to_string(++numbered[el]) : a.label;
      for (int k = 0; k < 3; ++k)
        if (!std::isfinite(a.frac[k]))
          fail("atom ", label, ": coordinate ", a.frac[k], " is not a finite number");
      if (!std::isfinite(a.occupancy))
        fail("atom ", label, ": occupancy ", a.occupancy, " is not a finite number");
      if (a.occupancy < 0) fail("atom ", label, " has negative occupancy ", a.occupancy);
      if (a.oxidation && std::abs(*a.oxidation) > tol::max_oxidation_number)
        fail("atom ", label, ": oxidation state ", *a.oxidation, " is not from -",
             tol::max_oxidation_number, " to ", tol::max_oxidation_number);
      raw.push_back({wrap(a.frac), {label, el, a.occupancy, a.oxidation}});
    }
    detail::assemble_sites(c, std::move(raw), opt.strict);
    c.symops_in_file = 1;
    result.crystals.push_back(std::move(c));
  } catch (const Error& e) {
    result.errors.emplace_back(name, "", "read", e.what());
  }
  return result;
}

}  // namespace channelmap
