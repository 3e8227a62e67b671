// The memory an experiment needs is estimated before anything is allocated,
// and an experiment that cannot fit is refused naming its sizes.
#include <catch2/catch.hpp>

#include "commsim/error.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "commsim/run/memory.hpp"
#include "models/registry.hpp"

using namespace commsim;
using Catch::Matchers::Contains;

namespace {

Scenario parse(const std::string& text) {
  return parse_scenario(text, "m.yaml", {}, models::catalog());
}

const ModelInfo& model(const std::string& name) {
  return *find_model(models::catalog(), name);
}

}  // namespace

TEST_CASE("the estimate grows with the population, the runs and the runs at once", "[memory]") {
  const Scenario small = parse(
      "model: bass\nseed: 1\ndays: 10\npopulation: {size: 1000, graph: {kind: "
      "barabasi_albert, mean_degree: 10}}\n");
  const MemoryEstimate one = estimate_memory(small, model("bass"), 1, false);
  CHECK(one.graphs == Approx(16.0 * 1000 + 24.0 * 5000));
  CHECK(one.per_run > 0);
  const MemoryEstimate four = estimate_memory(small, model("bass"), 4, false);
  CHECK(four.runs_at_once == 1);  // never more at once than there are runs
  CHECK(estimate_memory(small, model("bass"), 1, true).collected > 0);
  CHECK(memory_limit().has_value());
  CHECK(
      run_count(parse("model: bass\nseed: 1\ndays: 1\nreplicates: 7\npopulation: {size: 10, graph: "
                      "{kind: complete}}\n"
                      "sweep: {grid: {bass.q: [0.1, 0.2, 0.3]}}\n")) == 21);
  CHECK(format_bytes(412e9) == "412 GB");
  CHECK(format_bytes(3.14e6) == "3.1 MB");
}

TEST_CASE("an experiment that cannot fit is refused before anything is allocated", "[memory]") {
  const Scenario huge = parse("model: bass\nseed: 1\ndays: 5\npopulation: {size: 2147483647}\n");
  CHECK_THROWS_WITH(check_memory(huge, model("bass"), 1, false),
                    Contains("m.yaml: the experiment needs about") &&
                        Contains("of population.size 2147483647") &&
                        Contains("this process may use; make the population or the design "
                                 "smaller"));
  // The experiment itself refuses, before planning its runs.
  CHECK_THROWS_AS(Experiment(huge, model("bass")), InputError);

  std::string values;
  for (int i = 1; i <= 1000; ++i) {
    values += (i > 1 ? ", " : "") + std::to_string(i * 0.001);
  }
  const Scenario runs = parse_scenario(
      "model: bass\nseed: 1\ndays: 5\npopulation: {size: 100}\nsweep:\n  grid:\n    bass.q: [" +
          values + "]\n",
      "m.yaml", {"replicates=1000000"}, models::catalog());
  CHECK_THROWS_WITH(check_memory(runs, model("bass"), 1, false),
                    Contains("for the table of 1000000000 runs (1000 point(s) x 1000000 "
                             "replicate(s))"));
}
