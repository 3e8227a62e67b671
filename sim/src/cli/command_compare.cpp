// commsim compare: grouping runs and their intervals is analysis, which lives
// in Python (commsim.comparison); this command hands over to
// `python3 -m commsim compare` with the interpreter and package the build
// recorded, and returns its exit code.
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "commands.hpp"
#include "commsim/error.hpp"

extern char** environ;

namespace commsim::cli {

int compare(const CompareArgs& args) {
#ifndef COMMSIM_PYTHON_EXECUTABLE
  (void)args;
  throw Error(
      "commsim compare needs the Python layer, and this build has none "
      "(configure with COMMSIM_BUILD_PYTHON=ON)");
#else
  std::vector<std::string> words{COMMSIM_PYTHON_EXECUTABLE, "-m", "commsim", "compare",
                                 args.results};
  if (!args.by.empty()) {
    words.insert(words.end(), {"--by", args.by});
  }
  for (const auto& m : args.metrics) {
    words.insert(words.end(), {"--metric", m});
  }
  if (!args.plot.empty()) {
    words.insert(words.end(), {"--plot", args.plot});
  }
  // The package this build assembled comes first on the module path.
  const char* old_path = std::getenv("PYTHONPATH");
  const std::string path =
      std::string(COMMSIM_PYTHON_PACKAGE_PARENT) +
      (old_path != nullptr && *old_path != '\0' ? ":" + std::string(old_path) : "");
  setenv("PYTHONPATH", path.c_str(), 1);

  std::vector<char*> argv;
  for (auto& w : words) {
    argv.push_back(w.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    throw Error(std::string("cannot start ") + argv[0] + " for commsim compare");
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
#endif
}

}  // namespace commsim::cli
