#!/usr/bin/python3
"""check_layers.py: does the include graph run one way, and do the heavy dependencies stay in
their one translation unit each?

Layers, lowest first (a file may include only files of its own layer or below):
  core      the crystal, the periodic neighbour index, errors, named tolerances, and facts
            with no dependencies
  reading   CIF/POSCAR to Crystal (gemmi only in src/read.cpp)
  geometry  symmetry (spglib only in src/symmetry.cpp), chemistry and radii, the
            framework, the void network (CGAL only in src/network.cpp), channels, paths,
            coordination polyhedra
  analysis  steps that combine them: site chemistry, coordination of sites and hops, bulk
            descriptors, the energy field and paths, the barrier model
  pipeline  the Report and what is computed from one (report.hpp, energy_report, descriptors
            registry, ranking, applicability)
  output    writers, tables, plots, screening, describe, version stamps
  cli       tools/channelmap/ and the Python binding python/_channelmap.cpp

Every header of include/channelmap/ and src/ must be listed below (a new one fails the check
until it is given a layer); a .cpp takes the layer of its header, or of SOURCES below.
Exit status 0 when every include goes down or sideways, 1 otherwise (each offence printed).
Usage: tools/check_layers.py [REPO]
"""
import pathlib
import re
import sys

ORDER = ["core", "reading", "geometry", "analysis", "pipeline", "output", "cli"]
HEADERS = {
    "core": "crystal neighbors error tolerances formula stage_times rank_weights barrier_model "
            "isolate plot_draw int_array_hash",
    "reading": "read read_common",
    "geometry": "symmetry radii chemistry mobile_ion bond_valence_common framework network "
                "network_detail channels periodic_union_find paths hop_search environment "
                "centring",
    "analysis": "site_chemistry coordination descriptors energy energy_grid_detail energy_tables",
    "pipeline": "report energy_report descriptor_registry rank ranking applicability "
                "export_energy",
    "output": "write write_energy table plot plot_geometry plot_panels screen screen_output "
              "describe version",
}
# .cpp files without a header of their own name.
SOURCES = {
    "reading": "assemble read_poscar",
    "geometry": "bond_valence oxidation shannon_table shape_table shapes vdw_table network_edges "
                "network_smaller_cell symmetry_search",
    "analysis": "energy_analysis energy_data energy_path softbv_table",
    "output": "cairo_lazy plot_clearance plot_energy plot_surface screen_inputs screen_merge "
              "screen_meta write_network",
}
# Heavy dependencies and the one translation unit allowed to include each.
ONLY_IN = {"CGAL/": "src/network.cpp", "gemmi/": "src/read.cpp", "spglib.h": "src/symmetry.cpp"}


def main():
    repo = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    layer = {}
    for table in (HEADERS, SOURCES):
        for lay, names in table.items():
            for n in names.split():
                layer[n] = ORDER.index(lay)
    files = sorted(list((repo / "include/channelmap").glob("*.hpp")) + list((repo / "src").glob("*.[ch]pp"))
                   + list((repo / "tools/channelmap").glob("*.[ch]pp"))
                   + list((repo / "python").glob("*.cpp")))
    bad = []
    inc = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)
    for f in files:
        rel = f.relative_to(repo).as_posix()
        stem = f.stem
        if rel.startswith(("tools/", "python/")):
            mine = ORDER.index("cli")
        elif stem in layer:
            mine = layer[stem]
        else:
            bad.append(f"{rel}: no layer (add it to tools/check_layers.py)")
            continue
        text = f.read_text()
        for target in inc.findall(text):
            for dep, allowed in ONLY_IN.items():
                if target.startswith(dep) and rel != allowed:
                    bad.append(f"{rel}: includes <{target}> (only {allowed} may)")
            name = pathlib.PurePosixPath(target)
            if target.startswith("channelmap/") or (name.suffix == ".hpp" and len(name.parts) == 1):
                dep_stem = name.stem
                if (repo / "tools/channelmap" / name.name).exists() and rel.startswith("tools/"):
                    continue  # the CLI's own headers
                if dep_stem not in layer:
                    bad.append(f"{rel}: includes {target}, which has no layer")
                elif layer[dep_stem] > mine:
                    bad.append(f"{rel} ({ORDER[mine]}) includes {target} ({ORDER[layer[dep_stem]]})")
    for b in bad:
        print(b)
    print(f"check_layers: {len(files)} files, {len(bad)} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
