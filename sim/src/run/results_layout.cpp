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
  const ModelInfo& model = experiment.model();
  const auto& plans = experiment.plans();
  std::vector<std::string> design;
  for (const RunPlan& p : plans) {
    design.push_back(s.point(p.point).design_name);
  }
  ResultsLayout layout =
      results_layout(model.metrics, model.summaries, plans, s.days, s.snapshot_days,
                     s.population_size, swept_columns(s, plans), std::move(design));

  // Summaries fixed by the model's rules, where they are: the rule's value
  // at the runs of the points it applies to.
  for (const RuleFixedSummary& rule : model.fixed_by_rule) {
    std::vector<double> values(layout.runs, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t r = 0; r < plans.size(); ++r) {
      const Scenario& at = s.point(plans[r].point);
      if (rule.applies(at.values.subtree(model.name), s.days)) {
        values[r] = rule.value;
      }
    }
    Variable v = per_run(results::kFixedGroup, rule.summary, ValueType::Float64, layout.runs,
                         std::move(values));
    const auto decl = std::find_if(model.summaries.begin(), model.summaries.end(),
                                   [&](const SummaryDecl& d) { return d.name == rule.summary; });
    v.units = decl != model.summaries.end() ? decl->unit : "";
    v.long_name = rule.rule;
    layout.fixed.push_back(std::move(v));
  }
  layout.objective = objective_attributes(s);

  if (layout.snapshots > 0) {
    Variable label;
    label.group = results::kAgentsGroup;
    label.name = results::kLabelVariable;
    label.dims = {results::kAgentDim};
    label.shape = {layout.people};
    label.long_name = "each person's label, as the graph file names them";
    std::vector<std::string> labels = s.point(0).labels();
    if (s.point(0).integer_labels()) {
      std::vector<std::int64_t> numbers(labels.size());
      for (std::size_t i = 0; i < labels.size(); ++i) {
        numbers[i] = std::stoll(labels[i]);
      }
      label.type = ValueType::Int64;
      label.values = std::move(numbers);
    } else {
      label.type = ValueType::Text;
      label.values = std::move(labels);
    }
    layout.agent_table.push_back(std::move(label));
  }
  return layout;
}

ResultsLayout results_layout(const std::vector<MetricDecl>& metrics,
                             const std::vector<SummaryDecl>& summaries,
                             const std::vector<RunPlan>& plans, std::uint32_t horizon,
                             const std::vector<std::uint32_t>& snapshot_days, std::size_t people,
                             std::vector<SweptColumn> swept, std::vector<std::string> design) {
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
  design.resize(plans.size());
  for (const RunPlan& p : plans) {
    point.push_back(static_cast<std::int64_t>(p.point));
    replicate.push_back(static_cast<std::int64_t>(p.replicate));
    seed.push_back(p.seed);
  }
  const std::string runs = results::kRunsGroup;
  layout.run_table = {
      per_run(runs, "point", ValueType::Int64, layout.runs, std::move(point)),
      per_run(runs, "design", ValueType::Text, layout.runs, std::move(design)),
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

std::vector<std::pair<std::string, std::string>> objective_attributes(const Scenario& s) {
  const Objective& o = s.objective;
  if (o.empty()) {
    return {};
  }
  const auto lines = [](const auto& items, const auto& text) {
    std::string out;
    for (const auto& item : items) {
      out += (out.empty() ? "" : "\n") + text(item);
    }
    return out;
  };
  const ReplicateRounds& rounds = s.rounds;
  return {
      {"name", o.name},
      {"direction", to_string(o.direction)},
      {"parts",
       lines(o.parts, [](const ObjectivePart& p) { return (p.sign < 0 ? "-" : "+") + p.summary; })},
      {"explain", lines(o.explain, [](const std::string& e) { return e; })},
      {"constraints", lines(o.constraints, [](const Constraint& c) { return c.text(); })},
      {"confidence", format_value(o.confidence)},
      {"recorded", o.recorded ? "1" : "0"},
      {"origin", o.origin},
      {"replicates", rounds.enabled
                         ? "auto: min " + std::to_string(rounds.min) + ", step " +
                               std::to_string(rounds.step) + ", max " + std::to_string(rounds.max)
                         : std::to_string(s.replicates)},
  };
}

}  // namespace commsim
