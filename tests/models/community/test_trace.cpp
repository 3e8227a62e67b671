// The community model's event trace (models/community/trace.cpp): a traced
// run is the untraced run bit for bit, and the trace holds what the day's
// metrics count: posts seen (after moderation), joins, leaves, and replies
// that answer an earlier post of the same day and group by someone else.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "commsim/event_trace.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "models/community/same_bits.hpp"
#include "models/registry.hpp"

namespace commsim::testing {
namespace {

// The round trip's community (tests/data/roundtrip_community.yaml), 60 days,
// with more spam: members with fit below 0.5 post ads, half of them removed.
Scenario community() {
  return load_scenario(COMMSIM_TEST_DATA_DIR "/roundtrip_community.yaml",
                       {"days=60", "behaviour.spam_fit=0.5"}, models::catalog());
}

std::vector<double> metric(const ModelInfo& model, const RunResult& r, const std::string& name) {
  for (std::size_t m = 0; m < model.metrics.size(); ++m) {
    if (model.metrics[m].name == name) {
      const auto& series = r.series.series[m];
      const std::size_t categories = model.metrics[m].categories();
      std::vector<double> out(series.size() / categories, 0.0);
      for (std::size_t i = 0; i < series.size(); ++i) {
        out[i / categories] += series[i];
      }
      return out;
    }
  }
  FAIL("no metric " << name);
  throw;
}

TEST_CASE("a traced community run is the untraced run, and the trace holds its events",
          "[community][trace]") {
  const Scenario s = community();
  const ModelInfo& model = *find_model(models::catalog(), s.model);
  Experiment experiment(s, model);
  experiment.prepare();
  const RunPlan& plan = experiment.plans().front();
  const RunResult plain = experiment.run(plan);
  EventTrace trace;
  const RunResult traced = experiment.run(plan, &trace);
  REQUIRE(plain.status == RunStatus::Done);
  REQUIRE(traced.status == RunStatus::Done);
  CHECK(same_bits(plain.series.series, traced.series.series));
  CHECK(same_bits({plain.series.summaries}, {traced.series.summaries}));

  const std::size_t days = s.days + 1;
  std::vector<double> posts(days), joins(days), leaves(days), replies(days);
  double seeds = 0;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const std::uint32_t d = trace.day[i];
    REQUIRE(d < days);
    if (i > 0) {
      REQUIRE(trace.day[i - 1] <= d);
    }
    switch (trace.kind[i]) {
      case EventTrace::Kind::Post:
        posts[d] += 1;
        if (trace.reply_to[i] != EventTrace::kNone) {
          const auto t = static_cast<std::size_t>(trace.reply_to[i]);
          replies[d] += 1;
          REQUIRE(t < i);
          CHECK(trace.kind[t] == EventTrace::Kind::Post);
          CHECK(trace.reply_to[t] == EventTrace::kNone);
          CHECK(trace.day[t] == d);
          CHECK(trace.group[t] == trace.group[i]);
          CHECK(trace.person[t] != trace.person[i]);
        }
        break;
      case EventTrace::Kind::Join:
        if (trace.cause[i] == EventTrace::Cause::Created) {
          CHECK(d == 0);
          seeds += 1;
        } else {
          joins[d] += 1;
        }
        break;
      case EventTrace::Kind::Leave:
        leaves[d] += 1;
        break;
    }
  }
  CHECK(seeds == 50);
  const auto removed_ads = metric(model, plain, "ads_removed");
  const auto removed_posts = metric(model, plain, "posts_removed");
  const auto recorded_posts = metric(model, plain, "posts");
  double total_replies = 0;
  double total_leaves = 0;
  double total_removed = 0;
  for (std::size_t d = 0; d < days; ++d) {
    INFO("day " << d);
    CHECK(posts[d] == recorded_posts[d] - removed_ads[d] - removed_posts[d]);
    CHECK(joins[d] == metric(model, plain, "joins")[d]);
    CHECK(leaves[d] == metric(model, plain, "leaves")[d]);
    CHECK(replies[d] == metric(model, plain, "replies")[d]);
    total_replies += replies[d];
    total_leaves += leaves[d];
    total_removed += removed_ads[d];
  }
  // The scenario exercises what it should.
  CHECK(total_replies > 50);
  CHECK(total_leaves > 10);
  CHECK(total_removed > 0);
}

TEST_CASE("a model without chat events leaves the trace empty", "[community][trace]") {
  const Scenario s = parse_scenario(
      "model: bass\nseed: 1\ndays: 5\npopulation: {size: 50, graph: {kind: complete}}\n",
      "test.yaml", {}, models::catalog());
  Experiment experiment(s, *find_model(models::catalog(), s.model));
  experiment.prepare();
  EventTrace trace;
  REQUIRE(experiment.run(experiment.plans().front(), &trace).status == RunStatus::Done);
  CHECK(trace.size() == 0);
}

}  // namespace
}  // namespace commsim::testing
