// What the commands say on stderr besides errors: warnings, lists cut short,
// and the one line each kind of failure gets (main maps it to an exit code).
#pragma once

#include <exception>
#include <string>
#include <vector>

namespace commsim::cli {

// Lines shown before "... and N more".
inline constexpr std::size_t kMaxListed = 20;

// "warning: <each>" on stderr.
void print_warnings(const std::vector<std::string>& warnings);
// Each line indented, at most kMaxListed of them.
void print_list(const std::vector<std::string>& lines, const std::string& indent);

// A failure as the user sees it: one message and its exit code, 1 for bad
// input (the scenario, the arguments, a path that cannot be read or
// written as asked) and 2 for everything else (a full disk, lack of
// memory, a failed run, a bug). Every exception type maps here.
struct Failure {
  std::string message;
  int code;
};
Failure describe_failure(const std::exception_ptr& error);

}  // namespace commsim::cli
