#include "hdf5_variables.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <limits>

namespace commsim::h5 {
namespace {

// Writes a variable's known values (all of it).
void write_values(hid_t ds, const Variable& v, hid_t memtype) {
  std::visit(
      [&](const auto& values) {
        using T = std::decay_t<decltype(values)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return;
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          if (values.empty()) {
            return;
          }
          if (v.type == ValueType::Status) {
            std::vector<char> raw(values.size() * results::kStatusBytes, '\0');
            for (std::size_t i = 0; i < values.size(); ++i) {
              values[i].copy(raw.data() + i * results::kStatusBytes, results::kStatusBytes);
            }
            check(H5Dwrite(ds, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()),
                  "writing " + v.name);
          } else {
            std::vector<const char*> pointers;
            for (const auto& text : values) {
              pointers.push_back(text.c_str());
            }
            check(H5Dwrite(ds, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
                  "writing " + v.name);
          }
        } else if (!values.empty()) {
          check(H5Dwrite(ds, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                "writing " + v.name);
        }
      },
      v.values);
}

}  // namespace

Handle create_group(hid_t parent, const std::string& name) {
  return {H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
          "creating group " + name};
}

Types types_of(ValueType type) {
  switch (type) {
    case ValueType::Float64:
      return {{}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE};
    case ValueType::Int64:
      return {{}, H5T_STD_I64LE, H5T_NATIVE_INT64};
    case ValueType::UInt64:
      return {{}, H5T_STD_U64LE, H5T_NATIVE_UINT64};
    case ValueType::Int32:
      return {{}, H5T_STD_I32LE, H5T_NATIVE_INT32};
    case ValueType::UInt32:
      return {{}, H5T_STD_U32LE, H5T_NATIVE_UINT32};
    case ValueType::UInt8:
      return {{}, H5T_STD_U8LE, H5T_NATIVE_UINT8};
    case ValueType::Text: {
      Handle t = h5::utf8_string_type();
      const hid_t id = t.get();
      return {std::move(t), id, id};
    }
    case ValueType::Status: {
      Handle t = h5::fixed_string_type(results::kStatusBytes);
      const hid_t id = t.get();
      return {std::move(t), id, id};
    }
  }
  throw Error("internal: unknown value type");
}

// Creates a variable of the layout as a dataset under `parent`, with its
// known values and its units and long name. Chunked variables are
// compressed; floating-point ones are filled with NaN so that runs not yet
// written read as missing.
Handle create_variable(hid_t parent, const Variable& v) {
  const auto rank = static_cast<int>(v.shape.size());
  const std::vector<hsize_t> shape(v.shape.begin(), v.shape.end());
  Handle space(H5Screate_simple(rank, shape.data(), nullptr), H5Sclose, "dataspace for " + v.name);
  Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
  if (!v.chunk.empty()) {
    std::vector<hsize_t> chunk(v.chunk.begin(), v.chunk.end());
    for (auto& c : chunk) {
      c = std::max<hsize_t>(c, 1);
    }
    check(H5Pset_chunk(plist, rank, chunk.data()), "chunking " + v.name);
    check(H5Pset_shuffle(plist), "shuffle filter");
    check(H5Pset_deflate(plist, 4), "deflate filter");
    if (v.type == ValueType::Float64) {
      const double nan = std::numeric_limits<double>::quiet_NaN();
      check(H5Pset_fill_value(plist, H5T_NATIVE_DOUBLE, &nan), "fill value");
    }
  }
  const Types types = types_of(v.type);
  Handle ds(H5Dcreate2(parent, v.name.c_str(), types.file, space, H5P_DEFAULT, plist, H5P_DEFAULT),
            H5Dclose, "creating dataset " + v.name);
  write_values(ds, v, types.memory);
  if (!v.units.empty()) {
    h5::write_string_attribute(ds, "units", v.units);
  }
  if (!v.long_name.empty()) {
    h5::write_string_attribute(ds, "long_name", v.long_name);
  }
  return ds;
}

// Writes row `row` (all of the trailing dimensions) of a dataset.
void write_row(hid_t dataset, hsize_t row, hid_t memtype, const void* data) {
  Handle file_space(H5Dget_space(dataset), H5Sclose, "dataspace");
  const int rank = H5Sget_simple_extent_ndims(file_space);
  if (rank < 1) {
    throw IoError("HDF5: a per-run dataset has no run dimension");
  }
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(file_space, dims.data(), nullptr);
  std::vector<hsize_t> start(dims.size(), 0);
  start[0] = row;
  std::vector<hsize_t> count = dims;
  count[0] = 1;
  check(
      H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
      "selecting a row");
  Handle mem_space(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "memory space");
  check(H5Dwrite(dataset, memtype, mem_space, file_space, H5P_DEFAULT, data), "writing a row");
}

// Attaches the root coordinates named by a variable's dimensions.
void attach_scales(hid_t ds, const Variable& v, std::map<std::string, Handle>& scales) {
  for (std::size_t d = 0; d < v.dims.size(); ++d) {
    check(H5DSattach_scale(ds, scales.at(v.dims[d]), static_cast<unsigned>(d)),
          "attaching the " + v.dims[d] + " scale to " + v.name);
  }
}

void create_variables(hid_t parent, const std::vector<Variable>& coordinates,
                      const std::vector<Variable>& variables) {
  std::map<std::string, Handle> scales;
  for (const Variable& c : coordinates) {
    Handle scale = create_variable(parent, c);
    check(H5DSset_scale(scale, c.name.c_str()), "making " + c.name + " a dimension scale");
    scales[c.name] = std::move(scale);
  }
  for (const Variable& v : variables) {
    Handle ds = create_variable(parent, v);
    attach_scales(ds, v, scales);
  }
}

std::vector<double> read_doubles(hid_t file, const std::string& name, std::vector<hsize_t>* shape) {
  Handle ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "opening " + name);
  Handle space(H5Dget_space(ds), H5Sclose, "dataspace of " + name);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  std::vector<double> out(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  if (!out.empty()) {
    check(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
          "reading " + name);
  }
  if (shape != nullptr) {
    *shape = dims;
  }
  return out;
}

std::vector<std::uint64_t> read_uints(hid_t file, const std::string& name) {
  Handle ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "opening " + name);
  Handle space(H5Dget_space(ds), H5Sclose, "dataspace of " + name);
  std::vector<std::uint64_t> out(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  if (!out.empty()) {
    check(H5Dread(ds, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
          "reading " + name);
  }
  return out;
}

}  // namespace commsim::h5
