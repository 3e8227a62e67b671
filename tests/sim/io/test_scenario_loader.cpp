// Scenario validation: what passes, what the defaults are, and for each kind
// of mistake, that the message names where, what was expected and found.
#include <catch2/catch.hpp>

#include <algorithm>

#include "commsim/error.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "models/registry.hpp"

using namespace commsim;
using Catch::Matchers::Contains;

namespace {

const std::string kValid = R"(model: bass
seed: 7
days: 30
population:
  size: 1000
  graph: {kind: erdos_renyi, mean_degree: 6}
bass:
  q: 0.5
)";

Scenario parse(const std::string& text, const std::vector<std::string>& overrides = {}) {
  return parse_scenario(text, "dir/s.yaml", overrides, models::catalog());
}

std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    (void)parse(text, overrides);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  FAIL("expected a ScenarioError");
  return "";
}

}  // namespace

TEST_CASE("a valid scenario parses into typed values with defaults", "[scenario]") {
  const Scenario s = parse(kValid);
  CHECK(s.model == "bass");
  CHECK(s.name == "s");  // from the file name
  CHECK(s.seed == 7);
  CHECK(s.days == 30);
  CHECK(s.replicates == 1);
  CHECK(s.population_size == 1000);
  CHECK(s.graph.kind->name == "erdos_renyi");
  CHECK(s.graph.params.get_real("mean_degree") == 6.0);
  CHECK(s.values.get_real("bass.q") == 0.5);
  CHECK(s.values.get_real("bass.p") == 0.03);  // declared default
  CHECK(s.values.get_string("bass.time_step") == "flow");
}

TEST_CASE("malformed YAML is reported with line and column", "[scenario]") {
  CHECK_THAT(error_of("model: bass\ndays: [1, 2\n"),
             Contains("dir/s.yaml:3:") && Contains("malformed YAML"));
  CHECK_THAT(error_of("- a\n- b\n"), Contains("expected a mapping"));
}

TEST_CASE("wrong types and out-of-range values name the key, expectation and finding",
          "[scenario]") {
  std::string text = kValid;
  text.replace(text.find("days: 30"), 8, "days: thirty");
  CHECK_THAT(error_of(text), Contains("dir/s.yaml:3:7: days: expected a whole number in [1, "
                                      "1000000], found \"thirty\""));
  CHECK_THAT(error_of(kValid + "  p: 1.5\n"),
             Contains("dir/s.yaml:9:6: bass.p: expected a number in [0, 1], found \"1.5\""));
  CHECK_THAT(error_of(kValid + "  substeps: 2.5\n"),
             Contains("bass.substeps: expected a whole number"));
  CHECK_THAT(
      error_of(kValid + "  time_step: flw\n"),
      Contains("bass.time_step: expected one of flow, hazard") && Contains("did you mean `flow`?"));
  CHECK_THAT(error_of(kValid + "  q: [1]\n"), Contains("appears more than once"));
}

TEST_CASE("unknown keys are rejected with the nearest known key", "[scenario]") {
  CHECK_THAT(error_of(kValid + "  qq: 0.5\n"),
             Contains("dir/s.yaml:9:3: bass.qq: unknown key `qq`; did you mean `q`?"));
  CHECK_THAT(error_of(kValid + "replicate: 3\n"), Contains("did you mean `replicates`?"));
  CHECK_THAT(error_of(kValid + "deffuant: {}\n"), Contains("unknown key `deffuant`"));
  std::string text = kValid;
  text.replace(text.find("mean_degree: 6"), 14, "rewire: 0.1");
  CHECK_THAT(error_of(text), Contains("population.graph.rewire: unknown key `rewire`"));
}

TEST_CASE("missing required keys and unknown models are reported", "[scenario]") {
  CHECK_THAT(error_of("model: bass\nseed: 1\npopulation: {size: 10}\n"),
             Contains("missing required key `days`"));
  CHECK_THAT(error_of("seed: 1\ndays: 3\n"), Contains("missing required key `model`"));
  CHECK_THAT(
      error_of("model: bas\nseed: 1\ndays: 3\n"),
      Contains("dir/s.yaml:1:8: model: expected one of bass") && Contains("did you mean `bass`?"));
}

TEST_CASE("every problem in a document is reported at once", "[scenario]") {
  const std::string message =
      error_of("model: bass\nseed: -1\ndays: 0\npopulation: {size: 10, graf: {}}\nbass: {p: 2}\n");
  CHECK_THAT(message, Contains("seed:") && Contains("days:") && Contains("population.graf") &&
                          Contains("bass.p"));
}

TEST_CASE("graph settings are checked against each other", "[scenario]") {
  const auto with_graph = [](const std::string& graph) {
    return "model: bass\nseed: 1\ndays: 3\npopulation:\n  size: 100\n  graph: " + graph + "\n";
  };
  CHECK_THAT(error_of(with_graph("{kind: barabasi_albert, mean_degree: 5}")),
             Contains("population.graph.mean_degree: must be even"));
  CHECK_THAT(error_of(with_graph("{kind: watts_strogatz, mean_degree: 200}")),
             Contains("must be below population.size"));
  CHECK_THAT(error_of(with_graph("{kind: stochastic_block, sizes: [50, 40]}")),
             Contains("block sizes add up to 90, but population.size is 100"));
  CHECK_THAT(error_of(with_graph("{kind: edge_list}")), Contains("missing required key `path`"));
  CHECK_THAT(error_of(with_graph("{kind: edge_list, path: nowhere.txt}")),
             Contains("dir/nowhere.txt does not exist"));
  const Scenario sbm = parse(with_graph("{kind: stochastic_block, blocks: 3}"));
  CHECK(block_sizes(sbm.graph.params, sbm.population_size) == std::vector<VertexIndex>{34, 33, 33});
  const Scenario complete = parse(with_graph("{kind: complete}"));
  CHECK(complete.graph.kind->name == "complete");
}

