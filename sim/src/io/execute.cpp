#include "commsim/io/execute.hpp"

#include <memory>
#include <optional>

#include "commsim/error.hpp"
#include "commsim/io/output_claim.hpp"
#include "commsim/io/results_reader.hpp"
#include "commsim/io/results_writer.hpp"
#include "commsim/run/auto_replicates.hpp"

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
  // replicates: auto decides from every finished run, those of a resumed
  // file included.
  std::unique_ptr<AutoReplicates> rounds;
  if (experiment.scenario().rounds.enabled) {
    rounds = std::make_unique<AutoReplicates>(experiment);
    all.push_back(rounds.get());
    if (resume) {
      const RunSummaries before = read_run_summaries(*output.output);
      for (std::size_t r = 0; r < before.status.size(); ++r) {
        if (before.status[r] != to_string(RunStatus::Done)) {
          continue;
        }
        std::vector<double> figures;
        for (const auto& decl : experiment.model().summaries) {
          figures.push_back(before.values.at(decl.name).at(r));
        }
        rounds->record(experiment.plans().at(r), figures);
      }
    }
  }
  Executor executor(experiment, std::move(done), std::move(all), rounds.get());
  driver(executor);
  ExecuteReport report = executor.report();
  report.written = writer && writer->published();
  return report;
}

}  // namespace commsim
