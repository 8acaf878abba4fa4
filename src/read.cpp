// CIF reading through gemmi. The only translation unit that includes gemmi.
#include "channelmap/read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <gemmi/cif.hpp>
#include <gemmi/elem.hpp>
#include <gemmi/smcif.hpp>
#include <gemmi/symmetry.hpp>
#include <map>
#include <regex>
#include <sstream>

#include "channelmap/tolerances.hpp"
#include "read_common.hpp"

namespace channelmap {

namespace cif = gemmi::cif;

std::string normalize_element(const std::string& symbol) {
  if (symbol.empty() || symbol.size() > 3) return "";
  if (symbol == "D" || symbol == "d" || symbol == "T" || symbol == "t") return "H";
  gemmi::Element el(symbol);
  if (el.elem == gemmi::El::X) return "";
  return el.name();
}

double atomic_mass_u(const std::string& element) {
  gemmi::Element el(element);
  return el.elem == gemmi::El::X ? 0.0 : gemmi::molecular_weight(el.elem);
}

namespace {
bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// What a path that is not a regular file is, for the message.
std::string file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

// The whole file, decompressed when it is gzip data (zlib reads plain files as they are).
// Only regular files are read: the file is opened without blocking (a FIFO would block open()
// until a writer comes) and checked before a byte is read. At most tol::max_input_bytes are
// read, after decompression (a gzip bomb). Errors are one line naming the reason; the caller
// adds the file.
std::string read_text(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    struct stat lst;
    if (err == ENOENT && ::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode))
      fail("cannot open the file (a symbolic link to nothing)");
    if (err == ELOOP) fail("cannot open the file (a loop of symbolic links)");
    fail("cannot open the file (", std::strerror(err), ")");
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    fail("not a regular file (", file_kind(st.st_mode), ")");
  }
  // Back to blocking reads (a regular file never blocks, but gzread expects them).
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  gzFile f = gzdopen(fd, "rb");
  if (!f) {
    ::close(fd);
    fail("cannot open the file");
  }
  std::string text;
  char buf[1 << 16];
  for (;;) {
    int got = gzread(f, buf, sizeof buf);
    if (got < 0) {
      int errnum = 0;
      std::string why = gzerror(f, &errnum);
      if (errnum == Z_ERRNO) why = std::strerror(errno);
      gzclose(f);
      fail(errnum == Z_ERRNO ? "cannot read the file (" : "cannot decompress the file (", why, ")");
    }
    if (got == 0) break;
    if (static_cast<long long>(text.size()) + got > tol::max_input_bytes) {
      gzclose(f);
      fail("the file is too large: more than ", tol::max_input_bytes >> 20,
           " MB (after decompression)");
    }
    text.append(buf, static_cast<size_t>(got));
  }
  // Z_BUF_ERROR: the data ended in the middle of a gzip stream.
  if (gzclose(f) == Z_BUF_ERROR) fail("the gzip data is truncated");
  // A UTF-8 byte-order mark (some Windows editors write one) is not part of the CIF.
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  return text;
}
}  // namespace

namespace {
// Lower-case file name without directories and without a trailing ".gz" (read decompressed).
std::string format_name(const std::string& path) {
  std::string lower = path.substr(path.find_last_of('/') + 1);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (ends_with(lower, ".gz")) lower.resize(lower.size() - 3);
  return lower;
}
bool is_poscar_name(const std::string& lower) {
  return lower.rfind("poscar", 0) == 0 || lower.rfind("contcar", 0) == 0 ||
         ends_with(lower, ".vasp") || ends_with(lower, ".poscar");
}
}  // namespace

FileFormat guess_format(const std::string& path) {
  return is_poscar_name(format_name(path)) ? FileFormat::Poscar : FileFormat::Cif;
}

bool is_structure_file_name(const std::string& path) {
  std::string lower = format_name(path);
  return ends_with(lower, ".cif") || is_poscar_name(lower);
}

