// Test helper: run a scenario given as YAML text and look results up by name.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "models/registry.hpp"
#include "support/execute.hpp"

namespace commsim::testing {

struct Runs {
  const ModelInfo* model = nullptr;
  std::vector<RunResult> results;

  [[nodiscard]] const std::vector<double>& series(std::size_t run, const std::string& name) const {
    for (std::size_t m = 0; m < model->metrics.size(); ++m) {
      if (model->metrics[m].name == name) {
        return results.at(run).series.series[m];
      }
    }
    FAIL("no metric " << name);
    throw;
  }
  [[nodiscard]] double summary(std::size_t run, const std::string& name) const {
    for (std::size_t m = 0; m < model->summaries.size(); ++m) {
      if (model->summaries[m].name == name) {
        return results.at(run).series.summaries[m];
      }
    }
    FAIL("no summary " << name);
    throw;
  }
};

inline Runs run_scenario(const std::string& yaml, const std::vector<std::string>& overrides = {},
                         int threads = 0) {
  Scenario s = parse_scenario(yaml, "test.yaml", overrides, models::catalog());
  Runs out;
  out.model = find_model(models::catalog(), s.model);
  Experiment e(std::move(s), *out.model);
  run_all(e, threads, [&](const RunResult& r) {
    REQUIRE(r.status == RunStatus::Done);
    out.results.push_back(r);
  });
  return out;
}

}  // namespace commsim::testing
