// The one path from a validated experiment to a results file, shared by the
// command line and Python: claim the output path (io/output_claim.hpp: it
// may not be an input, another writer's, or anything but a regular file),
// prepare the experiment (so that input errors in referenced files surface
// before any file is touched), open the results writer (new, or resumed),
// and hand the executor with its sinks (the writer first, then the
// caller's) to a driver: run_local, or the MPI coordinator.
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

ExecuteReport execute(Experiment& experiment, const OutputOptions& output,
                      const std::vector<RunSink*>& sinks, const Driver& driver);

}  // namespace commsim
