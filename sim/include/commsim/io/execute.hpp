// The one path from a validated experiment to results, shared by the command
// line and Python: check the output path, build the graph, run every plan,
// stream each finished run into the results file, and move the file into
// place only when all runs are written.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commsim/runner.hpp"

namespace commsim {

struct ExecuteOptions {
  std::optional<std::filesystem::path> output;  // none: results stay in memory
  bool overwrite = false;                       // replace an existing results file
  bool resume = false;       // continue an existing results file (start one if there is none)
  int threads = 0;           // 0: all cores
  std::string command_line;  // recorded in the results file
  // Called after each run has been written, in plan order.
  std::function<void(const RunResult&)> on_run_done;
};

struct ExecuteReport {
  std::size_t runs = 0;               // runs of the experiment
  std::size_t resumed = 0;            // of which already done in the file resumed
  std::vector<std::string> failures;  // "run N: why"

  // Notes a failed run ("run N: why"); done runs need nothing.
  void record(const RunResult& result);
};

class ResultsWriter;

// The output side of an experiment, ready to take runs: the output checked,
// the experiment prepared (so input errors in referenced files surface
// before any file is touched), the results writer opened (new, or resumed
// when asked and the file exists; null without an output), and which runs
// the file already holds. Shared by execute() and the MPI coordinator.
struct PreparedOutput {
  std::unique_ptr<ResultsWriter> writer;
  std::vector<bool> done;  // per run; all false unless resuming
  PreparedOutput();
  PreparedOutput(PreparedOutput&&) noexcept;
  ~PreparedOutput();
};
PreparedOutput prepare_output(Experiment& experiment, const ExecuteOptions& options);

// Raises ScenarioError when the output cannot be written as asked: a missing
// folder, a folder in place of the file, or an existing file without
// overwrite (or resume). Nothing is created.
void check_output_path(const std::filesystem::path& output, bool overwrite);

// Runs to do after a resume, for progress displays: call before execute.
std::size_t runs_to_do(const Experiment& experiment, const ExecuteOptions& options);

ExecuteReport execute(Experiment& experiment, const ExecuteOptions& options);

}  // namespace commsim
