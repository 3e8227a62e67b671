// Every registered model, checked against the engine's contracts.
#include <catch2/catch.hpp>

#include <set>

#include "commsim/graph_generators.hpp"
#include "commsim/recorder.hpp"
#include "models/registry.hpp"

using namespace commsim;

TEST_CASE("every model builds with its defaults and names nothing twice", "[registry]") {
  for (const ModelInfo& model : models::catalog()) {
    CAPTURE(model.name);
    REQUIRE(model.create);
    // Names share one namespace once commsim.open merges the groups of a
    // results file: daily metrics, summary_<name>, category axes, agent
    // columns and the coordinates run, day, snapshot, agent.
    std::set<std::string> names{"run",       "day",  "snapshot", "agent", "point",
                                "replicate", "seed", "status",   "error", "wall_seconds"};
    const auto claim = [&](const std::string& name) {
      CAPTURE(name);
      CHECK(names.insert(name).second);
    };
    for (const auto& m : model.metrics) {
      claim(m.name);
      if (!m.axis.empty()) {
        claim(m.axis);
      }
    }
    for (const auto& s : model.summaries) {
      claim("summary_" + s.name);
    }
    const Graph graph = erdos_renyi(50, 4.0, 1);
    Recorder recorder(model.metrics, model.summaries, 2);
    const ParamValues defaults;
    const auto instance =
        model.create(ModelContext{graph, 2, recorder, defaults, defaults, defaults});
    CHECK(instance->num_agents() == 50);
    CHECK_FALSE(instance->schedule().phases.empty());
    for (const auto& column : instance->population().columns()) {
      if (!column.scratch) {
        claim(column.name);
      }
    }
  }
}
