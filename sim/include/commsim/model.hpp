// What the engine needs from a model, and what a model gets from the engine.
//
// A model is registered once as a ModelInfo: its parameter declarations, the
// metrics it records and a factory. For each run the engine builds the model
// from validated values, calls initialize(), then for each day runs the
// model's schedule and calls record(). Models see typed values, the graph
// and the random streams; never YAML, HDF5, TBB or Python.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "commsim/event_trace.hpp"
#include "commsim/graph.hpp"
#include "commsim/objective.hpp"
#include "commsim/params.hpp"
#include "commsim/people.hpp"
#include "commsim/population.hpp"
#include "commsim/recorder.hpp"
#include "commsim/rng.hpp"
#include "commsim/schedule.hpp"

namespace commsim {

struct ModelContext {
  const Graph& graph;
  std::uint32_t days;
  Recorder& recorder;
  const ParamValues& params;     // the model's section, keys without prefix
  const ParamValues& behaviour;  // the behaviour: section, keys without prefix
  // The population: section, keys without prefix (size, graph.*, and the
  // model's own population keys such as interests.* or wtp.*).
  const ParamValues& population;
  // Per-person values given by a people file or the graph file's node
  // attributes (people.hpp); null when none are given.
  const PeopleTable* people = nullptr;
  // Where a model that simulates a chat community writes its events (joins,
  // leaves, posts) for one run; null when nobody asked (event_trace.hpp).
  EventTrace* trace = nullptr;
};

class Model {
 public:
  Model() = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  virtual ~Model() = default;

  [[nodiscard]] virtual const Schedule& schedule() const = 0;
  // Draws the initial state; draws use phase counter kInitPhase on day 0.
  virtual void initialize(const RunRng& rng) = 0;
  // Records the metrics of the state at the end of `day` (day 0: initial).
  virtual void record(Day day) = 0;
  // Records end-of-run summaries.
  virtual void finish() = 0;
  // Throws InvariantError when a conservation law or range is broken; called
  // after every day in COMMSIM_CHECKED builds.
  virtual void check_invariants() const {}
  // Brings state a model keeps lazily (values it computes only when needed)
  // up to the end of `day`, so that a snapshot of population() shows every
  // person as they are; called before each snapshot.
  virtual void bring_up_to_date(Day /*day*/) {}
  [[nodiscard]] virtual std::uint32_t num_agents() const = 0;
  // The agents' attributes, for snapshots (/agents).
  [[nodiscard]] virtual const Population& population() const = 0;
};

// A problem found by a model's check: the key it concerns (its full path in
// the scenario, such as community.seed_members), what is wrong, and whether
// it is only a warning (valid, but most likely not what was meant).
struct KeyProblem {
  std::string key;
  std::string message;
  bool warning = false;
};

// What a model's check sees of one design point: its sections' validated
// values (keys without prefix, as in ModelContext), the population size and
// the horizon.
struct CheckContext {
  const ParamValues& params;
  const ParamValues& behaviour;
  const ParamValues& population;
  std::uint32_t people = 0;
  std::uint32_t days = 0;
};

struct ModelInfo {
  std::string name;
  std::string summary;  // one line
  std::string source;   // the literature it implements
  Section params;       // keys under the section named after the model
  Section behaviour;    // constants overridable under behaviour:
  // Extra keys under population: that describe people for this model
  // (interests, willingness to pay ...); merged into the engine's section.
  Section population;
  std::vector<MetricDecl> metrics;
  std::vector<SummaryDecl> summaries;
  // The summaries `commsim run` prints as its answer (all when empty).
  std::vector<std::string> headline;
  // What a strategist optimises unless a scenario says otherwise (empty
  // name: nothing by default), and the summaries the model's rules, not the
  // simulation, decide at some design points (objective.hpp).
  Objective objective;
  std::vector<RuleFixedSummary> fixed_by_rule;
  bool supports_complete_mixing = false;
  // Checks across keys that no single key's range can express: a list as
  // long as the population, seeds that exist, shares that are not all zero.
  // Everything a model would otherwise find wrong only when it is built
  // belongs here: the scenario loader runs it for every design point and
  // reports each problem at its key's place in the file, so a model never
  // meets invalid input in a run (create may assume these checks passed).
  // Null: none.
  std::function<std::vector<KeyProblem>(const CheckContext&)> check;
  // Rough bytes of state per person in one run (its columns and buffers),
  // for the memory estimate made before an experiment allocates anything.
  double bytes_per_agent = 64;
  // The person attributes a people file may give (population.people);
  // empty: the model takes none.
  std::vector<PersonAttribute> person_attributes;
  std::function<std::unique_ptr<Model>(const ModelContext&)> create;
};

using ModelCatalog = std::span<const ModelInfo>;

[[nodiscard]] const ModelInfo* find_model(ModelCatalog catalog, const std::string& name);

}  // namespace commsim
