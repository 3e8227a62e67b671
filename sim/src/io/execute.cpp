#include "commsim/io/execute.hpp"

#include <memory>
#include <optional>

#include "commsim/error.hpp"
#include "commsim/io/output_claim.hpp"
#include "commsim/io/results_writer.hpp"

namespace commsim {

ExecuteReport execute(Experiment& experiment, const OutputOptions& output,
                      const std::vector<RunSink*>& sinks, const Driver& driver) {
  std::optional<OutputClaim> claim;
  if (output.output) {
    claim.emplace(OutputRequest{*output.output, output.overwrite || output.resume,
                                scenario_inputs(experiment.scenario())});
  }
  const bool resume = output.resume && output.output && std::filesystem::exists(*output.output);
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
  ExecuteReport report = executor.report();
  report.written = writer && writer->published();
  return report;
}

}  // namespace commsim
