// The community model's default objective and the summaries its rules fix
// (models/community/objective.cpp): the objective is the net result the model
// records, its parts add up to it, and a summary is marked fixed by a rule
// exactly where the model records NaN for it instead of simulating it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include "commsim/objective.hpp"
#include "commsim/run/results_layout.hpp"
#include "models/community/base_scenario.hpp"
#include "support/run_scenario.hpp"

using namespace commsim;
using namespace commsim::testing;

namespace {
const std::string& kBase = kCommunityBase;
}  // namespace

TEST_CASE("the default objective is the recorded net result, in parts that add up to it",
          "[community][objective]") {
  const ModelInfo& model = *find_model(models::catalog(), "community");
  CHECK(model.objective.name == "net_result_total");
  CHECK(model.objective.recorded);
  CHECK(model.objective.direction == Direction::Maximize);
  // Every kind of revenue and cost occurs: fees, sales, refunds, prizes, red
  // packets, meetups and moderation.
  const Runs runs = run_scenario(
      kBase,
      {"community.entry={policy: paid, fee: 20, period_days: 30, refund_days: 10}",
       "community.activities=[{type: lottery, every_days: 7}, {type: group_buy, every_days: 14}, "
       "{type: meetup, every_days: 30}, {type: red_packet, every_days: 5, amount: 30}]",
       "community.moderation={policy: community}", "days=75", "replicates=2"});
  for (std::size_t r = 0; r < runs.results.size(); ++r) {
    double sum = 0;
    for (const ObjectivePart& part : model.objective.parts) {
      INFO("run " << r << ", part " << part.summary);
      CHECK(std::isfinite(runs.summary(r, part.summary)));
      sum += part.sign * runs.summary(r, part.summary);
    }
    const double net = runs.summary(r, "net_result_total");
    CHECK(sum == Approx(net).epsilon(1e-9).margin(1e-6));
    CHECK(runs.summary(r, "costs_total") ==
          Approx(runs.summary(r, "event_costs_total") + runs.summary(r, "moderation_costs_total"))
              .epsilon(1e-12));
  }
}

TEST_CASE("a rule marks retention fixed exactly where the model records NaN for it",
          "[community][objective]") {
  // Paid designs before and after their first renewal, with and without a
  // refund window (one whose members never ask counts as none), and a free one.
  Scenario s = parse_scenario(
      kBase +
          "sweep:\n  points:\n"
          "    - {community.entry: {policy: free}}\n"
          "    - {community.entry: {policy: paid, fee: 5, period_days: 30}}\n"
          "    - {community.entry: {policy: paid, fee: 5, period_days: 90}}\n"
          "    - {community.entry: {policy: paid, fee: 5, period_days: 90, refund_days: 14}}\n"
          "    - {community.entry: {policy: paid, fee: 5, period_days: 90, refund_days: 14, "
          "refund_ask: 0}}\n"
          "    - {community.entry: {policy: paid, fee: 30, period_days: 365}}\n",
      "test.yaml", {"days=100", "replicates=1"}, models::catalog());
  const ModelInfo& model = *find_model(models::catalog(), "community");
  Experiment e(std::move(s), model);
  const ResultsLayout layout = results_layout(e);
  std::vector<RunResult> results(e.plans().size());
  run_all(e, 0, [&](const RunResult& r) {
    INFO(r.error);
    REQUIRE(r.status == RunStatus::Done);
    results.at(r.plan.run) = r;
  });
  const auto summary_index = [&](const std::string& name) {
    for (std::size_t m = 0; m < model.summaries.size(); ++m) {
      if (model.summaries[m].name == name) {
        return m;
      }
    }
    FAIL("no summary " << name);
    return std::size_t{0};
  };
  std::size_t fixed_cells = 0;
  for (const std::uint32_t day : {30U, 90U, 180U}) {
    const std::string name = "retention_" + std::to_string(day);
    const auto v = std::find_if(layout.fixed.begin(), layout.fixed.end(),
                                [&](const Variable& x) { return x.name == name; });
    REQUIRE(v != layout.fixed.end());
    const auto& fixed = std::get<std::vector<double>>(v->values);
    for (std::size_t r = 0; r < results.size(); ++r) {
      const double recorded = results[r].series.summaries[summary_index(name)];
      INFO(name << " at " << e.scenario().point(e.plans()[r].point).design_name << ": recorded "
                << recorded << ", fixed " << fixed[r]);
      if (std::isfinite(fixed[r])) {
        ++fixed_cells;
        CHECK(fixed[r] == 1.0);
        CHECK(std::isnan(recorded));  // the model does not simulate it
      } else if (day <= 100) {
        CHECK(std::isfinite(recorded));  // simulated
      } else {
        CHECK(std::isnan(recorded));  // beyond the horizon: undefined, not fixed
      }
    }
  }
  // Fixed: retention_30 of the monthly design; retention_30 and _90 of the
  // 90-day designs without refunds (2) and of the yearly one.
  CHECK(fixed_cells == 1 + 2 * 2 + 2);
}
