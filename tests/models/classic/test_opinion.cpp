// Deffuant and Hegselmann-Krause: conservation, limits, and the two
// complete-mixing code paths agreeing with explicit graphs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>
#include <utility>

#include "commsim/distributions.hpp"
#include "models/common/agent_model.hpp"
#include "support/run_scenario.hpp"

using namespace commsim;
using commsim::testing::run_scenario;

namespace {
std::string opinion_scenario(const std::string& model, const std::string& graph,
                             const std::string& params, int days = 50) {
  return "model: " + model + "\nseed: 8\ndays: " + std::to_string(days) +
         "\npopulation: {size: 400, graph: " + graph + "}\n" + model + ": " + params + "\n";
}
}  // namespace

TEST_CASE("pairwise Deffuant encounters conserve the mean opinion", "[deffuant]") {
  // Both sides move by the same amount in opposite directions.
  const auto runs =
      run_scenario(opinion_scenario("deffuant", "{kind: complete}", "{epsilon: 0.3}"));
  const auto& mean = runs.series(0, "opinion_mean");
  for (double m : mean) {
    CHECK(m == Approx(mean[0]).margin(1e-12));
  }
  CHECK(runs.series(0, "opinion_sd").back() < runs.series(0, "opinion_sd").front());
}

TEST_CASE("Deffuant with epsilon 0 changes nothing; with epsilon 1 reaches consensus",
          "[deffuant]") {
  for (const char* update : {"pairwise", "synchronous"}) {
    CAPTURE(update);
    const std::string u = std::string(", update: ") + update + "}";
    const auto frozen = run_scenario(
        opinion_scenario("deffuant", "{kind: erdos_renyi, mean_degree: 8}", "{epsilon: 0" + u));
    CHECK(frozen.series(0, "opinion_sd").back() == frozen.series(0, "opinion_sd").front());
    const auto merged =
        run_scenario(opinion_scenario("deffuant", "{kind: complete}", "{epsilon: 1.0" + u, 200));
    CHECK(merged.summary(0, "clusters") == 1.0);
    CHECK(merged.series(0, "opinion_sd").back() < 1e-3);
  }
}

TEST_CASE("Hegselmann-Krause with epsilon 1 reaches the mean in one day", "[hk]") {
  const auto runs =
      run_scenario(opinion_scenario("hegselmann_krause", "{kind: complete}", "{epsilon: 1.0}", 3));
  CHECK(runs.series(0, "opinion_sd")[1] < 1e-12);
  CHECK(runs.series(0, "opinion_mean")[1] == Approx(runs.series(0, "opinion_mean")[0]));
  CHECK(runs.summary(0, "converged_day") == 2.0);
}

TEST_CASE("Hegselmann-Krause under complete mixing equals HK on the explicit complete graph",
          "[hk]") {
  // The sorted prefix-sum path and the neighbour loop must agree: an
  // Erdos-Renyi graph with mean degree N - 1 is the complete graph.
  const auto implicit = run_scenario(
      opinion_scenario("hegselmann_krause", "{kind: complete}", "{epsilon: 0.12}", 30));
  const auto explicit_graph = run_scenario(opinion_scenario(
      "hegselmann_krause", "{kind: erdos_renyi, mean_degree: 399}", "{epsilon: 0.12}", 30));
  const auto& a = implicit.series(0, "opinion_sd");
  const auto& b = explicit_graph.series(0, "opinion_sd");
  for (std::size_t d = 0; d < a.size(); ++d) {
    CHECK(a[d] == Approx(b[d]).margin(1e-9));
  }
  CHECK(implicit.summary(0, "clusters") == explicit_graph.summary(0, "clusters"));
}

TEST_CASE("opinion_clusters cuts at gaps and counts major clusters", "[opinion]") {
  using commsim::models::opinion_clusters;
  // Clusters {0.1, 0.1001} (1/3), {0.5 x 3} (1/2) and {0.9} (1/6).
  const auto c = opinion_clusters({0.1, 0.1001, 0.5, 0.5, 0.5, 0.9}, 0.01, 0.3);
  CHECK(c.all == 3);
  CHECK(c.major == 2);
  CHECK(opinion_clusters({0.1, 0.1001, 0.5, 0.5, 0.5, 0.9}, 0.01, 0.4).major == 1);
  CHECK(c.largest_share == Approx(0.5));
}

