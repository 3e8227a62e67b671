// The project's one error hierarchy. Library code throws these; only main()
// and the Python bindings map them to exit codes and exception types.
#pragma once

#include <stdexcept>
#include <string>

namespace commsim {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad user input: exit code 1 on the command line, commsim.InputError in
// Python. Results files given to read that are not results files are input
// errors too.
class InputError : public Error {
 public:
  using Error::Error;
};

// Bad input in a scenario: YAML, overrides, referenced input files, the
// output path. commsim.ScenarioError in Python.
class ScenarioError : public InputError {
 public:
  using InputError::InputError;
};

// A file that cannot be written or read for reasons other than its content.
class IoError : public Error {
 public:
  using Error::Error;
};

// The user asked the work to stop (SIGINT, SIGTERM) before it finished.
class Interrupted : public Error {
 public:
  using Error::Error;
};

// A broken internal invariant, found by a COMMSIM_CHECKED build.
class InvariantError : public Error {
 public:
  using Error::Error;
};

}  // namespace commsim

// COMMSIM_CHECK(condition, message): in a checked build, throw InvariantError
// when the condition fails; in other builds, evaluate nothing (the condition
// stays in an unevaluated sizeof so that its variables count as used).
#ifdef COMMSIM_CHECKED
#define COMMSIM_CHECK(condition, message)                                             \
  do {                                                                                \
    if (!(condition)) {                                                               \
      throw ::commsim::InvariantError(std::string("invariant failed: ") + (message) + \
                                      " (" #condition ")");                           \
    }                                                                                 \
  } while (false)
#else
#define COMMSIM_CHECK(condition, message) \
  do {                                    \
    static_cast<void>(sizeof(condition)); \
    static_cast<void>(sizeof(message));   \
  } while (false)
#endif
