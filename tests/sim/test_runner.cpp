// Verifiers for the runner: a run is a pure function of its plan, so thread
// count and run order cannot change a single bit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <set>

#include "commsim/error.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "commsim/run/stop.hpp"
#include "models/registry.hpp"
#include "support/execute.hpp"

using namespace commsim;

namespace {

Experiment experiment(const std::vector<std::string>& overrides = {}) {
  const std::string text =
      "model: bass\nseed: 99\ndays: 25\nreplicates: 3\n"
      "population: {size: 30000, graph: {kind: barabasi_albert, mean_degree: 8}}\n"
      "bass: {p: 0.01, q: 0.5}\n";
  Scenario s = parse_scenario(text, "runner.yaml", overrides, models::catalog());
  const ModelInfo& model = *find_model(models::catalog(), s.model);
  return {std::move(s), model};
}

std::vector<RunResult> run_all(Experiment& e, int threads) {
  std::vector<RunResult> results;
  testing::run_all(e, threads, [&](const RunResult& r) { results.push_back(r); });
  return results;
}

bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("1 and 2 threads give bit-identical runs", "[runner][verifier]") {
  Experiment e = experiment({"output.agents=every_10_days"});
  const auto one = run_all(e, 1);
  const auto two = run_all(e, 2);
  REQUIRE(one.size() == 3);
  REQUIRE(two.size() == 3);
  for (std::size_t r = 0; r < one.size(); ++r) {
    REQUIRE(one[r].status == RunStatus::Done);
    REQUIRE(two[r].status == RunStatus::Done);
    for (std::size_t m = 0; m < one[r].series.series.size(); ++m) {
      CHECK(bitwise_equal(one[r].series.series[m], two[r].series.series[m]));
    }
    CHECK(bitwise_equal(one[r].series.summaries, two[r].series.summaries));
    CHECK(one[r].agents.values == two[r].agents.values);
  }
  // Replicates differ from each other (different seeds, not copies).
  CHECK_FALSE(bitwise_equal(one[0].series.series[0], one[1].series.series[0]));
}

TEST_CASE("a run does not depend on which runs came before it", "[runner][verifier]") {
  Experiment e = experiment();
  e.prepare();
  const RunResult last_alone = e.run(e.plans()[2]);
  const auto all = run_all(e, 2);
  CHECK(bitwise_equal(last_alone.series.series[0], all[2].series.series[0]));
}

TEST_CASE("run plans carry distinct hashed seeds", "[runner]") {
  Experiment e = experiment({"replicates=50"});
  std::set<std::uint64_t> seeds;
  for (const auto& p : e.plans()) {
    seeds.insert(p.seed);
    CHECK(p.point == 0);
  }
  CHECK(seeds.size() == 50);
  CHECK(e.plans()[1].seed != e.plans()[0].seed + 1);
}

TEST_CASE("replicates share one graph unless per_replicate asks otherwise", "[runner]") {
  const Experiment shared = experiment();
  CHECK(graph_seed(shared.scenario(), shared.plans()[0]) ==
        graph_seed(shared.scenario(), shared.plans()[1]));
  const Experiment fresh = experiment();
  Scenario s = fresh.scenario();
  s.graph.per_replicate = true;
  CHECK(graph_seed(s, fresh.plans()[0]) != graph_seed(s, fresh.plans()[1]));
}

TEST_CASE("a stop request interrupts the experiment", "[runner]") {
  Experiment e = experiment();
  request_stop();
  CHECK_THROWS_AS(run_all(e, 1), Interrupted);
  clear_stop_request();
  CHECK(run_all(e, 1).size() == 3);
}

TEST_CASE("snapshots hold every state column of every agent on the chosen days", "[runner]") {
  Experiment e = experiment({"output.agents=every_10_days", "replicates=1"});
  const auto results = run_all(e, 2);
  const AgentSnapshots& agents = results[0].agents;
  // Bass's state columns; its scratch buffer adopted_next is not written out.
  CHECK(agents.names == std::vector<std::string>{"adopted", "adoption_channel", "adoption_day"});
  const auto& adopted = std::get<std::vector<std::uint8_t>>(agents.values[0]);
  const std::size_t people = 30000;
  REQUIRE(adopted.size() == 4 * people);  // days 0, 10, 20, 25
  const auto& share = results[0].series.series[0];
  for (std::size_t k = 0; k < 4; ++k) {
    const std::size_t day = std::vector<std::size_t>{0, 10, 20, 25}[k];
    const auto begin = adopted.begin() + static_cast<std::ptrdiff_t>(k * people);
    const auto count = std::count(begin, begin + static_cast<std::ptrdiff_t>(people), 1);
    CHECK(static_cast<double>(count) / people == share[day]);
  }
}

TEST_CASE("parallel runs are delivered one at a time, in plan order", "[runner]") {
  Experiment e = experiment({"replicates=12", "population.size=2000"});
  const auto results = run_all(e, 2);
  REQUIRE(results.size() == 12);
  for (std::size_t i = 0; i < results.size(); ++i) {
    CHECK(results[i].plan.run == i);
  }
}

TEST_CASE("a run's setup time is part of its wall time", "[runner]") {
  Experiment e = experiment();
  for (const RunResult& r : run_all(e, 1)) {
    REQUIRE(r.status == RunStatus::Done);
    CHECK(r.setup_seconds > 0);
    CHECK(r.setup_seconds <= r.wall_seconds);
  }
}