TEST_CASE("opinion_clusters without sorting agrees with cutting the sorted opinions", "[opinion]") {
  using commsim::models::opinion_clusters;
  // The reference: sort, cut where neighbours differ by more than gap.
  const auto by_sorting = [](std::vector<double> x, double gap, double major_share) {
    std::sort(x.begin(), x.end());
    std::vector<std::size_t> sizes{1};
    for (std::size_t i = 1; i < x.size(); ++i) {
      if (x[i] - x[i - 1] > gap) {
        sizes.push_back(0);
      }
      ++sizes.back();
    }
    const auto n = static_cast<double>(x.size());
    std::size_t major = 0;
    std::size_t largest = 0;
    for (std::size_t s : sizes) {
      major += static_cast<double>(s) / n >= major_share ? 1U : 0U;
      largest = std::max(largest, s);
    }
    return std::tuple{sizes.size(), major, static_cast<double>(largest) / n};
  };
  RandomStream rng(4, 0, 0, 0);
  for (int trial = 0; trial < 200; ++trial) {
    CAPTURE(trial);
    // Clusters of opinions on a grid of 0.01 (gaps of exactly the cut-off
    // and just around it) or spread uniformly, with ties.
    std::vector<double> x(500 + uniform_index(rng, 2000));
    const double grid = trial % 2 == 0 ? 0.01 : 0.0;
    for (double& v : x) {
      v = grid > 0 ? grid * uniform_index(rng, 40) + (uniform01(rng) < 0.1 ? 1e-17 : 0.0)
                   : uniform01(rng) * (trial % 3 == 0 ? 0.3 : 1.0);
    }
    const auto c = opinion_clusters(x, 0.01, 0.05);
    const auto [all, major, largest] = by_sorting(x, 0.01, 0.05);
    CHECK(c.all == all);
    CHECK(c.major == major);
    CHECK(c.largest_share == largest);
  }
}

TEST_CASE("bounded-confidence and epidemic runs are bit-identical on 1 and 2 threads",
          "[hk][deffuant][epidemic][verifier]") {
  // One run of 20,000 people, so both threads work inside its phases (blocks
  // of 1,024 people), with the agents snapshotted after the swapped buffers.
  const std::string graph = "{kind: barabasi_albert, mean_degree: 6}";
  for (const auto& [model, params] : std::vector<std::pair<std::string, std::string>>{
           {"hegselmann_krause", "{epsilon: 0.2}"},
           {"deffuant", "{epsilon: 0.3, update: synchronous}"},
           {"sis", "{beta: 0.05, gamma: 0.1, initial_infected: 0.3}"},
           {"sir", "{beta: 0.08, gamma: 0.1, initial_infected: 0.01}"}}) {
    CAPTURE(model);
    const std::string yaml = "model: " + model +
                             "\nseed: 8\ndays: 15\npopulation: {size: 20000, graph: " + graph +
                             "}\n" + model + ": " + params + "\noutput: {agents: every_5_days}\n";
    const auto one = run_scenario(yaml, {}, 1);
    const auto two = run_scenario(yaml, {}, 2);
    const auto& a = one.results[0].series;
    const auto& b = two.results[0].series;
    for (std::size_t m = 0; m < a.series.size(); ++m) {
      REQUIRE(a.series[m].size() == b.series[m].size());
      CHECK(std::memcmp(a.series[m].data(), b.series[m].data(),
                        a.series[m].size() * sizeof(double)) == 0);
    }
    CHECK(std::memcmp(a.summaries.data(), b.summaries.data(),
                      a.summaries.size() * sizeof(double)) == 0);
    CHECK(one.results[0].agents.values == two.results[0].agents.values);
  }
}

TEST_CASE("the opinion snapshot holds the day's opinions after the buffers swap", "[hk]") {
  const auto runs =
      run_scenario(opinion_scenario("hegselmann_krause", "{kind: erdos_renyi, mean_degree: 8}",
                                    "{epsilon: 0.2}\n"
                                    "output: {agents: every_1_days}",
                                    3));
  const auto& agents = runs.results[0].agents;
  REQUIRE(agents.names.at(0) == "opinion");
  const auto& opinion = std::get<std::vector<double>>(agents.values.at(0));
  const std::size_t people = 400;
  REQUIRE(opinion.size() == 4 * people);
  for (std::size_t day = 0; day < 4; ++day) {
    double sum = 0;
    for (std::size_t a = 0; a < people; ++a) {
      sum += opinion[day * people + a];
    }
    CHECK(sum / people == Approx(runs.series(0, "opinion_mean")[day]).epsilon(1e-12));
  }
  // Opinions move: day 1 differs from day 0.
  CHECK(runs.series(0, "opinion_sd")[1] < runs.series(0, "opinion_sd")[0]);
}
