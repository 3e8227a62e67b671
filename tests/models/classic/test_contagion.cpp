// Voter, threshold, cascade and epidemic models: exact special cases and
// conservation laws.
#include <catch2/catch.hpp>

#include <cmath>

#include "commsim/error.hpp"
#include "support/run_scenario.hpp"

using namespace commsim;
using commsim::testing::run_scenario;

TEST_CASE("voter consensus is absorbing and seeding by degree raises omega", "[voter]") {
  const auto runs = run_scenario(
      "model: voter\nseed: 3\ndays: 3000\nreplicates: 4\npopulation: {size: 60, graph: {kind: "
      "complete}}\nvoter: {initial_density: 0.5}\n");
  for (std::size_t r = 0; r < 4; ++r) {
    const double day = runs.summary(r, "consensus_day");
    REQUIRE(std::isfinite(day));
    const auto& density = runs.series(r, "density");
    const double winner = runs.summary(r, "winner");
    for (auto d = static_cast<std::size_t>(day); d < density.size(); ++d) {
      REQUIRE(density[d] == winner);
    }
  }
  const auto hubs = run_scenario(
      "model: voter\nseed: 3\ndays: 1\npopulation: {size: 1000, graph: {kind: barabasi_albert, "
      "mean_degree: 4}}\nvoter: {initial_density: 0.2, seeding: high_degree}\n");
  CHECK(hubs.series(0, "density")[0] == Approx(0.2));
  CHECK(hubs.summary(0, "initial_degree_weighted_density") > 0.35);
}

TEST_CASE("Granovetter's riot: one changed threshold stops the cascade", "[threshold]") {
  std::string all;
  std::string changed;
  for (int i = 0; i < 100; ++i) {
    all += (i ? ", " : "") + std::to_string(i);
    changed += (i ? ", " : "") + std::to_string(i == 1 ? 2 : i);
  }
  const auto scenario = [](const std::string& list) {
    return "model: threshold\nseed: 1\ndays: 120\npopulation: {size: 100, graph: {kind: "
           "complete}}\nthreshold: {rule: count, seeds: 0, thresholds: [" +
           list + "]}\n";
  };
  const auto riot = run_scenario(scenario(all));
  CHECK(riot.summary(0, "final_share") == 1.0);
  CHECK(riot.summary(0, "last_activation_day") == 100.0);
  CHECK(run_scenario(scenario(changed)).summary(0, "final_share") == 0.01);
  CHECK_THROWS_AS(run_scenario(scenario("0, 1, 2")), InputError);
}

TEST_CASE("fraction thresholds: zero activates everyone reachable, above one nobody",
          "[threshold]") {
  const std::string base =
      "model: threshold\nseed: 2\ndays: 50\npopulation: {size: 2000, graph: {kind: "
      "watts_strogatz, mean_degree: 6, rewire: 0.0}}\n";
  // A ring lattice is connected: threshold 0 activates everyone on day 1.
  CHECK(run_scenario(base + "threshold: {threshold: 0.0, seeds: 0}\n").summary(0, "final_share") ==
        1.0);
  CHECK(run_scenario(base + "threshold: {threshold: 1.01, seeds: 5}\n").summary(0, "final_share") ==
        5.0 / 2000);
  // On the lattice (3 neighbours each side) one active contact of 6 is
  // enough at threshold 0.16, so a single seed's wave advances 3 people each
  // way each day; at 0.3 it never starts.
  const auto wave = run_scenario(base + "threshold: {threshold: 0.16, seeds: 1}\n");
  CHECK(wave.series(0, "active_share")[10] == Approx((1 + 2 * 3 * 10) / 2000.0));
  CHECK(run_scenario(base + "threshold: {threshold: 0.3, seeds: 1}\n").summary(0, "final_share") ==
        1.0 / 2000);
}

TEST_CASE("independent cascade with p = 1 activates exactly the seeds' components", "[cascade]") {
  // Two blocks of 500 with no edges between them: the seed's block only.
  const auto runs = run_scenario(
      "model: cascade\nseed: 4\ndays: 60\npopulation: {size: 1000, graph: {kind: "
      "stochastic_block, sizes: [500, 500], p_in: 0.02, p_out: 0.0}}\ncascade: {p: 1.0, seeds: "
      "1}\n");
  CHECK(runs.summary(0, "final_share") == Approx(0.5).margin(0.01));  // giant component ~ 99%
  const auto none = run_scenario(
      "model: cascade\nseed: 4\ndays: 10\npopulation: {size: 1000, graph: {kind: erdos_renyi, "
      "mean_degree: 8}}\ncascade: {p: 0.0, seeds: 7}\n");
  CHECK(none.summary(0, "final_share") == 0.007);
}

TEST_CASE("without transmission, SIS decays geometrically and SIR keeps its first cases",
          "[epidemic]") {
  // With beta = 0 the infected share falls by a factor (1 - gamma) a day in
  // expectation: after 10 days 0.5 * 0.9^10 = 0.174 of 20000 people, binomial
  // sd 0.0027; allow 5 sd.
  const std::string base =
      "days: 10\nseed: 6\npopulation: {size: 20000, graph: {kind: erdos_renyi, mean_degree: "
      "6}}\n";
  const auto sis =
      run_scenario("model: sis\n" + base + "sis: {beta: 0, gamma: 0.1, initial_infected: 0.5}\n");
  const double expected = 0.5 * std::pow(0.9, 10);
  CHECK(std::fabs(sis.series(0, "infected_share")[10] - expected) <=
        5 * std::sqrt(expected * (1 - expected) / 20000));
  const auto sir =
      run_scenario("model: sir\n" + base + "sir: {beta: 0, gamma: 0.3, initial_infected: 0.1}\n");
  CHECK(sir.summary(0, "final_size") == Approx(0.1));
  const auto& removed = sir.series(0, "removed_share");
  for (std::size_t d = 1; d < removed.size(); ++d) {
    CHECK(removed[d] >= removed[d - 1]);
    CHECK(removed[d] + sir.series(0, "infected_share")[d] == Approx(0.1));
  }
}

TEST_CASE("seed sets: listed ids start active and bad lists are input errors", "[seeds]") {
  const std::string base =
      "model: cascade\nseed: 4\ndays: 5\npopulation: {size: 100, graph: {kind: erdos_renyi, "
      "mean_degree: 4}}\n";
  const auto listed = run_scenario(base + "cascade: {p: 0.0, seed_ids: [3, 50, 99]}\n");
  CHECK(listed.summary(0, "final_share") == 0.03);
  CHECK(listed.results[0].series.series[1][0] == 3.0);  // new_active on day 0
  CHECK_THROWS_WITH(run_scenario(base + "cascade: {seed_ids: [100]}\n"),
                    Catch::Matchers::Contains("cascade.seed_ids: id 100 is out of range"));
  CHECK_THROWS_WITH(run_scenario(base + "cascade: {seed_ids: [1, 1]}\n"),
                    Catch::Matchers::Contains("listed twice"));
  CHECK_THROWS_WITH(
      run_scenario(base + "cascade: {seeds: 101}\n"),
      Catch::Matchers::Contains("test.yaml:5:18: cascade.seeds: 101 seeds asked for, but "
                                "population.size is 100"));
  const auto threshold = run_scenario(
      "model: threshold\nseed: 1\ndays: 3\npopulation: {size: 50, graph: {kind: complete}}\n"
      "threshold: {rule: count, threshold: 100, seed_ids: [7, 8]}\n");
  CHECK(threshold.summary(0, "final_share") == 0.04);
}
