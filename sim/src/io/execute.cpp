#include "commsim/io/execute.hpp"

#include <algorithm>
#include <memory>

#include "commsim/error.hpp"
#include "commsim/io/results_reader.hpp"
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

std::size_t runs_to_do(const Experiment& experiment, const ExecuteOptions& options) {
  const std::size_t all = experiment.plans().size();
  if (!options.resume || !options.output || !std::filesystem::exists(*options.output) ||
      !is_results_file(*options.output)) {
    return all;
  }
  const ResultsInfo info = read_results_info(*options.output);
  return info.runs == all ? all - static_cast<std::size_t>(info.done) : all;
}

void ExecuteReport::record(const RunResult& result) {
  if (result.status == RunStatus::Failed) {
    failures.push_back("run " + std::to_string(result.plan.run) + ": " + result.error);
  }
}

PreparedOutput::PreparedOutput() = default;
PreparedOutput::PreparedOutput(PreparedOutput&&) noexcept = default;
PreparedOutput::~PreparedOutput() = default;

PreparedOutput prepare_output(Experiment& experiment, const ExecuteOptions& options) {
  const bool resume = options.resume && options.output && std::filesystem::exists(*options.output);
  if (options.output) {
    check_output_path(*options.output, options.overwrite || resume);
  }
  experiment.prepare();  // input errors in referenced files surface before any output
  PreparedOutput out;
  out.done.assign(experiment.plans().size(), false);
  if (options.output) {
    out.writer =
        std::make_unique<ResultsWriter>(*options.output, experiment, options.command_line, resume);
    if (resume) {
      out.done = out.writer->done_runs();
    }
  }
  return out;
}

ExecuteReport execute(Experiment& experiment, const ExecuteOptions& options) {
  PreparedOutput output = prepare_output(experiment, options);
  ResultsWriter* writer = output.writer.get();
  ExecuteReport report;
  report.runs = experiment.plans().size();
  report.resumed =
      static_cast<std::size_t>(std::count(output.done.begin(), output.done.end(), true));
  RunOptions run_options;
  run_options.threads = options.threads;
  run_options.skip = output.done;
  run_options.on_run_done = [&](const RunResult& result) {
    if (writer != nullptr) {
      writer->write_run(result);
    }
    report.record(result);
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
