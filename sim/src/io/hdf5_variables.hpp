// Writing the variables of a layout (run/results_layout.hpp) as HDF5
// datasets with named dimensions (dimension scales), shared by the results
// and posterior files. Internal to sim/io.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "commsim/run/results_layout.hpp"
#include "hdf5_handle.hpp"

namespace commsim::h5 {

Handle create_group(hid_t parent, const std::string& name);

// The file and memory types of a layout value type.
struct Types {
  Handle file_owned;  // set for string types, which are created per use
  hid_t file;
  hid_t memory;
};
Types types_of(ValueType type);

// Creates a variable as a dataset under `parent`, with its known values and
// its units and long name. Chunked variables are compressed; floating-point
// ones are filled with NaN so that what is not yet written reads as missing.
Handle create_variable(hid_t parent, const Variable& v);
// Attaches the coordinates (by name, from `scales`) of a variable's dimensions.
void attach_scales(hid_t ds, const Variable& v, std::map<std::string, Handle>& scales);
// Writes row `row` (all of the trailing dimensions) of a dataset.
void write_row(hid_t dataset, hsize_t row, hid_t memtype, const void* data);

// Creates every variable: coordinates first (at `parent`, made dimension
// scales), then the others, each attached to its coordinates.
void create_variables(hid_t parent, const std::vector<Variable>& coordinates,
                      const std::vector<Variable>& variables);

// A whole dataset's values as doubles (or unsigned 64-bit numbers), with its
// shape; IoError naming the dataset when it is missing.
std::vector<double> read_doubles(hid_t file, const std::string& name,
                                 std::vector<hsize_t>* shape = nullptr);
std::vector<std::uint64_t> read_uints(hid_t file, const std::string& name);

}  // namespace commsim::h5
