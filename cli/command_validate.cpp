// commsim validate: check a scenario (and any file it references) without
// running it, and say how large the experiment is.
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "commands.hpp"
#include "commsim/calibrate/prior.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "models/registry.hpp"

namespace commsim::cli {
namespace {

// What `commsim calibrate` would fit, against what, and for how long.
void print_calibration(const CalibrationSpec& spec) {
  for (std::size_t i = 0; i < spec.paths.size(); ++i) {
    std::printf("  fits       %s (%s prior)\n", spec.paths[i].c_str(),
                calibrate::prior_kind_name(spec.priors[i].kind()).c_str());
  }
  for (const CalibrationTarget& t : spec.targets) {
    std::printf("  target     %s (%s, %zu value(s), weight %g)\n", t.name.c_str(),
                t.summary ? "summary" : "daily", t.observed.size(), t.weight);
  }
  const calibrate::StoppingRule& stop = spec.settings.stop;
  std::printf("  particles  %zu per generation; at most %zu generation(s)",
              spec.settings.population_size, stop.max_generations);
  if (stop.max_simulations > 0) {
    std::printf(", %llu simulations", static_cast<unsigned long long>(stop.max_simulations));
  }
  std::printf(
      "\n  (commsim calibrate runs one simulation per candidate: `replicates` applies "
      "to commsim run only)\n");
}

}  // namespace

int validate(const std::string& path, const std::vector<std::string>& overrides) {
  Scenario scenario = load_scenario(path, overrides, models::catalog());
  // Graphs read from files are checked too (a malformed edge list), once
  // per distinct file.
  std::set<std::map<std::string, ParamValue>> checked;
  for (std::size_t p = 0; p < scenario.point_count(); ++p) {
    const Scenario& point = scenario.point(p);
    if (!point.graph.kind->random && checked.insert(point.graph.params.all()).second) {
      (void)build_graph(point, 0);
    }
  }
  const auto runs = plan_runs(scenario);
  std::printf("%s: valid\n", path.c_str());
  std::printf("  model      %s\n", scenario.model.c_str());
  const std::string method = scenario.design.method.empty() ? "no sweep" : scenario.design.method;
  std::printf("  design     %zu run(s) = %zu point(s) x %u replicate(s) (%s)\n", runs.size(),
              scenario.point_count(), scenario.replicates, method.c_str());
  for (const auto& parameter : scenario.design.parameters) {
    std::printf("  varies     %s\n", parameter.c_str());
  }
  std::printf("  horizon    %u days\n", scenario.days);
  std::printf("  people     %u, graph %s\n", scenario.population_size,
              scenario.graph.kind->name.c_str());
  if (scenario.calibration) {
    print_calibration(*scenario.calibration);
  }
  return 0;
}

}  // namespace commsim::cli