TEST_CASE("--set overrides go through the same validation and are named in errors", "[scenario]") {
  const Scenario s = parse(kValid, {"days=90", "bass.p=0.1", "population.graph={kind: complete}"});
  CHECK(s.days == 90);
  CHECK(s.values.get_real("bass.p") == 0.1);
  CHECK(s.graph.kind->name == "complete");
  CHECK_THAT(s.effective_text, Contains("days: 90"));
  CHECK(s.source_text == kValid);

  CHECK_THAT(error_of(kValid, {"days=0"}), Contains("--set days=0: days: expected a whole number"));
  CHECK_THAT(error_of(kValid, {"bass.qq=1"}),
             Contains("--set bass.qq=1: bass.qq: unknown key `qq`; did you mean `q`?"));
  CHECK_THAT(error_of(kValid, {"days"}), Contains("--set days: no `=` found"));
  CHECK_THAT(error_of(kValid, {"days="}), Contains("no value after `=`"));
  CHECK_THAT(error_of(kValid, {"days.x=1"}), Contains("`days` holds a value, not a section"));
  CHECK_THAT(error_of(kValid, {"a b=1"}), Contains("the path must be dotted key names"));
}

TEST_CASE("a missing scenario file is an input error", "[scenario]") {
  CHECK_THROWS_AS(load_scenario("/nonexistent/x.yaml", {}, models::catalog()), ScenarioError);
  CHECK_THROWS_WITH(load_scenario("/nonexistent/x.yaml", {}, models::catalog()),
                    Contains("/nonexistent/x.yaml") && Contains("no such file"));
}

TEST_CASE("every shipped scenario validates", "[scenario]") {
  for (const auto& entry : std::filesystem::directory_iterator(COMMSIM_SCENARIO_DIR)) {
    if (entry.path().extension() == ".yaml") {
      CAPTURE(entry.path().string());
      CHECK_NOTHROW(load_scenario(entry.path(), {}, models::catalog()));
    }
  }
}

TEST_CASE("output.agents chooses the snapshot days", "[scenario]") {
  CHECK(parse(kValid).snapshot_days.empty());
  CHECK(parse(kValid, {"output.agents=final"}).snapshot_days == std::vector<std::uint32_t>{30});
  CHECK(parse(kValid, {"output.agents=every_7_days"}).snapshot_days ==
        std::vector<std::uint32_t>{0, 7, 14, 21, 28, 30});
  CHECK(parse(kValid, {"output.agents=every_10_days"}).snapshot_days ==
        std::vector<std::uint32_t>{0, 10, 20, 30});
  for (const char* bad : {"weekly", "every_0_days", "every__days", "every_x_days", "every_7"}) {
    CAPTURE(bad);
    CHECK_THAT(error_of(kValid, {std::string("output.agents=") + bad}),
               Contains("output.agents: expected none, final or every_N_days"));
  }
}

TEST_CASE("a renamed key says what it is called now", "[scenario]") {
  const std::string text =
      "model: community\nseed: 1\ndays: 3\npopulation:\n  size: 100\n"
      "  activity: {median: 2}\n";
  CHECK_THAT(error_of(text),
             Contains("dir/s.yaml:6:3: population.activity: unknown key `activity`: it was "
                      "renamed to `post_propensity`"));
  const Scenario s = parse(
      "model: community\nseed: 1\ndays: 3\npopulation:\n  size: 100\n"
      "  post_propensity: {median: 2}\n");
  CHECK(s.values.get_real("population.post_propensity.median") == 2.0);
}

TEST_CASE("engine keys are declared once and fill the scenario", "[scenario]") {
  const Section engine = engine_schema(models::catalog());
  std::vector<std::string> paths;
  for (const auto& row : documented_params(engine)) {
    paths.push_back(row.path + (row.when.empty() ? "" : " (" + row.when + ")"));
  }
  for (const std::string expected :
       {"name", "model", "seed", "days", "replicates", "population.size",
        "population.graph.kind", "population.graph.per_replicate",
        "population.graph.mean_degree (population.graph.kind: barabasi_albert)",
        "population.graph.p_in (population.graph.kind: stochastic_block)",
        "population.graph.path (population.graph.kind: edge_list)", "output.agents"}) {
    CHECK(std::find(paths.begin(), paths.end(), expected) != paths.end());
  }
  // One default for each key: p_in is 0.01 where it is declared and where it is used.
  const Scenario sbm = parse(
      "model: bass\nseed: 1\ndays: 3\npopulation: {size: 100, graph: {kind: stochastic_block}}\n");
  CHECK(sbm.graph.params.get_real("p_in") == 0.01);
  CHECK(sbm.replicates == 1);
  CHECK(sbm.name == "s");  // the file's stem when no name is given
}
