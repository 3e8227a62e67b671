// Writes a results file (HDF5), laid out as docs/results-format.md says:
// root attributes describing the experiment, coordinate datasets run, day and
// one per category axis (HDF5 dimension scales, so xarray and h5py see named
// dimensions), /runs, /timeseries/<metric> (run, day[, axis]),
// /summary/<metric> (run), and /agents/<attribute> (run, snapshot, agent)
// when the scenario asks for snapshots.
//
// Safety. Runs are written into a private work file (`.NAME.tmp-PID` beside
// the target). After a finished run the writer publishes: it flushes, copies
// the work file to `.NAME.publish-PID` and renames that over NAME, at most
// every 0.5 s and always at the end; but only once the file holds a run
// that is done, so that an experiment whose runs all fail (or that stops
// before one is done) leaves no file, and replaces no existing one. Readers of NAME therefore only
// ever see a complete, closed HDF5 file holding every published run (the others `pending`), even
// while an experiment is writing, and nothing under NAME is ever half-written. An interrupted or
// failed experiment publishes what it finished and removes its work files; after a SIGKILL the last
// published file stands and the next writer removes the dead process's work files. Resuming copies
// NAME back into a work file, checks that it belongs to the same scenario, and continues it.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "commsim/run/experiment.hpp"
#include "commsim/run/results_layout.hpp"
#include "commsim/run/sink.hpp"

namespace commsim {

// What a results file says about where its runs came from: its root
// attributes beyond the format's own, the sweep's design, and the text a
// resumed file must match.
struct ResultsHeader {
  std::vector<std::pair<std::string, std::string>> texts;
  std::vector<std::pair<std::string, std::int64_t>> integers;
  std::vector<std::pair<std::string, std::uint64_t>> unsigned_integers;
  DesignInfo design;     // empty method: no /design group
  std::string scenario;  // the `scenario` attribute, checked on resume
};
// An experiment's header: name, description, model, seed, days, replicates,
// the scenario text after overrides, its source, path and overrides, the
// command line.
[[nodiscard]] ResultsHeader results_header(const Experiment& experiment,
                                           const std::string& command_line);

// Writes the results file laid out by results_layout(experiment): a sink
// that finished runs are delivered to; finish() moves the file into place.
class ResultsWriter final : public RunSink {
 public:
  // resume: continue the results file at `path` (which must exist and belong
  // to this experiment: InputError otherwise) instead of starting a new one.
  ResultsWriter(std::filesystem::path path, const Experiment& experiment, std::string command_line,
                bool resume = false);
  // Any layout and header (an observed community's results).
  ResultsWriter(std::filesystem::path path, ResultsLayout layout, const ResultsHeader& header,
                bool resume = false);
  ~ResultsWriter() override;

  // Per run: already done in the file (true only when resuming).
  [[nodiscard]] std::vector<bool> done_runs() const;
  // Writes one finished (or failed) run into its row; publishes now and then.
  void deliver(const RunResult& result) override;
  // Every run is written: closes the file and moves it to its final name.
  void finish() override;

  [[nodiscard]] const std::filesystem::path& temporary_path() const { return temporary_; }
  // The results appeared under the final name (some run is done).
  [[nodiscard]] bool published() const { return published_; }

 private:
  void write_run(const RunResult& result);
  void write_agents(const AgentSnapshots& agents, unsigned long long row);
  // Runs work that writes the file; failures (a full disk) become IoError
  // naming the results file.
  template <class F>
  void writing(F&& work);
  void commit();
  // Makes the work file's current state visible under the final name.
  void publish(bool force);

  struct Impl;
  ResultsLayout layout_;
  std::unique_ptr<Impl> impl_;
  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::filesystem::path publishing_;
  std::chrono::steady_clock::time_point last_publish_{};
  bool pending_publish_ = false;
  bool committed_ = false;
  bool has_done_ = false;  // some run in the work file is done
  bool broken_ = false;    // a write failed: the file is only closed and removed
  bool published_ = false;
};

}  // namespace commsim
