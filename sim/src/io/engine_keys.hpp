// The engine's own scenario keys, each declared once and bound to the field
// it fills, as model parameters are: the declarations drive validation,
// `commsim describe engine` and the docs; the binders fill the Scenario.
// Internal to sim/io.
#pragma once

#include <string>

#include "commsim/params.hpp"
#include "commsim/scenario.hpp"

namespace commsim {

// name, description, seed, days, replicates (the top level; `model` is a
// choice among the registered models, see model_choice).
const ParamBinder<Scenario>& scenario_keys();
// population.size
const ParamBinder<Scenario>& population_keys();

struct PeopleKeys {
  std::string file;         // a CSV file, relative to the scenario; empty: none
  bool from_graph = false;  // take the graph file's node attributes
};
// population.people.*
const ParamBinder<PeopleKeys>& people_keys();
// population.graph.per_replicate (`kind` is a choice among graph_kinds()).
const ParamBinder<GraphSpec>& graph_keys();

// replicates_auto.* (min, step, max)
const ParamBinder<ReplicateRounds>& rounds_keys();

struct OutputKeys {
  std::string agents;  // none | final | every_N_days
};
// output.*
const ParamBinder<OutputKeys>& output_keys();

}  // namespace commsim