namespace {

// gemmi's triplet parser takes fractions only: "z+0.5" and "z+.5" become "z+1/2" (denominators
// up to 12; anything else is left for gemmi to reject).
std::string decimals_to_fractions(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool starts_number = std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.';
    if (!starts_number) {
      out += s[i++];
      continue;
    }
    size_t j = i;
    while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
    std::string num = s.substr(i, j - i);
    if (num.find('.') != std::string::npos) {
      double v = std::atof(num.c_str());
      for (int den = 1; den <= 12; ++den) {
        double n = std::round(v * den);
        if (std::fabs(v * den - n) < 1e-3 * den) {
          num = cat(static_cast<long>(n), "/", den);
          break;
        }
      }
    }
    out += num;
    i = j;
  }
  return out;
}

// Element from a site label when the file has no _atom_site_type_symbol (AMCSD writes labels
// such as "OA1", "KA(m)", "Hw", "Wat1"): the leading letters, as two letters if they name an
// element, else the first letter; water ("Wat", "Ow") is oxygen.
std::string element_from_label(const std::string& label) {
  std::string letters;
  for (char ch : label) {
    if (!std::isalpha(static_cast<unsigned char>(ch))) break;
    letters += ch;
  }
  if (letters.empty()) return "";
  std::string lower = letters;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (lower.rfind("wat", 0) == 0 || lower == "ow") return "O";
  if (letters.size() >= 2) {
    std::string two = normalize_element(letters.substr(0, 2));
    if (!two.empty()) return two;
  }
  return normalize_element(letters.substr(0, 1));
}

std::vector<gemmi::Op> all_ops(const gemmi::GroupOps& g) {
  std::vector<gemmi::Op> v;
  for (gemmi::Op op : g) v.push_back(op);
  return v;
}

// The symmetry operators of a block: from the operator loop, else from the Hall or H-M symbol.
std::vector<gemmi::Op> block_operators(cif::Block& block, const std::string& hm, Crystal& c,
                                       bool strict) {
  std::vector<gemmi::Op> ops;
  for (const char* tag : {"_space_group_symop_operation_xyz", "_symmetry_equiv_pos_as_xyz",
                          "_space_group_symop.operation_xyz", "_symmetry_equiv.pos_as_xyz"}) {
    cif::Column col = block.find_values(tag);
    if (!col) continue;
    for (const std::string& v : col) {
      std::string s = cif::as_string(v);
      s = decimals_to_fractions(s);
      try {
        ops.push_back(gemmi::parse_triplet(s));
      } catch (const std::exception& e) {
        fail("cannot parse symmetry operator '", s, "' (", e.what(), ")");
      }
    }
    if (!ops.empty()) return ops;
  }
  for (const char* tag : {"_space_group_name_Hall", "_symmetry_space_group_name_Hall"}) {
    const std::string* v = block.find_value(tag);
    if (v && !cif::is_null(*v) && !cif::as_string(*v).empty()) {
      try {
        return all_ops(gemmi::symops_from_hall(cif::as_string(*v).c_str()));
      } catch (const std::exception&) {
        c.warnings.push_back("Hall symbol '" + cif::as_string(*v) + "' not understood");
      }
    }
  }
  if (!hm.empty()) {
    const gemmi::SpaceGroup* sg =
        gemmi::find_spacegroup_by_name(hm, c.lattice.alpha(), c.lattice.gamma());
    // iRASPA's SSZ-48 writes 'P 1 21</sub 1': without the HTML markup it is a symbol.
    std::string plain = std::regex_replace(hm, std::regex("</?[A-Za-z]+>?"), "");
    if (!sg && !strict && plain != hm) {
      sg = gemmi::find_spacegroup_by_name(plain, c.lattice.alpha(), c.lattice.gamma());
      if (sg)
        c.warnings.push_back("space-group symbol '" + hm + "' read as '" + plain +
                             "' (HTML markup left out)");
    }
    if (!sg) fail("no symmetry operators in the file and space group '", hm, "' is not known");
    c.warnings.push_back("symmetry operators taken from the space-group symbol '" + hm + "'");
    return all_ops(sg->operations());
  }
  c.warnings.push_back("no symmetry operators or space group in the file; P1 assumed");
  return {gemmi::Op::identity()};
}

