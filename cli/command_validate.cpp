// commsim validate: check a scenario (and any file it references) without
// running it, and say how large the experiment is.
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "commsim/calibrate/prior.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "commsim/run/memory.hpp"
#include "messages.hpp"
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
  // Graph and people files are read (and checked) by the loader.
  Scenario scenario = load_scenario(path, overrides, models::catalog());
  // What `run` would refuse before running: an experiment that cannot fit
  // in memory even one run at a time.
  check_memory(scenario, *find_model(models::catalog(), scenario.model), 1, false);
  const std::size_t runs = run_count(scenario);
  print_warnings(scenario.warnings);
  std::printf("%s: valid%s\n", path.c_str(),
              scenario.warnings.empty() ? "" : " (with warnings, on stderr)");
  std::printf("  model      %s\n", scenario.model.c_str());
  const std::string method = scenario.design.method.empty() ? "no sweep" : scenario.design.method;
  std::printf("  design     %s%zu run(s) = %zu point(s) x %u replicate(s) (%s)\n",
              scenario.rounds.enabled ? "up to " : "", runs, scenario.point_count(),
              scenario.replicates, method.c_str());
  if (scenario.rounds.enabled) {
    std::printf(
        "  replicates auto: %u, then %u more at a time until the answer is settled, at "
        "most %u\n",
        scenario.rounds.min, scenario.rounds.step, scenario.rounds.max);
  }
  for (const auto& parameter : scenario.design.parameters) {
    std::printf("  varies     %s\n", parameter.c_str());
  }
  if (!scenario.points.empty() && scenario.point_count() <= 24) {
    for (std::size_t p = 0; p < scenario.point_count(); ++p) {
      std::printf("  %s %zu: %s\n", p == 0 ? "designs   " : "          ", p,
                  scenario.point(p).design_name.c_str());
    }
  }
  if (!scenario.objective.empty()) {
    std::printf("  objective  %s (%s)\n", scenario.objective.text().c_str(),
                scenario.objective.origin.c_str());
    for (const auto& c : scenario.objective.constraints) {
      std::printf("             subject to %s\n", c.text().c_str());
    }
  }
  if (!scenario.design.method.empty()) {
    std::printf("  seeds      %s\n", scenario.design.common_random_numbers
                                         ? "common random numbers: replicate r of every point "
                                           "shares its seed (paired)"
                                         : "independent points");
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
