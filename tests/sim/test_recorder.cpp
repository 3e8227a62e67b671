#include <catch2/catch.hpp>

#include <cmath>

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
