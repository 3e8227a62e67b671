#include "messages.hpp"

#include <cerrno>
#include <filesystem>
#include <iostream>
#include <new>
#include <system_error>

#include "commsim/error.hpp"

namespace commsim::cli {

namespace {

constexpr int kBadInput = 1;
constexpr int kRuntimeFailure = 2;

// Errors of a path the user gave: they can fix the path; the others (a full
// disk, an I/O error) are the machine's.
bool path_is_at_fault(const std::error_code& code) {
  switch (static_cast<std::errc>(code.value())) {
    case std::errc::no_such_file_or_directory:
    case std::errc::permission_denied:
    case std::errc::operation_not_permitted:
    case std::errc::read_only_file_system:
    case std::errc::filename_too_long:
    case std::errc::too_many_symbolic_link_levels:
    case std::errc::not_a_directory:
    case std::errc::is_a_directory:
    case std::errc::file_exists:
    case std::errc::invalid_argument:
      return true;
    default:
      return false;
  }
}

}  // namespace

void print_warnings(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) {
    std::cerr << "warning: " << w << "\n";
  }
}

void print_list(const std::vector<std::string>& lines, const std::string& indent) {
  for (std::size_t i = 0; i < lines.size() && i < kMaxListed; ++i) {
    std::cerr << indent << lines[i] << "\n";
  }
  if (lines.size() > kMaxListed) {
    std::cerr << indent << "... and " << lines.size() - kMaxListed << " more\n";
  }
}

Failure describe_failure(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const InputError& e) {
    return {e.what(), kBadInput};
  } catch (const std::filesystem::filesystem_error& e) {
    std::string where = e.path1().string();
    if (!e.path2().empty()) {
      where += " -> " + e.path2().string();
    }
    return {where + ": " + e.code().message(),
            path_is_at_fault(e.code()) ? kBadInput : kRuntimeFailure};
  } catch (const std::bad_alloc&) {
    return {
        "out of memory: this machine could not give commsim the memory it asked for; make "
        "the population or the design smaller, or run fewer runs at once (--threads)",
        kRuntimeFailure};
  } catch (const Error& e) {
    return {e.what(), kRuntimeFailure};
  } catch (const std::exception& e) {
    return {std::string("internal error: ") + e.what(), kRuntimeFailure};
  } catch (...) {
    return {"internal error: an unknown exception", kRuntimeFailure};
  }
}

}  // namespace commsim::cli
