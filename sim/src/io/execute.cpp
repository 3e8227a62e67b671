#include "commsim/io/execute.hpp"

#include <memory>

#include "commsim/error.hpp"
#include "commsim/io/results_writer.hpp"

namespace commsim {

void check_output_path(const std::filesystem::path& output, bool overwrite) {
  const std::filesystem::path folder =
      output.parent_path().empty() ? std::filesystem::path(".") : output.parent_path();
  if (!std::filesystem::is_directory(folder)) {
    throw ScenarioError("output " + output.string() + ": the folder " + folder.string() +
                        " does not exist");
  }
  if (std::filesystem::is_directory(output)) {
    throw ScenarioError("output " + output.string() + ": is a folder; give a file name");
  }
  if (std::filesystem::exists(output) && !overwrite) {
    throw ScenarioError("output " + output.string() +
                        ": the file exists; allow overwriting it (--overwrite) or choose "
                        "another name");
  }
}

ExecuteReport execute(Experiment& experiment, const ExecuteOptions& options) {
  if (options.output) {
    check_output_path(*options.output, options.overwrite);
  }
  experiment.prepare();  // input errors in referenced files surface before any output
  std::unique_ptr<ResultsWriter> writer;
  if (options.output) {
    writer = std::make_unique<ResultsWriter>(*options.output, experiment, options.command_line);
  }
  ExecuteReport report;
  report.runs = experiment.plans().size();
  RunOptions run_options;
  run_options.threads = options.threads;
  run_options.on_run_done = [&](const RunResult& result) {
    if (writer) {
      writer->write_run(result);
    }
    if (result.status == RunStatus::Failed) {
      report.failures.push_back("run " + std::to_string(result.plan.run) + ": " + result.error);
    }
    if (options.on_run_done) {
      options.on_run_done(result);
    }
  };
  run_experiment(experiment, run_options);
  if (writer) {
    writer->commit();
  }
  return report;
}

}  // namespace commsim
