// The recorder holds one run's declared metrics: daily series (optionally
// split by a category axis such as role or channel) and end-of-run summaries.
// Storage is sized once from the declarations; recording is an array store.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "commsim/ids.hpp"

namespace commsim {

struct MetricDecl {
  std::string name;
  std::string unit;
  std::string doc;
  std::string axis;                 // empty: one value per day
  std::vector<std::string> labels;  // category labels along axis

  [[nodiscard]] std::size_t categories() const { return axis.empty() ? 1 : labels.size(); }
};

struct SummaryDecl {
  std::string name;
  std::string unit;
  std::string doc;
};

// One run's recorded values. series[m] is laid out (day, category), days + 1
// rows: row 0 is the initial state, row d the state at the end of day d.
// Unrecorded entries are NaN.
struct RunSeries {
  std::vector<std::vector<double>> series;
  std::vector<double> summaries;
};

class Recorder {
 public:
  Recorder(std::span<const MetricDecl> metrics, std::span<const SummaryDecl> summaries,
           std::uint32_t days);

  // The handle of a declared metric or summary, to record it by; throws
  // Error for unknown names. Models take their handles once, by name.
  [[nodiscard]] std::size_t metric(std::string_view name) const;
  [[nodiscard]] std::size_t summary(std::string_view name) const;

  void record(std::size_t metric, Day day, double value) { record(metric, day, 0, value); }
  void record(std::size_t metric, Day day, std::size_t category, double value);
  void summarize(std::size_t summary, double value);

  // Throws InvariantError unless every declared metric (every category of
  // it) was recorded exactly once for `day`; the runner calls it after each
  // day's record(), so a metric a model forgets or records twice fails the
  // run instead of leaving NaN or a wrong value in the results.
  void check_day(Day day);
  // The same for the end-of-run summaries, after finish().
  void check_summaries() const;

  [[nodiscard]] std::uint32_t days() const { return days_; }
  [[nodiscard]] const RunSeries& data() const { return data_; }
  [[nodiscard]] RunSeries take() { return std::move(data_); }

 private:
  std::span<const MetricDecl> metrics_;
  std::span<const SummaryDecl> summaries_;
  std::uint32_t days_;
  RunSeries data_;
  std::vector<std::uint32_t> writes_;          // per (metric, category): records today
  std::vector<std::size_t> first_category_;    // per metric: offset into writes_
  std::vector<std::uint32_t> summary_writes_;  // per summary
};

}  // namespace commsim
