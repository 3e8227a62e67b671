// Bass diffusion against its closed form and its own exact special cases.
#include <catch2/catch.hpp>

#include <cmath>

#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "models/classic/bass.hpp"
#include "models/registry.hpp"
#include "support/execute.hpp"

using namespace commsim;
using namespace commsim::models;

namespace {

struct Runs {
  std::vector<std::vector<double>> share;  // run -> day
  std::vector<RunResult> results;
};

Runs run_bass(const std::string& body) {
  Scenario s = parse_scenario(body, "bass_test.yaml", {}, catalog());
  Experiment e(std::move(s), bass_model());
  Runs out;
  testing::run_all(e, 0, [&](const RunResult& r) {
    REQUIRE(r.status == RunStatus::Done);
    out.share.push_back(r.series.series[0]);
    out.results.push_back(r);
  });
  return out;
}

struct DayStats {
  double mean;
  double se;  // standard error of the mean, from the replicate spread
};

DayStats day_stats(const Runs& runs, std::size_t day) {
  const double r = static_cast<double>(runs.share.size());
  double sum = 0;
  double sum_sq = 0;
  for (const auto& s : runs.share) {
    sum += s[day];
    sum_sq += s[day] * s[day];
  }
  const double mean = sum / r;
  const double variance = std::max(0.0, (sum_sq - r * mean * mean) / (r - 1));
  return {mean, std::sqrt(variance / r)};
}

}  // namespace

TEST_CASE("bass_flow is the flow of dF/dt = (1 - F)(p + q F)", "[bass]") {
  const double p = 0.03;
  const double q = 0.38;
  // A flow composes: Phi_{a+b} = Phi_b o Phi_a.
  CHECK(bass_flow(bass_flow(0.1, p, q, 0.7), p, q, 1.6) == Approx(bass_flow(0.1, p, q, 2.3)));
  // Its derivative at 0 is the vector field.
  for (double f : {0.0, 0.2, 0.9}) {
    const double h = 1e-6;
    CHECK((bass_flow(f, p, q, h) - f) / h == Approx((1 - f) * (p + q * f)).epsilon(1e-4));
  }
  // Pure imitation is the logistic curve.
  CHECK(bass_flow(0.5, 0.0, 1.0, 0.0) == Approx(0.5));
  CHECK(bass_flow(0.1, 0.0, 1.0, 2.0) == Approx(0.1 * std::exp(2.0) / (0.9 + 0.1 * std::exp(2.0))));
  CHECK(bass_closed_form(0.0, p, q) == 0.0);
  CHECK(bass_closed_form(1000.0, p, q) == Approx(1.0));
}

TEST_CASE("under complete mixing, daily flow steps follow the Bass closed form",
          "[bass][statistical]") {
  // N = 20000 people, 8 replicates, p = 0.03, q = 0.38, daily steps.
  // Tolerance per day: 5 standard errors of the replicate mean (estimated from
  // the replicates' spread) plus 2e-3 for the finite population, whose
  // share-dependent rate makes E[F] differ from the mean-field curve by
  // O(1/N) and whose adopted share is a multiple of 1/N.
  const Runs runs = run_bass(
      "model: bass\nseed: 2026\ndays: 30\nreplicates: 8\n"
      "population: {size: 20000, graph: {kind: complete}}\nbass: {p: 0.03, q: 0.38}\n");
  for (std::size_t day = 1; day <= 30; ++day) {
    const DayStats st = day_stats(runs, day);
    const double expected = bass_closed_form(static_cast<double>(day), 0.03, 0.38);
    CAPTURE(day, st.mean, st.se, expected);
    CHECK(std::fabs(st.mean - expected) <= 5 * st.se + 2e-3);
  }
}

