// commsim compare and commsim report: grouping runs, intervals, plots and
// pages are analysis, which lives in Python (commsim.comparison,
// commsim.report). These commands hand over to `python3 -m commsim NAME ...`
// with the interpreter and package the build recorded, and return its exit
// code.
#include <spawn.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "commands.hpp"
#include "commsim/error.hpp"

extern char** environ;

namespace commsim::cli {

bool python_available() {
#ifdef COMMSIM_PYTHON_EXECUTABLE
  return true;
#else
  return false;
#endif
}

// Runs `python3 -m commsim <words...>` and returns its exit code.
int run_python(std::vector<std::string> words) {
#ifndef COMMSIM_PYTHON_EXECUTABLE
  throw Error("commsim " + words.front() +
              " needs the Python layer, and this build has none "
              "(configure with COMMSIM_BUILD_PYTHON=ON)");
#else
  words.insert(words.begin(), {COMMSIM_PYTHON_EXECUTABLE, "-m", "commsim"});
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
  std::fflush(stdout);  // what this process printed comes first
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    throw Error(std::string("cannot start ") + argv[0] + " for commsim " + words[3]);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
#endif
}

namespace {

void add_objective(std::vector<std::string>& words, const ObjectiveArgs& o) {
  if (!o.objective.empty()) {
    words.insert(words.end(), {"--objective", o.objective});
  }
  if (o.minimize) {
    words.emplace_back("--minimize");
  }
  for (const auto& c : o.constraints) {
    words.insert(words.end(), {"--constraint", c});
  }
  if (o.confidence > 0) {
    words.insert(words.end(), {"--confidence", std::to_string(o.confidence)});
  }
}

}  // namespace

int compare(const CompareArgs& args) {
  std::vector<std::string> words{"compare", args.results};
  for (const auto& column : args.by) {
    words.insert(words.end(), {"--by", column});
  }
  add_objective(words, args.objective);
  for (const auto& m : args.metrics) {
    words.insert(words.end(), {"--metric", m});
  }
  if (args.plot_given) {
    words.insert(words.end(), {"--plot", args.plot});
  }
  if (args.overwrite) {
    words.emplace_back("--overwrite");
  }
  return run_python(std::move(words));
}

int observe(const std::vector<std::string>& args) {
  std::vector<std::string> words{"observe"};
  words.insert(words.end(), args.begin(), args.end());
  return run_python(std::move(words));
}

int report(const ReportArgs& args) {
  std::vector<std::string> words{"report", args.results};
  if (args.output_given) {
    words.insert(words.end(), {"-o", args.output});
  }
  for (const auto& column : args.by) {
    words.insert(words.end(), {"--by", column});
  }
  if (args.overwrite) {
    words.emplace_back("--overwrite");
  }
  add_objective(words, args.objective);
  return run_python(std::move(words));
}

}  // namespace commsim::cli
