# spglib for channelmap (include()d, not a find module): Debian's libsymspg-dev ships a header and a library but no CMake
# package, so this defines the imported target channelmap::spglib. Used by the build and, installed
# beside channelmapConfig.cmake, by projects that link the installed static library (which needs
# libsymspg at link time). Sets channelmap_spglib_FOUND.
if(TARGET channelmap::spglib)
  set(channelmap_spglib_FOUND TRUE)
  return()
endif()
find_path(SPGLIB_INCLUDE_DIR spglib.h)
find_library(SPGLIB_LIBRARY NAMES symspg)
if(SPGLIB_INCLUDE_DIR AND SPGLIB_LIBRARY)
  add_library(channelmap::spglib UNKNOWN IMPORTED)
  set_target_properties(channelmap::spglib PROPERTIES
                        IMPORTED_LOCATION "${SPGLIB_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${SPGLIB_INCLUDE_DIR}")
  set(channelmap_spglib_FOUND TRUE)
else()
  set(channelmap_spglib_FOUND FALSE)
endif()
