#include "commsim/run/results_layout.hpp"

#include <algorithm>
#include <limits>

#include "commsim/run/experiment.hpp"

namespace commsim {
namespace {

template <class T>
std::vector<T> iota(std::size_t n) {
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = static_cast<T>(i);
  }
  return v;
}

Variable per_run(std::string group, std::string name, ValueType type, std::size_t runs,
                 LayoutValues values = std::monostate{}) {
  Variable v;
  v.group = std::move(group);
  v.name = std::move(name);
  v.dims = {results::kRunDim};
  v.shape = {runs};
  v.type = type;
  v.values = std::move(values);
  return v;
}

}  // namespace

Variable ResultsLayout::agent_variable(const std::string& name, const std::string& doc,
                                       ValueType type) const {
  Variable v;
  v.group = results::kAgentsGroup;
  v.name = name;
  v.dims = {results::kRunDim, results::kSnapshotDim, results::kAgentDim};
  v.shape = {runs, snapshots, people};
  v.type = type;
  v.long_name = doc;
  v.chunk = {1, 1, std::min<std::size_t>(people, std::size_t{1} << 16U)};
  return v;
}

ResultsLayout results_layout(const Experiment& experiment) {
  const Scenario& s = experiment.scenario();
  return results_layout(experiment.model().metrics, experiment.model().summaries,
                        experiment.plans(), s.days, s.snapshot_days, s.population_size,
                        swept_columns(s, experiment.plans()));
}

ResultsLayout results_layout(const std::vector<MetricDecl>& metrics,
                             const std::vector<SummaryDecl>& summaries,
                             const std::vector<RunPlan>& plans, std::uint32_t horizon,
                             const std::vector<std::uint32_t>& snapshot_days, std::size_t people,
                             std::vector<SweptColumn> swept) {
  ResultsLayout layout;
  layout.runs = plans.size();
  layout.days = std::size_t{horizon} + 1;
  layout.snapshots = snapshot_days.size();
  layout.people = layout.snapshots > 0 ? people : 0;

  // Coordinates.
  Variable run{"",
               results::kRunDim,
               {results::kRunDim},
               {layout.runs},
               ValueType::Int64,
               "",
               "",
               iota<std::int64_t>(layout.runs),
               {}};
  // Not "days since ...": CF readers would decode that as calendar dates.
  Variable day{"",
               results::kDayDim,
               {results::kDayDim},
               {layout.days},
               ValueType::Int32,
               "day",
               "days since the start of the run (0: initial state)",
               iota<std::int32_t>(layout.days),
               {}};
  layout.coordinates = {std::move(run), std::move(day)};
  for (const MetricDecl& m : metrics) {
    const bool known = std::any_of(layout.coordinates.begin(), layout.coordinates.end(),
                                   [&](const Variable& c) { return c.name == m.axis; });
    if (!m.axis.empty() && !known) {
      layout.coordinates.push_back(
          {"", m.axis, {m.axis}, {m.labels.size()}, ValueType::Text, "", "", m.labels, {}});
    }
  }
  if (layout.snapshots > 0) {
    layout.coordinates.push_back(
        {"",
         results::kSnapshotDim,
         {results::kSnapshotDim},
         {layout.snapshots},
         ValueType::Int32,
         "",
         "",
         std::vector<std::int32_t>(snapshot_days.begin(), snapshot_days.end()),
         {}});
    layout.coordinates.push_back({"",
                                  results::kAgentDim,
                                  {results::kAgentDim},
                                  {layout.people},
                                  ValueType::UInt32,
                                  "",
                                  "",
                                  iota<std::uint32_t>(layout.people),
                                  {}});
  }

  // The run table: the plan's columns, what runs fill in, the swept keys.
  std::vector<std::int64_t> point;
  std::vector<std::int64_t> replicate;
  std::vector<std::uint64_t> seed;
  for (const RunPlan& p : plans) {
    point.push_back(static_cast<std::int64_t>(p.point));
    replicate.push_back(static_cast<std::int64_t>(p.replicate));
    seed.push_back(p.seed);
  }
  const std::string runs = results::kRunsGroup;
  layout.run_table = {
      per_run(runs, "point", ValueType::Int64, layout.runs, std::move(point)),
      per_run(runs, "replicate", ValueType::Int64, layout.runs, std::move(replicate)),
      per_run(runs, "seed", ValueType::UInt64, layout.runs, std::move(seed)),
      per_run(runs, "status", ValueType::Status, layout.runs,
              std::vector<std::string>(layout.runs, to_string(RunStatus::Pending))),
      per_run(runs, "wall_seconds", ValueType::Float64, layout.runs,
              std::vector<double>(layout.runs, std::numeric_limits<double>::quiet_NaN())),
      per_run(runs, "error", ValueType::Text, layout.runs, std::vector<std::string>(layout.runs)),
  };
  for (SweptColumn& column : swept) {
    Variable v = std::visit(
        [&](auto& numbers) {
          using T = std::decay_t<decltype(numbers)>;
          if constexpr (std::is_same_v<T, std::vector<std::int64_t>>) {
            return per_run(runs, column.name, ValueType::Int64, layout.runs, std::move(numbers));
          } else if constexpr (std::is_same_v<T, std::vector<double>>) {
            return per_run(runs, column.name, ValueType::Float64, layout.runs, std::move(numbers));
          } else {
            return per_run(runs, column.name, ValueType::Text, layout.runs,
                           std::move(column.values));
          }
        },
        column.numbers);
    v.long_name = "swept parameter " + column.name;
    layout.run_table.push_back(std::move(v));
  }

  // Daily metrics and end-of-run figures: one run per chunk.
  for (const MetricDecl& m : metrics) {
    Variable v;
    v.group = results::kTimeseriesGroup;
    v.name = m.name;
    v.dims = {results::kRunDim, results::kDayDim};
    v.shape = {layout.runs, layout.days};
    if (!m.axis.empty()) {
      v.dims.push_back(m.axis);
      v.shape.push_back(m.labels.size());
    }
    v.chunk = v.shape;
    v.chunk[0] = 1;
    v.units = m.unit;
    v.long_name = m.doc;
    layout.timeseries.push_back(std::move(v));
  }
  for (const SummaryDecl& m : summaries) {
    Variable v = per_run(results::kSummaryGroup, m.name, ValueType::Float64, layout.runs);
    v.chunk = {1};
    v.units = m.unit;
    v.long_name = m.doc;
    layout.summaries.push_back(std::move(v));
  }
  return layout;
}

}  // namespace commsim
