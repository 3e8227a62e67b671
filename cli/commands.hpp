// The subcommands of `commsim`. Each returns its exit code; errors propagate
// as commsim::Error and main() maps them (1 bad input, 2 runtime failure).
#pragma once

#include <string>
#include <vector>

namespace commsim {
class MpiSession;
}

namespace commsim::cli {

struct RunArgs {
  std::string scenario;
  std::string output;
  bool output_given = false;  // -o given (possibly empty, which is refused); else <stem>.h5 here
  int threads = 0;            // 0: all cores
  std::vector<std::string> overrides;
  bool quiet = false;
  bool overwrite = false;
  bool resume = false;
  std::string command_line;
  const MpiSession* mpi = nullptr;  // this process's MPI session; null when not under MPI
};

// What a comparison optimises when not the results file's objective.
struct ObjectiveArgs {
  std::string objective;  // a summary (or the file's objective's name)
  bool minimize = false;
  std::vector<std::string> constraints;  // "retention_90>=0.5"
  double confidence = 0;                 // 0: the file's
};

struct CompareArgs {
  std::string results;
  std::vector<std::string> by;
  std::vector<std::string> metrics;
  std::string plot;
  ObjectiveArgs objective;
  bool plot_given = false;
  bool overwrite = false;
};

struct ReportArgs {
  std::string results;
  std::string output;
  bool output_given = false;  // else <results stem>.html next to the results file
  std::vector<std::string> by;
  bool overwrite = false;
  ObjectiveArgs objective;
};

int run(const RunArgs& args);
// Whether this build has the Python layer, and `python3 -m commsim WORDS...`
// on this build's package (its exit code).
bool python_available();
int run_python(std::vector<std::string> words);
// commsim calibrate takes the same arguments as run (the output is the
// posterior file).
int calibrate_command(const RunArgs& args);
int compare(const CompareArgs& args);
int report(const ReportArgs& args);
// commsim observe EXPORT -o observed.h5 [--format F] [--tz ZONE] [--since DATE]
// [--dayfirst yes|no] [--overwrite]: handed to python3 -m commsim observe.
int observe(const std::vector<std::string>& args);
int validate(const std::string& scenario, const std::vector<std::string>& overrides);
int info(const std::string& results);
int describe(const std::string& model, bool markdown);

}  // namespace commsim::cli
