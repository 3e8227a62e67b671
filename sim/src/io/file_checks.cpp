#include "file_checks.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace commsim {

std::string reason(int error_number) {
  return std::strerror(error_number);
}

std::string file_kind(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return "nothing";
  }
  if (S_ISDIR(info.st_mode)) {
    return "a folder";
  }
  if (S_ISFIFO(info.st_mode)) {
    return "a FIFO (named pipe)";
  }
  if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode)) {
    return "a device";
  }
  if (S_ISSOCK(info.st_mode)) {
    return "a socket";
  }
  return S_ISREG(info.st_mode) ? "a regular file" : "not a regular file";
}

std::optional<std::string> unreadable_file(const std::filesystem::path& path) {
  if (path.empty()) {
    return "no file name given";
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return errno == ENOENT ? std::string("no such file") : reason(errno);
  }
  if (!S_ISREG(info.st_mode)) {
    return "is " + file_kind(path) + ", not a regular file";
  }
  if (::access(path.c_str(), R_OK) != 0) {
    return "not readable: " + reason(errno);
  }
  return std::nullopt;
}

}  // namespace commsim
