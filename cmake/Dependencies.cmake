# Every third-party dependency is found here, through imported targets only.
# Each comes from a Debian 12 package; scripts/setup installs the list in
# scripts/debian-packages.txt.
find_package(Boost 1.74 REQUIRED)                 # libboost-graph-dev (header-only CSR graph)
find_package(TBB REQUIRED)                        # libtbb-dev
find_package(yaml-cpp REQUIRED)                   # libyaml-cpp-dev
find_package(HDF5 REQUIRED COMPONENTS C HL)       # libhdf5-dev (C language needed by FindHDF5)
find_package(CLI11 CONFIG REQUIRED)               # libcli11-dev
find_package(ZLIB REQUIRED)                       # zlib1g-dev (gzip-compressed graph files)
find_package(EXPAT REQUIRED)                      # libexpat1-dev (GraphML files)
find_package(Threads REQUIRED)

# Random123 (librandom123-dev) is header-only and ships no CMake package.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(commsim_random123 INTERFACE)
target_include_directories(commsim_random123 SYSTEM INTERFACE "${RANDOM123_INCLUDE_DIR}")
add_library(Random123::Random123 ALIAS commsim_random123)

# FindHDF5 (CMake >= 3.19) provides HDF5::HDF5 (C) and hdf5::hdf5_hl (dimension scales).

if(COMMSIM_WITH_MPI)
  find_package(MPI COMPONENTS CXX)                # libopenmpi-dev, openmpi-bin (optional)
  if(NOT MPI_CXX_FOUND)
    message(STATUS "MPI not found: commsim will run sweeps in one process only")
  endif()
endif()
if(COMMSIM_BUILD_PYTHON)
  find_package(Python3 REQUIRED COMPONENTS Interpreter Development.Module)
  find_package(pybind11 CONFIG REQUIRED)          # pybind11-dev
endif()
if(COMMSIM_BUILD_BENCH)
  find_package(benchmark REQUIRED)                # libbenchmark-dev
endif()
if(COMMSIM_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)              # catch2 (2.13: catch2/catch.hpp)
  include(Catch)
  if(NOT Python3_EXECUTABLE)
    find_package(Python3 REQUIRED COMPONENTS Interpreter)
  endif()
endif()
