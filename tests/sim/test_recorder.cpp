#include <catch2/catch.hpp>

#include <cmath>

#include "commsim/error.hpp"
#include "commsim/recorder.hpp"

using namespace commsim;

TEST_CASE("the recorder sizes series from declarations and stores by day and category",
          "[recorder]") {
  const std::vector<MetricDecl> metrics{{"members", "people", "", "", {}},
                                        {"by_role", "people", "", "role", {"a", "b", "c"}}};
  const std::vector<SummaryDecl> summaries{{"final", "people", ""}};
  Recorder r(metrics, summaries, 4);
  REQUIRE(r.data().series[0].size() == 5);
  REQUIRE(r.data().series[1].size() == 15);
  CHECK(std::isnan(r.data().series[0][0]));
  r.record(r.metric("members"), Day{4}, 10.0);
  r.record(r.metric("by_role"), Day{2}, 1, 7.0);
  r.summarize(r.summary("final"), 3.0);
  const RunSeries s = r.take();
  CHECK(s.series[0][4] == 10.0);
  CHECK(s.series[1][2 * 3 + 1] == 7.0);
  CHECK(s.summaries[0] == 3.0);
  CHECK_THROWS(Recorder(metrics, summaries, 1).metric("nope"));
}

TEST_CASE("the recorder fails a day on which a metric was never recorded or recorded twice",
          "[recorder]") {
  const std::vector<MetricDecl> metrics{{"members", "people", "", "", {}},
                                        {"by_role", "people", "", "role", {"a", "b"}}};
  const std::vector<SummaryDecl> summaries{{"final", "people", ""}};
  Recorder r(metrics, summaries, 3);
  const auto record_all = [&](Day day) {
    r.record(r.metric("members"), day, 1.0);
    r.record(r.metric("by_role"), day, 0, 1.0);
    r.record(r.metric("by_role"), day, 1, 1.0);
  };
  record_all(Day{0});
  CHECK_NOTHROW(r.check_day(Day{0}));
  // Day 1: one category of by_role forgotten.
  r.record(r.metric("members"), Day{1}, 1.0);
  r.record(r.metric("by_role"), Day{1}, 0, 1.0);
  CHECK_THROWS_WITH(r.check_day(Day{1}),
                    "metric `by_role` (b) was never recorded on day 1; a model records each "
                    "declared metric once a day");
  // Day 2: members recorded twice.
  record_all(Day{2});
  r.record(r.metric("members"), Day{2}, 2.0);
  CHECK_THROWS_WITH(r.check_day(Day{2}), Catch::Matchers::Contains("`members` was recorded 2 times"));
  CHECK_THROWS_AS(r.check_summaries(), InvariantError);
  r.summarize(r.summary("final"), 1.0);
  CHECK_NOTHROW(r.check_summaries());
  r.summarize(r.summary("final"), 1.0);
  CHECK_THROWS_WITH(r.check_summaries(), Catch::Matchers::Contains("recorded 2 times"));
}
