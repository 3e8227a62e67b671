#include <catch2/catch.hpp>

#include <cmath>

#include "commsim/statistics.hpp"

using namespace commsim;

TEST_CASE("mean_interval uses Student's t and skips NaN", "[statistics]") {
  const std::vector<double> values{1, 2, 3, 4, std::nan("")};
  const MeanInterval mi = mean_interval(values);
  CHECK(mi.n == 4);
  CHECK(mi.mean == Approx(2.5));
  // sd = 1.2910, se = 0.6455, t(0.975, 3) = 3.1824
  CHECK(mi.high - mi.mean == Approx(3.182446 * 0.645497).epsilon(1e-5));
  CHECK(std::isnan(mean_interval(std::vector<double>{5}).low));
  CHECK(mean_interval(std::vector<double>{}).n == 0);
}
