#include <catch2/catch.hpp>

#include "commsim/error.hpp"
#include "commsim/population.hpp"

using namespace commsim;

TEST_CASE("population columns are dense, typed, named and stable", "[population]") {
  Population pop(1000);
  auto trust = pop.add<double>("trust", 0.5, "trust in the organizer");
  auto role = pop.add<std::uint8_t>("role", 2, "role code");
  // Adding columns never moves earlier ones: spans stay valid.
  const double* before = trust.data();
  for (int i = 0; i < 50; ++i) {
    pop.add<std::int32_t>("extra" + std::to_string(i), i, "");
  }
  CHECK(trust.data() == before);
  CHECK(trust.size() == 1000);
  CHECK(trust[999] == 0.5);
  CHECK(role[0] == 2);
  trust[3] = 0.9;
  const auto& columns = pop.columns();
  REQUIRE(columns.size() == 52);
  CHECK(columns[0].name == "trust");
  CHECK(std::get<std::vector<double>>(columns[0].values)[3] == 0.9);
  CHECK_THROWS_AS(pop.add<double>("trust", 0.0, ""), Error);
}

TEST_CASE("swap_values exchanges two columns' values and their views", "[population]") {
  Population pop(3);
  auto now = pop.add<double>("opinion", 0.25, "");
  auto next = pop.add_scratch<double>("opinion_next", 0.0, "");
  next[1] = 0.75;
  const double* now_buffer = now.data();
  pop.swap_values(now, next);
  // The column named "opinion" now holds what was written into the scratch
  // column, and the views follow the buffers.
  CHECK(std::get<std::vector<double>>(pop.columns()[0].values)[1] == 0.75);
  CHECK(now[1] == 0.75);
  CHECK(next[1] == 0.25);
  CHECK(next.data() == now_buffer);
  std::span<double> stray;
  CHECK_THROWS_AS(pop.swap_values(now, stray), Error);
}
