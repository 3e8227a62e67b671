// Deffuant and Hegselmann-Krause: conservation, limits, and the two
// complete-mixing code paths agreeing with explicit graphs.
#include <catch2/catch.hpp>

#include <cmath>

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
