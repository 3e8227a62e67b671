// RAII ownership of HDF5 identifiers and the few typed helpers the results
// writer and reader share. Internal to sim/io.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "commsim/error.hpp"

namespace commsim::h5 {

// "HDF5: <what>", with the system's reason when the failing call left one
// that says something to a user (no space left on device, a read-only file
// system ...).
[[noreturn]] void fail(const std::string& what);

class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer, const std::string& what) : id_(id), closer_(closer) {
    if (id_ < 0) {
      fail(what);
    }
  }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, -1);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  void reset() {
    if (id_ >= 0 && closer_ != nullptr) {
      closer_(id_);
    }
    id_ = -1;
  }
  [[nodiscard]] hid_t get() const { return id_; }
  operator hid_t() const { return id_; }  // NOLINT(google-explicit-constructor)

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

inline void check(herr_t status, const std::string& what) {
  if (status < 0) {
    fail(what);
  }
}

// HDF5 prints its error stack to stderr by default; commsim reports errors
// itself, so silence it once per process. Every entry point that touches
// HDF5 calls this first.
void silence_errors();

Handle utf8_string_type();
// Fixed-length, NUL-padded strings of `size` bytes: rewriting one in place
// allocates nothing (a variable-length rewrite leaves a dead heap object
// behind, so a column rewritten once per run would bloat the file).
Handle fixed_string_type(std::size_t size);
void write_string_attribute(hid_t object, const std::string& name, const std::string& value);
void write_int_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_uint_attribute(hid_t object, const std::string& name, std::uint64_t value);
[[nodiscard]] bool has_attribute(hid_t object, const std::string& name);
[[nodiscard]] std::string read_string_attribute(hid_t object, const std::string& name);
[[nodiscard]] std::int64_t read_int_attribute(hid_t object, const std::string& name);
[[nodiscard]] std::vector<std::string> read_strings(hid_t dataset);
[[nodiscard]] std::vector<std::string> list_group(hid_t file, const std::string& group);

}  // namespace commsim::h5
