// commsim validate: check a scenario (and any file it references) without
// running it, and say how large the experiment is.
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "commands.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "commsim/run/memory.hpp"
#include "messages.hpp"
#include "models/registry.hpp"

namespace commsim::cli {

int validate(const std::string& path, const std::vector<std::string>& overrides) {
  Scenario scenario = load_scenario(path, overrides, models::catalog());
  // What `run` would refuse before running: an experiment that cannot fit
  // in memory even one run at a time.
  check_memory(scenario, *find_model(models::catalog(), scenario.model), 1, false);
  // Graphs read from files are checked too (a malformed edge list), once
  // per distinct file.
  std::set<std::map<std::string, ParamValue>> checked;
  for (std::size_t p = 0; p < scenario.point_count(); ++p) {
    const Scenario& point = scenario.point(p);
    if (!point.graph.kind->random && checked.insert(point.graph.params.all()).second) {
      (void)build_graph(point, 0);
    }
  }
  const std::size_t runs = run_count(scenario);
  print_warnings(scenario.warnings);
  std::printf("%s: valid%s\n", path.c_str(),
              scenario.warnings.empty() ? "" : " (with warnings, on stderr)");
  std::printf("  model      %s\n", scenario.model.c_str());
  const std::string method = scenario.design.method.empty() ? "no sweep" : scenario.design.method;
  std::printf("  design     %zu run(s) = %zu point(s) x %u replicate(s) (%s)\n", runs,
              scenario.point_count(), scenario.replicates, method.c_str());
  for (const auto& parameter : scenario.design.parameters) {
    std::printf("  varies     %s\n", parameter.c_str());
  }
  std::printf("  horizon    %u days\n", scenario.days);
  std::printf("  people     %u, graph %s\n", scenario.population_size,
              scenario.graph.kind->name.c_str());
  return 0;
}

}  // namespace commsim::cli
