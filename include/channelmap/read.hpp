// Reading crystal structures: CIF (every data block with atoms) and VASP 5 POSCAR/CONTCAR.
#pragma once
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

// Format from the file name: *.cif -> CIF; POSCAR*, CONTCAR*, *.vasp, *.poscar -> POSCAR (a
// trailing .gz is ignored: such files are read decompressed). Anything else is tried as CIF.
FileFormat guess_format(const std::string& path);
// A name that directory scans pick up: *.cif or a POSCAR name as above, each also as *.gz.
bool is_structure_file_name(const std::string& path);

// Reads every structure in `path`. A path of the form "file.cif#block" reads one block.
// Errors of a whole file (unreadable, CIF syntax) and of single blocks are returned in
// `errors`, each naming the file, the block and the reason; nothing is thrown for bad input.
ReadResult read_structures(const std::string& path, FileFormat format = FileFormat::Auto);

// The same from text in memory (`name` is used in messages).
ReadResult read_cif_string(const std::string& text, const std::string& name);
ReadResult read_poscar_string(const std::string& text, const std::string& name);

// Element symbol normalised ("MG" -> "Mg"); empty when not a known element.
std::string normalize_element(const std::string& symbol);

// Standard atomic weight of an element (u), from gemmi's table; 0 when unknown.
double atomic_mass_u(const std::string& element);

}  // namespace channelmap
