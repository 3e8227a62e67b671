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

TEST_CASE("running statistics match the values at hand without keeping them", "[statistics]") {
  RunningStats running;
  std::vector<double> values;
  for (int i = 0; i < 1000; ++i) {
    const double x = std::sin(i * 0.37) * 1e3 + 5e6;  // a large offset tests stability
    running.add(x);
    values.push_back(x);
  }
  running.add(std::nan(""));
  const MeanInterval a = running.interval();
  double mean = 0;
  for (double v : values) {
    mean += v / 1000;
  }
  double ss = 0;
  for (double v : values) {
    ss += (v - mean) * (v - mean);
  }
  CHECK(a.n == 1000);
  CHECK(a.mean == Approx(mean).epsilon(1e-14));
  CHECK(a.high - a.mean == Approx(1.962341 * std::sqrt(ss / 999 / 1000)).epsilon(1e-5));
}
