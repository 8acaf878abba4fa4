// Reading crystal structures: CIF (every data block with atoms) and VASP 5 POSCAR/CONTCAR.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "channelmap/crystal.hpp"
#include "channelmap/error.hpp"

namespace channelmap {

// What one input file gave: structures, and errors for blocks that could not be read.
struct ReadResult {
  std::vector<Crystal> crystals;
  std::vector<Error> errors;
};

enum class FileFormat { Auto, Cif, Poscar };

// How leniently files are read. By default channelmap reads what other programs (pymatgen,
// Zeo++) read, and says so in Crystal::warnings: occupancies a little above 1 (up to
// tol::lenient_max_occupancy) are scaled to 1; species of different elements listed at one
// position are one mixed site, scaled to a total occupancy of 1; one element listed twice at a
// position is one atom; occupancy '?' is 1; atoms of distinct positions closer than
// tol::overlap_distance_A whose occupancies add up to more than 1 are one position (the most
// occupied one's); a coordinate '.' is 0 and a site whose three coordinates are '?' is left
// out; HTML markup in a space-group symbol is ignored; a CIF that gemmi refuses is read again
// with quoted values that do not end as CIF requires read as text, tags without a value given
// '?' and loops other than atom sites and symmetry whose value count is wrong left out.
// `strict` refuses all of these (total occupancy above tol::max_total_occupancy fails), as
// channelmap did before issue #9.
struct ReadOptions {
  bool strict = false;
};

// Format from the file name: *.cif -> CIF; POSCAR*, CONTCAR*, *.vasp, *.poscar -> POSCAR (a
// trailing .gz is ignored: such files are read decompressed). Anything else is tried as CIF.
FileFormat guess_format(const std::string& path);
// A name that directory scans pick up: *.cif or a POSCAR name as above, each also as *.gz.
bool is_structure_file_name(const std::string& path);

// Reads every structure in `path`. A path of the form "file.cif#block" reads one block (unless
// a file has the whole name).
// Errors of a whole file (unreadable, CIF syntax) and of single blocks are returned in
// `errors`, each naming the file, the block and the reason; nothing is thrown for bad input.
// Only regular files are read (a FIFO, a device or a directory is an error, and opening never
// blocks); at most tol::max_input_bytes after decompression. A cell no crystal has (huge, flat,
// non-finite), coordinates or occupancies that are not numbers, and oxidation numbers out of
// range are errors, never defaults.
ReadResult read_structures(const std::string& path, FileFormat format = FileFormat::Auto,
                           const ReadOptions& options = {});

// The same from text in memory (`name` is used in messages).
ReadResult read_cif_string(const std::string& text, const std::string& name,
                           const ReadOptions& options = {});
ReadResult read_poscar_string(const std::string& text, const std::string& name,
                              const ReadOptions& options = {});

// One atom of a structure given in memory (crystal_from_atoms()).
struct AtomInput {
  std::string element;  // symbol in any case ("MG" is Mg)
  Fractional frac;      // any value: wrapped into [0, 1)
  double occupancy = 1.0;
  std::optional<int> oxidation;  // when known
  std::string label;             // "": element and a running number ("Mg1", "Mg2", ...)
};

// A structure given in memory (the Python module's pymatgen Structure and ase.Atoms): lattice
// vectors as rows (A) and atoms in fractional coordinates, checked and grouped as a file's atoms
// are: a cell no crystal has, an unknown element, a coordinate or occupancy that is not a finite
// number, a negative occupancy, an oxidation state beyond +-tol::max_oxidation_number and more
// than tol::max_atoms_in_cell atoms are errors; atoms sharing a position become one site and
// zero-occupancy atoms are dropped as ReadOptions says (the readers' rules). The error (stage
// "read", file `name`) is in ReadResult::errors; nothing is thrown for bad input.
ReadResult crystal_from_atoms(const std::string& name, const std::array<Vec3, 3>& vectors,
                              const std::vector<AtomInput>& atoms, const ReadOptions& options = {});

// Element symbol normalised ("MG" -> "Mg"); empty when not a known element.
std::string normalize_element(const std::string& symbol);

// Standard atomic weight of an element (u), from gemmi's table; 0 when unknown.
double atomic_mass_u(const std::string& element);

}  // namespace channelmap