// _atom_type_symbol -> _atom_type_oxidation_number. A value that is not a whole number within
// +-tol::max_oxidation_number is refused (1e300 once became 0); a fractional one (mixed
// valence, Fe 2.5) is left for the analysis to assign, with a warning.
std::map<std::string, int> atom_type_oxidation(cif::Block& block, Crystal& c) {
  std::map<std::string, int> m;
  for (auto row : block.find("_atom_type_", {"symbol", "oxidation_number"})) {
    if (!row.has2(1)) continue;
    const std::string& raw = row[1];
    double v = cif::as_number(raw);
    if (!std::isfinite(v) || std::fabs(v) > tol::max_oxidation_number)
      fail("_atom_type_oxidation_number of ", row.str(0), " is '", raw,
           "', not an oxidation number (a whole number from -", tol::max_oxidation_number, " to ",
           tol::max_oxidation_number, ")");
    if (std::fabs(v - std::round(v)) > 1e-6) {
      c.warnings.push_back(cat("_atom_type_oxidation_number of ", row.str(0), " is ", raw,
                               " (not whole); states are assigned instead"));
      continue;
    }
    m[row.str(0)] = static_cast<int>(std::lround(v));
  }
  return m;
}

double formula_z(cif::Block& block) {
  const std::string* z = block.find_value("_cell_formula_units_Z");
  return z && !cif::is_null(*z) ? cif::as_number(*z) : 0.0;
}

