// Runs an experiment: expands the scenario into run plans, builds the graphs,
// and runs each plan through the model's schedule day by day.
//
// One run is a pure function of (scenario, run plan): its seed, its graph and
// its random streams are all derived from the plan, so runs can execute in
// any order, on any thread count, and give the same results.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commsim/graph.hpp"
#include "commsim/model.hpp"
#include "commsim/population.hpp"
#include "commsim/recorder.hpp"
#include "commsim/scenario.hpp"

namespace commsim {

struct RunPlan {
  std::uint64_t run = 0;        // position in the results file: point-major
  std::uint64_t point = 0;      // design point (0 without a sweep)
  std::uint64_t replicate = 0;  // replicate within the point
  std::uint64_t seed = 0;       // derived by hashing (scenario seed, point, replicate)
};

enum class RunStatus : std::uint8_t { Pending = 0, Done = 1, Failed = 2 };
std::string to_string(RunStatus status);

// Agent attributes at the scenario's snapshot days: for each state column of
// the model's population, the values of every agent, snapshot after snapshot.
struct AgentSnapshots {
  std::vector<std::string> names;
  std::vector<std::string> docs;
  std::vector<Population::Storage> values;  // column -> (snapshot, agent)
};

struct RunResult {
  RunPlan plan;
  RunStatus status = RunStatus::Pending;
  std::string error;  // why a failed run failed
  double wall_seconds = 0.0;
  RunSeries series;
  AgentSnapshots agents;
};

std::vector<RunPlan> plan_runs(const Scenario& scenario);

// The swept parameters' values for every run, as text (YAML flow), one
// column per parameter in the design's order. A parameter a point does not
// set (explicit point lists may vary the keys) shows the point's own value.
// A parameter swept as whole sections (community.entry: [{policy: free},
// ...]) is followed by one column per key inside it (community.entry.policy),
// from each point's validated values, empty where a point has no such key.
struct SweptColumn {
  std::string name;
  std::vector<std::string> values;  // per run
  // The values as numbers when every one is a number (the column is then
  // numeric in results files and Python), else empty.
  std::optional<std::vector<double>> numbers;
};
std::vector<SweptColumn> swept_columns(const Scenario& scenario, const std::vector<RunPlan>& plans);

// The graph seed: shared by all runs unless the scenario asks for a fresh
// graph per replicate.
std::uint64_t graph_seed(const Scenario& scenario, const RunPlan& plan);
// Builds the scenario's graph; bad edge lists raise ScenarioError.
Graph build_graph(const Scenario& scenario, std::uint64_t seed);

class Experiment {
 public:
  Experiment(Scenario scenario, const ModelInfo& model);

  [[nodiscard]] const Scenario& scenario() const { return scenario_; }
  [[nodiscard]] const ModelInfo& model() const { return *model_; }
  [[nodiscard]] const std::vector<RunPlan>& plans() const { return plans_; }

  // Builds the shared graph now, so that input errors (a bad edge list)
  // surface before any output is written.
  void prepare();

  // Runs one plan. Errors inside the run (a broken invariant, a model
  // failure) mark it failed instead of propagating.
  [[nodiscard]] RunResult run(const RunPlan& plan) const;

 private:
  [[nodiscard]] std::shared_ptr<const Graph> graph_for(const RunPlan& plan) const;

  Scenario scenario_;
  const ModelInfo* model_;
  std::vector<RunPlan> plans_;
  std::vector<ParamValues> model_params_;  // per design point
  std::vector<ParamValues> behaviour_;     // per design point
  std::vector<ParamValues> population_;    // per design point
  std::map<std::string, std::shared_ptr<const Graph>> shared_graphs_;
};

struct RunOptions {
  int threads = 0;  // 0: all cores
  // Runs to leave out (already done when resuming); empty: run all.
  std::vector<bool> skip;
  // Called after each run, one call at a time and in plan order (from
  // whichever thread finished the run that completed the sequence).
  std::function<void(const RunResult&)> on_run_done;
};

// Cooperative stopping: request_stop() (async-signal-safe) makes running
// experiments throw Interrupted at the next day boundary.
void request_stop();
// Forgets an earlier request, so that a later experiment can run.
void clear_stop_request();
[[nodiscard]] bool stop_requested();
// Routes the given signals (SIGINT, SIGTERM) to request_stop() while it
// lives, and restores the handlers that were there before.
class StopOnSignals {
 public:
  explicit StopOnSignals(std::vector<int> signals);
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  struct Saved;
  std::vector<int> signals_;
  std::unique_ptr<Saved> saved_;  // the previous handlers
};

// Runs every plan, several at once when threads allow; returns how many runs
// failed.
std::size_t run_experiment(Experiment& experiment, const RunOptions& options);

}  // namespace commsim
