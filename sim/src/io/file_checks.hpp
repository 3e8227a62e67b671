// Why a path cannot be read or written as a regular file, in words, before
// anything opens it: opening a FIFO blocks forever, opening a folder or a
// device reads nonsense, and the library's own message for a symlink loop
// or an overlong name says nothing useful. Internal to sim/io.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace commsim {

// Why `path` is not a readable regular file ("no such file", "is a FIFO
// (named pipe), not a regular file", "Permission denied" ...); nullopt when
// it is one.
std::optional<std::string> unreadable_file(const std::filesystem::path& path);

// What kind of thing a non-regular path is: "a folder", "a FIFO (named
// pipe)", "a device", "a socket".
std::string file_kind(const std::filesystem::path& path);

// The reason an errno gives, as the C library says it.
std::string reason(int error_number);

}  // namespace commsim
