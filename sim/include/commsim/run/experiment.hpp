// An experiment: a validated scenario expanded into run plans (design points
// x replicates, each with its own hashed seed), the model that runs them,
// and the graphs they share. Experiment::run executes one plan: build or
// reuse the graph, build the model, run its schedule day by day, record.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "commsim/graph.hpp"
#include "commsim/model.hpp"
#include "commsim/run/plan.hpp"
#include "commsim/scenario.hpp"

namespace commsim {

std::vector<RunPlan> plan_runs(const Scenario& scenario);

// The swept parameters' values for every run, one column per parameter in
// the design's order. A parameter a point does not set (explicit point
// lists may vary the keys) shows the point's own value. A parameter swept as
// whole sections (community.entry: [{policy: free}, ...]) is followed by one
// column per key inside it (community.entry.policy), from each point's
// validated values, empty where a point has no such key.
struct SweptColumn {
  std::string name;
  // Per run, as text: the exact value (format_value), or the section as YAML
  // flow text; for labels and for columns that are not numbers.
  std::vector<std::string> values;
  // The typed values when every run's value is a number of the key's
  // declared type: whole numbers stay whole, reals keep full precision.
  std::variant<std::monostate, std::vector<std::int64_t>, std::vector<double>> numbers;
};
std::vector<SweptColumn> swept_columns(const Scenario& scenario, const std::vector<RunPlan>& plans);

// The graph seed: shared by all runs unless the scenario asks for a fresh
// graph per replicate.
std::uint64_t graph_seed(const Scenario& scenario, const RunPlan& plan);
// Builds a design point's graph with the given seed; a bad input file
// raises InputError.
Graph build_graph(const Scenario& point, std::uint64_t seed);

// Graphs that runs share, built once each. The key is everything a graph
// depends on: kind, size, folder and the kind's keys as typed values (never
// text, so nearby values never collide).
struct GraphCache {
  using Key = std::tuple<std::string, VertexIndex, std::string, std::map<std::string, ParamValue>>;
  std::map<Key, std::shared_ptr<const Graph>> graphs;
};

class Experiment {
 public:
  Experiment(Scenario scenario, const ModelInfo& model);
  // An experiment with plans of its own (a calibration's batch: one run per
  // design point, seeds chosen by the caller), sharing a graph cache with
  // other experiments. Its points did not pass through the loader (their
  // values were drawn), so each is checked here by the model's checks
  // (ModelInfo::check): the runs of a point that fails them fail with the
  // problems found, and its model is never built.
  Experiment(Scenario scenario, const ModelInfo& model, std::vector<RunPlan> plans,
             std::shared_ptr<GraphCache> graphs);

  [[nodiscard]] const Scenario& scenario() const { return scenario_; }
  [[nodiscard]] const ModelInfo& model() const { return *model_; }
  [[nodiscard]] const std::vector<RunPlan>& plans() const { return plans_; }

  // Builds the graphs runs share now, so that input errors (a bad edge
  // list) surface before any output is written.
  void prepare();

  // The graph a plan's run uses (shared, or built for it).
  [[nodiscard]] std::shared_ptr<const Graph> graph_for(const RunPlan& plan) const;

  // Runs one plan. Errors inside the run (a broken invariant, a model
  // failure, input that only the run's draws make impossible, lack of
  // memory) mark it failed instead of propagating; only interruptions
  // propagate. With a trace, a model that simulates a chat community also
  // writes the run's events there (the same run: tracing draws nothing).
  [[nodiscard]] RunResult run(const RunPlan& plan, EventTrace* trace = nullptr) const;

 private:
  [[nodiscard]] static GraphCache::Key graph_key(const Scenario& point);
  // Each design point's model, behaviour and population values.
  void split_points();
  // Runs the model's checks on every point (refusals_).
  void check_points();

  Scenario scenario_;
  const ModelInfo* model_;
  std::vector<RunPlan> plans_;
  std::vector<ParamValues> model_params_;  // per design point
  std::vector<ParamValues> behaviour_;     // per design point
  std::vector<ParamValues> population_;    // per design point
  // Per design point, why its runs fail without being built (the model's
  // checks refused its values); empty when every point passed or was
  // checked by the loader.
  std::vector<std::string> refusals_;
  std::shared_ptr<GraphCache> shared_graphs_;
};

}  // namespace commsim
