// Writes a results file (HDF5), laid out as docs/results-format.md says:
// root attributes describing the experiment, coordinate datasets run, day and
// one per category axis (HDF5 dimension scales, so xarray and h5py see named
// dimensions), /runs, /timeseries/<metric> (run, day[, axis]) and
// /summary/<metric> (run), and /agents/<attribute> (run, snapshot, agent)
// when the scenario asks for snapshots.
//
// The file is written under a temporary name beside the target and renamed
// into place by commit(); a writer destroyed without commit() (an error, an
// interrupt) removes its temporary file, so a failed run never leaves a
// half-written results file and never touches an existing one.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "commsim/model.hpp"
#include "commsim/runner.hpp"
#include "commsim/scenario.hpp"

namespace commsim {

inline constexpr int kResultsFormatVersion = 1;

class ResultsWriter {
 public:
  ResultsWriter(std::filesystem::path path, const Experiment& experiment, std::string command_line);
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;
  ~ResultsWriter();

  // Writes one finished (or failed) run into its row and flushes.
  void write_run(const RunResult& result);
  // Closes the file and moves it to its final name.
  void commit();

  [[nodiscard]] const std::filesystem::path& temporary_path() const { return temporary_; }

 private:
  void write_agents(const AgentSnapshots& agents, unsigned long long row);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::filesystem::path path_;
  std::filesystem::path temporary_;
  bool committed_ = false;
};

// What `commsim info` shows about a results file.
struct ResultsInfo {
  std::string format;
  long format_version = 0;
  std::string commsim_version;
  std::string created;
  std::string name;
  std::string model;
  std::string command_line;
  std::uint64_t runs = 0;
  std::uint64_t days = 0;
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
  std::uint64_t pending = 0;
  std::vector<std::string> failures;    // "run N: error"
  std::vector<std::string> timeseries;  // "name (run, day, axis) [unit]"
  std::vector<std::string> summaries;
  std::string design;  // "grid over bass.q, population.graph: 4 points", or empty
  std::uint64_t replicates = 0;
};

ResultsInfo read_results_info(const std::filesystem::path& path);

}  // namespace commsim
