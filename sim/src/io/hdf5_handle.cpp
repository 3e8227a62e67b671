#include "hdf5_handle.hpp"

#include <cerrno>
#include <cstring>

namespace commsim::h5 {

void fail(const std::string& what) {
  // Only reasons that the failing call must have set: errno is not reset by
  // calls that succeed, so an unrelated old value would mislead.
  const int e = errno;
  const bool telling = e == ENOSPC || e == EDQUOT || e == EFBIG || e == EROFS || e == EIO;
  errno = 0;
  throw IoError("HDF5: " + what + (telling ? std::string(": ") + std::strerror(e) : ""));
}

void silence_errors() {
  // A file whose writes failed (a full disk) cannot be closed; HDF5's own
  // clean-up at exit then crashes on it. Files are closed by their handles,
  // so the library's exit handler has nothing else to do. (Effective only
  // before the library starts: the first call in a process.)
  static const bool no_exit_handler = [] { return H5dont_atexit() >= 0; }();
  static_cast<void>(no_exit_handler);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

Handle utf8_string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copying the string type");
  check(H5Tset_size(type, H5T_VARIABLE), "string type size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string type encoding");
  return type;
}

Handle fixed_string_type(std::size_t size) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copying the string type");
  check(H5Tset_size(type, size), "string type size");
  check(H5Tset_strpad(type, H5T_STR_NULLPAD), "string padding");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string type encoding");
  return type;
}

void write_string_attribute(hid_t object, const std::string& name, const std::string& value) {
  Handle type = utf8_string_type();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle attr(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "creating attribute " + name);
  const char* data = value.c_str();
  check(H5Awrite(attr, type, static_cast<const void*>(&data)), "writing attribute " + name);
}

namespace {
template <class T>
void write_scalar_attribute(hid_t object, const std::string& name, hid_t type, T value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle attr(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "creating attribute " + name);
  check(H5Awrite(attr, type, &value), "writing attribute " + name);
}
}  // namespace

void write_int_attribute(hid_t object, const std::string& name, std::int64_t value) {
  write_scalar_attribute(object, name, H5T_NATIVE_INT64, value);
}

void write_uint_attribute(hid_t object, const std::string& name, std::uint64_t value) {
  write_scalar_attribute(object, name, H5T_NATIVE_UINT64, value);
}

bool has_attribute(hid_t object, const std::string& name) {
  return H5Aexists(object, name.c_str()) > 0;
}

std::string read_string_attribute(hid_t object, const std::string& name) {
  Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "opening attribute " + name);
  Handle stored(H5Aget_type(attr), H5Tclose, "attribute type");
  if (H5Tget_class(stored) != H5T_STRING) {
    throw IoError("attribute " + name + " is not a string");
  }
  if (H5Tis_variable_str(stored) > 0) {
    Handle type = utf8_string_type();
    char* data = nullptr;
    check(H5Aread(attr, type, static_cast<void*>(&data)), "reading attribute " + name);
    std::string out = data != nullptr ? data : "";
    H5free_memory(data);
    return out;
  }
  const std::size_t size = H5Tget_size(stored);
  std::string out(size, '\0');
  check(H5Aread(attr, stored, out.data()), "reading attribute " + name);
  return out.substr(0, out.find('\0'));
}

std::int64_t read_int_attribute(hid_t object, const std::string& name) {
  Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "opening attribute " + name);
  std::int64_t value = 0;
  check(H5Aread(attr, H5T_NATIVE_INT64, &value), "reading attribute " + name);
  return value;
}

std::vector<std::string> read_strings(hid_t dataset) {
  Handle space(H5Dget_space(dataset), H5Sclose, "dataspace");
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  Handle stored(H5Dget_type(dataset), H5Tclose, "dataset type");
  if (H5Tis_variable_str(stored) <= 0) {
    const std::size_t size = H5Tget_size(stored);
    std::vector<char> raw(n * size);
    check(H5Dread(dataset, stored, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "reading strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) {
      const char* begin = raw.data() + i * size;
      out.emplace_back(begin, strnlen(begin, size));
    }
    return out;
  }
  std::vector<char*> raw(n, nullptr);
  Handle type = utf8_string_type();
  check(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "reading strings");
  std::vector<std::string> out;
  for (char* s : raw) {
    out.emplace_back(s != nullptr ? s : "");
  }
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
  return out;
}

std::vector<std::string> list_group(hid_t file, const std::string& group) {
  std::vector<std::string> names;
  if (H5Lexists(file, group.c_str(), H5P_DEFAULT) <= 0) {
    return names;
  }
  Handle g(H5Gopen2(file, group.c_str(), H5P_DEFAULT), H5Gclose, "opening group " + group);
  H5G_info_t info;
  check(H5Gget_info(g, &info), "group info");
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t size =
        H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    std::string name(static_cast<std::size_t>(size), '\0');
    H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(),
                       static_cast<std::size_t>(size) + 1, H5P_DEFAULT);
    names.push_back(name);
  }
  return names;
}

}  // namespace commsim::h5
