# The layering of the tree, checked: run as a test (`cmake -P
# cmake/CheckLayering.cmake <source dir>`), it fails listing every include
# that points the wrong way.
#
#   core (sim/include/commsim/*.hpp, sim/src/*.cpp)  includes no run/ or io/
#   run  (sim/.../run/)                              includes no io/
#   the engine (sim/)                                includes no model, no
#                                                    command line, no Python
#   models (models/)                                 include no run/, io/,
#                                                    YAML, HDF5, TBB or pybind11
set(source_dir "${CMAKE_ARGV3}")
if(NOT source_dir)
  message(FATAL_ERROR "usage: cmake -P CheckLayering.cmake SOURCE_DIR")
endif()

set(violations "")
function(forbid files pattern why)
  foreach(file ${files})
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](${pattern})")
    foreach(line ${lines})
      file(RELATIVE_PATH relative "${source_dir}" "${file}")
      set(violations "${violations}\n  ${relative}: ${line}  (${why})" PARENT_SCOPE)
    endforeach()
  endforeach()
endfunction()

file(GLOB core_files "${source_dir}/sim/include/commsim/*.hpp" "${source_dir}/sim/src/*.cpp")
file(GLOB_RECURSE run_files "${source_dir}/sim/include/commsim/run/*" "${source_dir}/sim/src/run/*")
file(GLOB_RECURSE engine_files "${source_dir}/sim/*.hpp" "${source_dir}/sim/*.cpp")
file(GLOB_RECURSE model_files "${source_dir}/models/*.hpp" "${source_dir}/models/*.cpp")

forbid("${core_files}" "commsim/run/|commsim/io/" "the core sits below the run floor and io")
forbid("${run_files}" "commsim/io/|yaml-cpp|hdf5" "the run floor sits below io")
forbid("${engine_files}" "models/|cli/|commands.hpp|pybind11" "the engine never includes a model, the command line or Python")
forbid("${model_files}" "commsim/run/|commsim/io/|yaml-cpp|hdf5|H5|tbb/|pybind11"
       "models see the engine's typed API only")

if(violations)
  message(FATAL_ERROR "includes against the layering:${violations}")
endif()
message(STATUS "layering holds: ${source_dir}")
