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

ExecuteReport execute(Experiment& experiment, const OutputOptions& output,
                      const std::vector<RunSink*>& sinks, const Driver& driver) {
  const bool resume = output.resume && output.output && std::filesystem::exists(*output.output);
  if (output.output) {
    check_output_path(*output.output, output.overwrite || resume);
  }
  experiment.prepare();
  std::unique_ptr<ResultsWriter> writer;
  std::vector<bool> done;
  std::vector<RunSink*> all;
  if (output.output) {
    writer =
        std::make_unique<ResultsWriter>(*output.output, experiment, output.command_line, resume);
    done = writer->done_runs();
    all.push_back(writer.get());
  }
  all.insert(all.end(), sinks.begin(), sinks.end());
  Executor executor(experiment, std::move(done), std::move(all));
  driver(executor);
  return executor.report();
}

}  // namespace commsim
