// The one path from a validated experiment to a results file, shared by the
// command line and Python: check the output path, prepare the experiment
// (so that input errors in referenced files surface before any file is
// touched), open the results writer (new, or resumed), and hand the
// executor with its sinks (the writer first, then the caller's) to a driver:
// run_local, or the MPI coordinator.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "commsim/run/executor.hpp"

namespace commsim {

struct OutputOptions {
  std::optional<std::filesystem::path> output;  // none: results go to the caller's sinks only
  bool overwrite = false;                       // replace an existing results file
  bool resume = false;       // continue an existing results file (start one if there is none)
  std::string command_line;  // recorded in the results file
};

// Raises InputError when the output cannot be written as asked: a missing
// folder, a folder in place of the file, or an existing file without
// overwrite (or resume). Nothing is created.
void check_output_path(const std::filesystem::path& output, bool overwrite);

ExecuteReport execute(Experiment& experiment, const OutputOptions& output,
                      const std::vector<RunSink*>& sinks, const Driver& driver);

}  // namespace commsim