// Element counts of _chemical_formula_sum times Z; empty when either is missing.
std::map<std::string, double> formula_times_z(cif::Block& block) {
  std::map<std::string, double> m;
  const std::string* f = block.find_value("_chemical_formula_sum");
  const std::string* z = block.find_value("_cell_formula_units_Z");
  if (!f || !z || cif::is_null(*f) || cif::is_null(*z)) return m;
  double zv = cif::as_number(*z);
  if (!(zv > 0)) return m;
  std::string s = cif::as_string(*f);
  size_t i = 0;
  while (i < s.size()) {
    if (!std::isalpha(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < s.size() && std::islower(static_cast<unsigned char>(s[j]))) ++j;
    std::string el = normalize_element(s.substr(i, j - i));
    size_t k = j;
    while (k < s.size() && (std::isdigit(static_cast<unsigned char>(s[k])) || s[k] == '.')) ++k;
    double n = k > j ? std::atof(s.substr(j, k - j).c_str()) : 1.0;
    if (el.empty()) return {};
    m[el] += n * zv;
    i = k;
  }
  return m;
}

// A cell parameter: a finite number, or NaN when the tag is absent or null; text fails.
double cell_value(cif::Block& block, const char* tag) {
  const std::string* v = block.find_value(tag);
  if (!v || cif::is_null(*v)) return std::nan("");
  double x = cif::as_number(*v);
  if (!std::isfinite(x)) fail(tag, " is '", cif::as_string(*v), "', not a finite number");
  return x;
}

// The space group a block names (H-M symbol, else its operators), or null.
const gemmi::SpaceGroup* named_spacegroup(cif::Block& block, const std::string& hm) {
  if (!hm.empty())
    if (const gemmi::SpaceGroup* sg = gemmi::find_spacegroup_by_name(hm)) return sg;
  for (const char* tag : {"_space_group_symop_operation_xyz", "_symmetry_equiv_pos_as_xyz"}) {
    std::vector<gemmi::Op> ops;
    for (const std::string& v : block.find_values(tag)) {
      try {
        ops.push_back(gemmi::parse_triplet(decimals_to_fractions(cif::as_string(v))));
      } catch (const std::exception&) {
        return nullptr;
      }
    }
    if (!ops.empty()) return gemmi::find_spacegroup_by_ops(gemmi::split_centering_vectors(ops));
  }
  return nullptr;
}

// The cell. Lengths are required; missing angles are taken from the space group when its
// crystal system fixes them (orthorhombic, tetragonal, cubic: 90; hexagonal axes: 90, 90, 120),
// with a warning, and refused otherwise (they were once read as a 1 x 1 x 1 A cell).
Lattice read_cell(cif::Block& block, const std::string& hm, Crystal& c) {
  static const char* length_tags[3] = {"_cell_length_a", "_cell_length_b", "_cell_length_c"};
  static const char* angle_tags[3] = {"_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"};
  double p[6];
  for (int i = 0; i < 3; ++i) {
    p[i] = cell_value(block, length_tags[i]);
    if (std::isnan(p[i])) fail("missing cell parameter ", length_tags[i]);
  }
  std::string missing;
  for (int i = 0; i < 3; ++i) {
    p[3 + i] = cell_value(block, angle_tags[i]);
    if (std::isnan(p[3 + i])) missing += (missing.empty() ? "" : ", ") + std::string(angle_tags[i]);
  }
  if (!missing.empty()) {
    const gemmi::SpaceGroup* sg = named_spacegroup(block, hm);
    double fixed[3] = {NAN, NAN, NAN};
    if (sg) {
      switch (sg->crystal_system()) {
        case gemmi::CrystalSystem::Orthorhombic:
        case gemmi::CrystalSystem::Tetragonal:
        case gemmi::CrystalSystem::Cubic:
          fixed[0] = fixed[1] = fixed[2] = 90;
          break;
        case gemmi::CrystalSystem::Trigonal:
        case gemmi::CrystalSystem::Hexagonal:
          if (sg->ext != 'R') fixed[0] = fixed[1] = 90, fixed[2] = 120;
          break;
        default:
          break;
      }
    }
    for (int i = 0; i < 3; ++i) {
      if (!std::isnan(p[3 + i])) continue;
      if (std::isnan(fixed[i]))
        fail("missing ", missing,
             sg ? cat(" (space group ", sg->xhm(), " does not fix it)")
                : std::string(" (and no space group that fixes it)"));
      p[3 + i] = fixed[i];
    }
    c.warnings.push_back(cat(missing, " missing; ", p[3], " ", p[4], " ", p[5],
                             " degrees from the space group ", sg->xhm()));
  }
  Lattice lattice(p[0], p[1], p[2], p[3], p[4], p[5]);
  check_cell(lattice);
  if (lattice.volume() < tol::min_cell_volume_A3)
    fail("cell volume ", lattice.volume(), " A^3 is too small");
  return lattice;
}

// A coordinate of a site: a finite number, else the site and the value are named.
double coordinate(const cif::Table::Row& row, int col, const char* tag, const std::string& label) {
  const std::string& raw = row[col];
  double v = cif::is_null(raw) ? std::nan("") : cif::as_number(raw);
  if (!std::isfinite(v))
    fail("site ", label, ": coordinate ", tag, " is '", raw, "', not a finite number");
  return v;
}

// The lines of `text` without their '\n' (a last line without one included; "" gives one line).
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Lenient reading: rewrites tag-value pairs whose quoted value does not end as CIF requires
// (a closing quote followed by whitespace) as text fields, and gives a tag without a value (the
// next line is a tag, a loop or the end) the value '?', so that gemmi can read the rest.
// Such values are found in MOF CIFs ("'M. O'Keeffe, and O.M. Yaghi'," -- a trailing comma) and
// in quoted values that run over several lines. `repaired` receives the tags. Lines inside text
// fields and loop values are left alone.
std::string repair_quoted_values(const std::string& text, std::vector<std::string>* repaired) {
  const std::vector<std::string> lines = split_lines(text);
  auto rtrim = [](std::string l) {
    while (!l.empty() && std::isspace(static_cast<unsigned char>(l.back()))) l.pop_back();
    return l;
  };
  // A quoted value starting at `q` (the quote) ends properly on this line.
  auto closes = [](const std::string& l, size_t q) {
    for (size_t i = q + 1; i < l.size(); ++i)
      if (l[i] == l[q] && (i + 1 == l.size() || std::isspace(static_cast<unsigned char>(l[i + 1]))))
        return true;
    return false;
  };
  std::string out;
  bool in_text = false, loop_header = false;
  for (size_t n = 0; n < lines.size(); ++n) {
    const std::string& l = lines[n];
    if (!l.empty() && l[0] == ';') in_text = !in_text;
    std::string word = rtrim(l);
    word.erase(0, word.find_first_not_of(" \t"));
    if (!in_text && word.rfind("loop_", 0) == 0) loop_header = true;
    bool lone_tag = !in_text && !word.empty() && word[0] == '_' &&
                    word.find_first_of(" \t") == std::string::npos;
    if (!in_text && !word.empty() && word[0] != '_' && word.rfind("loop_", 0) != 0)
      loop_header = false;
    if (lone_tag && !loop_header) {
      // A tag without a value ("_space_group.IT_number" then a loop, "_eof" at the end): '?'.
      size_t k = n + 1;
      auto blank_or_comment = [&](size_t i) {
        std::string t = rtrim(lines[i]);
        size_t f = t.find_first_not_of(" \t");
        return f == std::string::npos || t[f] == '#';
      };
      while (k < lines.size() && blank_or_comment(k)) ++k;
      std::string next = k < lines.size() ? rtrim(lines[k]) : std::string();
      next.erase(0, next.find_first_not_of(" \t"));
      if (next.empty() || next[0] == '_' || next.rfind("loop_", 0) == 0 ||
          next.rfind("data_", 0) == 0) {
        repaired->push_back(cat(word, " (line ", n + 1, ", no value)"));
        out += word + " ?" + (n + 1 < lines.size() ? "\n" : "");
        continue;
      }
    }
    size_t tag_end = l.find_first_of(" \t");
    size_t q = tag_end == std::string::npos ? tag_end : l.find_first_not_of(" \t", tag_end);
    bool pair = !in_text && !l.empty() && l[0] == '_' && q != std::string::npos &&
                (l[q] == '\'' || l[q] == '"');
    if (!pair || closes(l, q)) {
      out += l + (n + 1 < lines.size() ? "\n" : "");
      continue;
    }
    // The value: the rest of this line, and the following lines up to one ending with the
    // quote (at most a few; else this line alone), without the quotes.
    std::string value = rtrim(l.substr(q + 1));
    size_t last = n;
    for (size_t k = n + 1; k < lines.size() && k <= n + 10; ++k) {
      std::string t = rtrim(lines[k]);
      if (!t.empty() && (t[0] == '_' || t.rfind("loop_", 0) == 0 || t.rfind("data_", 0) == 0))
        break;
      if (!t.empty() && t.back() == l[q]) {
        last = k;
        break;
      }
    }
    for (size_t k = n + 1; k <= last; ++k) value += "\n" + rtrim(lines[k]);
    while (!value.empty() && (value.back() == l[q] || value.back() == ',')) value.pop_back();
    repaired->push_back(cat(l.substr(0, tag_end), " (line ", n + 1, ")"));
    out += l.substr(0, tag_end) + "\n;\n" + value + "\n;\n";
    n = last;
  }
  return out;
}

// Lenient reading: removes a loop whose number of values is not a multiple of its number of
// tags (RASPA's CAN-12 gives an issue number its citation loop has no tag for), as pymatgen reads
// past it. Loops of atom sites, symmetry operators and atom types are kept, so that such a file
// is still refused. `repaired` receives the loop's first tag.
std::string drop_miscounted_loops(const std::string& text, std::vector<std::string>* repaired) {
  const std::vector<std::string> lines = split_lines(text);
  auto first_word = [](const std::string& l) {
    size_t b = l.find_first_not_of(" \t\r");
    if (b == std::string::npos) return std::string();
    size_t e = l.find_first_of(" \t\r", b);
    return l.substr(b, e == std::string::npos ? std::string::npos : e - b);
  };
  // Values on one line: quoted ones end at a quote followed by whitespace; '#' starts a comment.
  auto count_values = [](const std::string& l) {
    size_t n = 0, i = 0;
    while (i < l.size()) {
      if (std::isspace(static_cast<unsigned char>(l[i]))) {
        ++i;
        continue;
      }
      if (l[i] == '#') break;
      ++n;
      if (l[i] == '\'' || l[i] == '"') {
        char q = l[i++];
        while (i < l.size() && !(l[i] == q && (i + 1 == l.size() ||
                                               std::isspace(static_cast<unsigned char>(l[i + 1])))))
          ++i;
        ++i;
      } else {
        while (i < l.size() && !std::isspace(static_cast<unsigned char>(l[i]))) ++i;
      }
    }
    return n;
  };
  auto lower = [](std::string w) {
    for (char& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return w;
  };
  std::vector<bool> drop(lines.size(), false);
  bool in_text = false;
  for (size_t n = 0; n < lines.size(); ++n) {
    if (!lines[n].empty() && lines[n][0] == ';') in_text = !in_text;
    if (in_text || lower(first_word(lines[n])) != "loop_") continue;
    size_t k = n + 1, tags = 0, values = 0;
    std::string first_tag;
    for (; k < lines.size(); ++k) {
      std::string w = first_word(lines[k]);
      if (w.empty() || w[0] == '#') continue;
      if (w[0] != '_') break;
      if (first_tag.empty()) first_tag = w;
      ++tags;
    }
    bool text = false;
    for (; k < lines.size(); ++k) {
      if (!lines[k].empty() && lines[k][0] == ';') {
        if (!text) ++values;
        text = !text;
        continue;
      }
      if (text) continue;
      std::string w = lower(first_word(lines[k]));
      if (!w.empty() && (w[0] == '_' || w.rfind("loop_", 0) == 0 || w.rfind("data_", 0) == 0 ||
                         w.rfind("global_", 0) == 0))
        break;
      values += count_values(lines[k]);
    }
    std::string t = lower(first_tag);
    bool essential = t.rfind("_atom_", 0) == 0 || t.rfind("_symmetry", 0) == 0 ||
                     t.rfind("_space_group", 0) == 0;
    if (tags == 0 || text || values % tags == 0 || essential) continue;
    repaired->push_back(cat("loop of ", first_tag, " (line ", n + 1, ", ", values, " values for ",
                            tags, " tags) left out"));
    for (size_t i = n; i < k; ++i) drop[i] = true;
    n = k - 1;
  }
  std::string out;
  for (size_t n = 0; n < lines.size(); ++n)
    if (!drop[n]) out += lines[n] + (n + 1 < lines.size() ? "\n" : "");
  return out;
}

Crystal read_block(cif::Block& block, const std::string& file, const ReadOptions& ropt) {
  Crystal c;
  c.file = file;
  c.block = block.name;
  c.name = block.name;
  for (const char* tag : {"_space_group_name_H-M_alt", "_symmetry_space_group_name_H-M"})
    if (const std::string* v = block.find_value(tag)) {
      if (!cif::is_null(*v)) c.spacegroup_hm = cif::as_string(*v);
      break;
    }
  c.lattice = read_cell(block, c.spacegroup_hm, c);
  std::vector<gemmi::Op> ops = block_operators(block, c.spacegroup_hm, c, ropt.strict);
  c.symops_in_file = static_cast<int>(ops.size());
  auto oxidation = atom_type_oxidation(block, c);

  enum { kLabel, kSymbol, kFx, kFy, kFz, kOcc, kCx, kCy, kCz };
  cif::Table t =
      block.find("_atom_site_", {"label", "?type_symbol", "?fract_x", "?fract_y", "?fract_z",
                                 "?occupancy", "?Cartn_x", "?Cartn_y", "?Cartn_z"});
  if (!t.ok() || t.length() == 0) fail("no atom sites (_atom_site_label and _atom_site_fract_x)");
  const bool fract = t.has_column(kFx) || t.has_column(kFy) || t.has_column(kFz);
  const bool cartesian = !fract && t.has_column(kCx) && t.has_column(kCy) && t.has_column(kCz);
  if (fract)
    for (int k : {kFx, kFy, kFz})
      if (!t.has_column(k))
        fail("the atom loop has no _atom_site_fract_", "xyz"[k - kFx],
             " (the other fractional coordinates are there)");
  if (!fract && !cartesian) fail("no atom coordinates (_atom_site_fract_x, _y, _z)");
  if (cartesian) {
    if (block.find_value("_atom_sites_Cartn_tran_matrix_11") ||
        block.find_value("_atom_sites_fract_tran_matrix_11"))
      fail(
          "only Cartesian coordinates, with a transformation matrix (not supported); "
          "fractional ones are needed");
    c.warnings.push_back(
        "only Cartesian coordinates; converted with the CIF default axes (a along x, b in the xy "
        "plane)");
  }
  const int cx = fract ? kFx : kCx;
  const bool has_type_symbol = t.has_column(kSymbol);
  std::vector<std::string> unknown_occupancy, no_position, dot_as_zero;
  // Expand every site with the operators; images of one site closer than the special-position
  // tolerance are one atom.
  std::vector<detail::RawAtom> atoms;
  for (auto row : t) {
    const std::string label = row.str(kLabel);
    static const char* tags[2][3] = {
        {"_atom_site_fract_x", "_atom_site_fract_y", "_atom_site_fract_z"},
        {"_atom_site_Cartn_x", "_atom_site_Cartn_y", "_atom_site_Cartn_z"}};
    // Read leniently: a site whose three coordinates are all '?' (RASPA's NaX lists its
    // polarisation centres so) is left out; '.' is 0, as pymatgen reads it (old ICSD exports
    // write the origin so).
    if (!ropt.strict && row[cx] == "?" && row[cx + 1] == "?" && row[cx + 2] == "?") {
      no_position.push_back(label);
      continue;
    }
    double x[3];
    for (int k = 0; k < 3; ++k) {
      if (!ropt.strict && row[cx + k] == ".") {
        if (dot_as_zero.empty() || dot_as_zero.back() != label) dot_as_zero.push_back(label);
        x[k] = 0.0;
        continue;
      }
      x[k] = coordinate(row, cx + k, tags[cartesian][k], label);
    }
    Fractional frac = cartesian ? c.lattice.fractionalize(Position(x[0], x[1], x[2]))
                                : Fractional(x[0], x[1], x[2]);
    double occ = 1.0;
    if (row.has(kOcc)) {
      const std::string& raw = row[kOcc];
      if (cif::is_null(raw)) {
        unknown_occupancy.push_back(label);
      } else {
        occ = cif::as_number(raw);
        if (!std::isfinite(occ)) fail("site ", label, ": occupancy '", raw, "' is not a number");
        if (occ < 0) fail("site ", label, " has negative occupancy ", occ);
      }
    }
    gemmi::SmallStructure::Site gs;
    gs.type_symbol = has_type_symbol ? row.str(kSymbol) : label;
    gemmi::split_element_and_charge(gs.type_symbol, &gs);
    std::string el = gs.element.elem == gemmi::El::X ? "" : normalize_element(gs.element.name());
    if (el.empty() && !has_type_symbol) el = element_from_label(label);
    if (el.empty()) fail("site ", label, ": unknown element '", gs.type_symbol, "'");
    Species sp{label, el, occ, {}};
    if (auto it = oxidation.find(gs.type_symbol); it != oxidation.end())
      sp.oxidation = it->second;
    else if (gs.charge != 0)
      sp.oxidation = gs.charge;
    size_t start = atoms.size();
    for (const gemmi::Op& op : ops) {
      std::array<double, 3> g = op.apply_to_xyz({frac.x, frac.y, frac.z});
      Fractional f = wrap(Fractional(g[0], g[1], g[2]));
      bool dup = std::any_of(atoms.begin() + start, atoms.end(), [&](const detail::RawAtom& a) {
        return c.lattice.periodic_distance(a.frac, f) < tol::special_position_merge_A;
      });
      if (!dup) atoms.push_back({f, sp});
    }
    if (atoms.size() > static_cast<size_t>(tol::max_atoms_in_cell))
      fail("more than ", tol::max_atoms_in_cell, " atoms in the cell (cell volume ",
           c.lattice.volume(), " A^3)");
  }
  auto joined = [](const std::vector<std::string>& v) {
    std::string list;
    for (const std::string& l : v) list += (list.empty() ? "" : " ") + l;
    return list;
  };
  if (!unknown_occupancy.empty())
    c.warnings.push_back("occupancy not given ('?' or '.') for " + joined(unknown_occupancy) +
                         "; 1 assumed");
  if (!no_position.empty())
    c.warnings.push_back("no position (coordinates '?') for " + joined(no_position) + "; left out");
  if (!dot_as_zero.empty())
    c.warnings.push_back("coordinate '.' read as 0 for " + joined(dot_as_zero));
  detail::assemble_sites(c, std::move(atoms), ropt.strict);

  // Sanity check against the formula (catches a wrong or incomplete expansion).
  auto expected = formula_times_z(block);
  if (!expected.empty()) {
    std::map<std::string, double> got;
    for (const Site& s : c.sites)
      for (const Species& sp : s.species) got[sp.element] += sp.occupancy;
    // Some writers (pymatgen) put the whole cell in _chemical_formula_sum: accept either.
    auto matches = [&](double factor) {
      for (const auto& [el, n] : expected) {
        double g = got.count(el) ? got[el] : 0.0;
        double want = n * factor;
        if (std::fabs(g - want) > tol::formula_count_rel_tol * want + 0.05) return false;
      }
      return true;
    };
    double z = formula_z(block);
    if (!matches(1.0) && !(z > 0 && matches(1.0 / z))) {
      std::string msg = "the cell holds";
      for (const auto& [el, n] : got) msg += cat(" ", el, n);
      c.warnings.push_back(msg + " atoms, not what _chemical_formula_sum x Z gives");
    }
  }
  return c;
}

ReadResult read_document(cif::Document& doc, const std::string& file, const std::string& only,
                         const ReadOptions& ropt) {
  ReadResult r;
  bool found = false;
  for (cif::Block& block : doc.blocks) {
    if (!only.empty() && block.name != only) continue;
    found = true;
    // A block without atoms (a publication block, say) is not a structure.
    if (only.empty() && !block.find_values("_atom_site_fract_x") &&
        !block.find_values("_atom_site_label") && !block.find_values("_atom_site_Cartn_x"))
      continue;
    try {
      r.crystals.push_back(read_block(block, file, ropt));
    } catch (const Error& e) {
      r.errors.emplace_back(file, block.name, "read", e.what());
    } catch (const std::exception& e) {
      r.errors.emplace_back(file, block.name, "read", one_line_message(e.what()));
    }
  }
  if (!only.empty() && !found) r.errors.emplace_back(file, only, "read", "no such data block");
  if (only.empty() && r.crystals.empty() && r.errors.empty())
    r.errors.emplace_back(file, "", "read", "no data block with atom sites");
  return r;
}

}  // namespace

namespace {
// A CIF document in memory, read leniently unless opt.strict: when gemmi refuses the syntax,
// quoted values that do not end as CIF requires, tags without a value and miscounted loops
// are repaired and the text is read again (the structures say so in their warnings).
ReadResult read_cif_text(const std::string& text, const std::string& path, const std::string& block,
                         const ReadOptions& opt) {
  ReadResult r;
  try {
    cif::Document doc = cif::read_memory(text.data(), text.size(), path.c_str());
    return read_document(doc, path, block, opt);
  } catch (const std::exception& e) {
    // Read leniently: quoted values that do not end as CIF requires, as Zeo++ and pymatgen read
    // them; the structures say so in their warnings.
    std::vector<std::string> repaired;
    std::string fixed;
    if (!opt.strict)
      fixed = drop_miscounted_loops(repair_quoted_values(text, &repaired), &repaired);
    if (!repaired.empty()) {
      try {
        cif::Document doc = cif::read_memory(fixed.data(), fixed.size(), path.c_str());
        ReadResult rr = read_document(doc, path, block, opt);
        std::string list;
        for (const std::string& t : repaired) list += (list.empty() ? "" : ", ") + t;
        for (Crystal& c : rr.crystals)
          c.warnings.push_back(
              "CIF syntax repaired (quoted values read as text, values "
              "missing as '?', loops with a wrong number of values left out): " +
              list);
        return rr;
      } catch (const std::exception&) {
        // the original error is the one to report
      }
    }
    std::string msg = e.what();
    // gemmi prefixes the path; keep the message one line and file-relative.
    if (msg.rfind(path, 0) == 0) msg = msg.substr(path.size());
    while (!msg.empty() && (msg[0] == ':' || msg[0] == ' ')) msg.erase(0, 1);
    r.errors.emplace_back(path, block, "read", "CIF syntax: " + one_line_message(msg));
  }
  return r;
}
}  // namespace

ReadResult read_cif_string(const std::string& text, const std::string& name,
                           const ReadOptions& opt) {
  return read_cif_text(text, name, "", opt);
}

ReadResult read_structures(const std::string& path_spec, FileFormat format,
                           const ReadOptions& opt) {
  std::string path = path_spec, block;
  // "file.cif#block" names one block, unless a file has that whole name ('#' is allowed in
  // file names).
  struct stat st;
  if (size_t hash = path_spec.rfind('#');
      hash != std::string::npos && ::lstat(path_spec.c_str(), &st) != 0) {
    path = path_spec.substr(0, hash);
    block = path_spec.substr(hash + 1);
  }
  ReadResult r;
  std::string text;
  try {
    text = read_text(path);
  } catch (const Error& e) {
    r.errors.emplace_back(path, block, "read", e.what());
    return r;
  }
  if (format == FileFormat::Auto) format = guess_format(path);
  if (format == FileFormat::Poscar) return read_poscar_string(text, path, opt);
  return read_cif_text(text, path, block, opt);
}

}  // namespace channelmap