TEST_CASE("the hazard step lags the closed form by O(dt), as its recursion predicts",
          "[bass][statistical]") {
  // The constant-hazard step's mean field is the recursion
  // F <- F + (1 - F)(1 - exp(-(p + q F) dt)); the simulation must follow it
  // (same tolerance as above) and approach the closed form as dt shrinks.
  const auto worst_lag = [](std::uint32_t substeps) {
    const Runs runs = run_bass(
        "model: bass\nseed: 77\ndays: 20\nreplicates: 6\n"
        "population: {size: 20000, graph: {kind: complete}}\n"
        "bass: {p: 0.03, q: 0.38, time_step: hazard, substeps: " +
        std::to_string(substeps) + "}\n");
    double recursion = 0;
    double worst = 0;
    const double dt = 1.0 / substeps;
    for (std::size_t day = 1; day <= 20; ++day) {
      for (std::uint32_t k = 0; k < substeps; ++k) {
        recursion += (1 - recursion) * (1 - std::exp(-(0.03 + 0.38 * recursion) * dt));
      }
      const DayStats st = day_stats(runs, day);
      CAPTURE(substeps, day, st.mean, recursion);
      CHECK(std::fabs(st.mean - recursion) <= 5 * st.se + 2e-3);
      worst = std::max(worst, bass_closed_form(static_cast<double>(day), 0.03, 0.38) - st.mean);
    }
    return worst;
  };
  const double daily = worst_lag(1);
  const double eighth = worst_lag(8);
  CHECK(daily > 0.08);   // the recursion lags by 0.103 at worst
  CHECK(eighth < 0.02);  // and by 0.014 with 8 substeps
}

TEST_CASE("without imitation, adoption is independent: F(t) = 1 - exp(-p t) on any graph",
          "[bass][statistical]") {
  // Each person adopts by day t with probability 1 - exp(-p t), independently,
  // so the adopted share of N people has standard deviation
  // sqrt(F (1 - F) / N); allow 5 of them per replicate.
  const Runs runs = run_bass(
      "model: bass\nseed: 5\ndays: 40\nreplicates: 2\n"
      "population: {size: 20000, graph: {kind: barabasi_albert, mean_degree: 10}}\n"
      "bass: {p: 0.05, q: 0.0}\n");
  for (const auto& share : runs.share) {
    for (std::size_t day : {1UL, 5UL, 10UL, 20UL, 40UL}) {
      const double f = 1 - std::exp(-0.05 * static_cast<double>(day));
      CHECK(std::fabs(share[day] - f) <= 5 * std::sqrt(f * (1 - f) / 20000));
    }
  }
  for (const auto& r : runs.results) {
    CHECK(r.series.summaries[3] == 0.0);  // imitation_share
  }
}

TEST_CASE("adoption channels and initial adopters are accounted exactly", "[bass]") {
  const Runs none = run_bass(
      "model: bass\nseed: 1\ndays: 10\npopulation: {size: 1000, graph: {kind: erdos_renyi, "
      "mean_degree: 6}}\n"
      "bass: {p: 0.0, q: 1.0}\n");
  CHECK(none.share[0][10] == 0.0);  // no innovators, no seeds: nothing spreads

  const Runs imitation = run_bass(
      "model: bass\nseed: 1\ndays: 30\npopulation: {size: 1000, graph: {kind: erdos_renyi, "
      "mean_degree: 6}}\n"
      "bass: {p: 0.0, q: 1.0, initial_adopters: 0.05}\n");
  CHECK(imitation.share[0][0] == 0.05);  // exactly 50 of 1000
  CHECK(imitation.share[0][30] > 0.5);
  CHECK(imitation.results[0].series.summaries[3] == 1.0);  // all by imitation
  // new_adopters by channel add up to the change in adopters.
  const auto& channels = imitation.results[0].series.series[1];
  double added = 0;
  for (std::size_t day = 1; day <= 30; ++day) {
    CHECK(channels[2 * day] == 0.0);  // innovation
    added += channels[2 * day + 1];
  }
  CHECK(added == Approx((imitation.share[0][30] - 0.05) * 1000));
}
