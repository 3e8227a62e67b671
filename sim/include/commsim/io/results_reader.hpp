// Reading results files back: what `commsim info` shows, the end-of-run
// summaries of every run, and whether a file is a results file at all.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace commsim {

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
// End-of-run summaries of every run in a results file, by declared name,
// with each run's design point and status.
struct RunSummaries {
  std::vector<std::int64_t> point;
  std::vector<std::string> status;
  std::map<std::string, std::vector<double>> values;
};
RunSummaries read_run_summaries(const std::filesystem::path& path);

// One run's values of a daily metric (row-major (day, category); categories
// is 1 without a category axis) or of an end-of-run summary, from a results
// file. InputError naming the file when it is not a results file or has no
// such metric or run.
struct RunMetric {
  std::vector<double> values;
  std::size_t days = 0;  // rows: the file's horizon + 1 (1 for a summary)
  std::uint64_t horizon = 0;  // the file's `days` attribute
  std::size_t categories = 1;
};
RunMetric read_run_metric(const std::filesystem::path& path, const std::string& metric,
                          bool summary, std::uint64_t run);

// An HDF5 file whose root says format = commsim-results.
bool is_results_file(const std::filesystem::path& path);

}  // namespace commsim
