#include <catch2/catch.hpp>

#include <cmath>

#include "commsim/error.hpp"
#include "commsim/run/run_codec.hpp"

using namespace commsim;

TEST_CASE("a run survives encoding bit for bit, NaN and snapshots included", "[codec]") {
  RunResult r;
  r.plan = {7, 2, 1, 0xDEADBEEFCAFEULL};
  r.status = RunStatus::Failed;
  r.wall_seconds = 1.25;
  r.setup_seconds = 0.5;
  r.error = "level 2 is too high";
  r.series.series = {{0.0, 0.5, std::nan("")}, {1.0, 2.0}};
  r.series.summaries = {3.5, std::nan("")};
  r.agents.names = {"adopted", "opinion"};
  r.agents.docs = {"1 once adopted", "opinion in [0, 1]"};
  r.agents.values = {std::vector<std::uint8_t>{0, 1, 1}, std::vector<double>{0.25, 0.75}};
  const RunResult back = decode_run(encode_run(r));
  CHECK(back.plan.run == 7);
  CHECK(back.plan.seed == 0xDEADBEEFCAFEULL);
  CHECK(back.status == RunStatus::Failed);
  CHECK(back.wall_seconds == 1.25);
  CHECK(back.setup_seconds == 0.5);
  CHECK(back.error == r.error);
  CHECK(back.series.series[0][1] == 0.5);
  CHECK(std::isnan(back.series.series[0][2]));
  CHECK(std::isnan(back.series.summaries[1]));
  CHECK(back.agents.names == r.agents.names);
  CHECK(back.agents.values == r.agents.values);
}

TEST_CASE("malformed run messages are errors, not crashes", "[codec]") {
  RunResult r;
  r.series.series = {{1.0, 2.0}};
  auto bytes = encode_run(r);
  auto truncated = bytes;
  truncated.resize(bytes.size() - 3);
  CHECK_THROWS_AS(decode_run(truncated), Error);
  auto longer = bytes;
  longer.push_back(0);
  CHECK_THROWS_AS(decode_run(longer), Error);
  CHECK_THROWS_AS(decode_run({}), Error);
}
