// The ABC distance: MAD scales and their fallbacks, the per-target average
// of components, target weights, missing values, and shape checks.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "commsim/calibrate/distance.hpp"
#include "commsim/error.hpp"

using namespace commsim;
using namespace commsim::calibrate;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("robust scale: MAD, then mean absolute deviation, then 0", "[calibrate][distance]") {
  // median 3, |x - 3| = 2 1 0 1 97, median 1: the outlier does not matter.
  CHECK(robust_scale({1, 2, 3, 4, 100}) == 1.0);
  // Even count: median 2.5, deviations 1.5 0.5 0.5 1.5, median 1.
  CHECK(robust_scale({1, 2, 3, 4}) == 1.0);
  // Mostly zero: MAD 0; mean absolute deviation around the median 0 is 5/5.
  CHECK(robust_scale({0, 0, 0, 0, 5}) == 1.0);
  CHECK(robust_scale({7, 7, 7}) == 0.0);
  CHECK(robust_scale({kNaN, 1, 3, kInf}) == 1.0);
  CHECK(robust_scale({kNaN, kNaN}) == 0.0);
  CHECK(robust_scale({}) == 0.0);
}

TEST_CASE("distance averages each target's components and weights targets",
          "[calibrate][distance]") {
  Distance d({{"final", {10.0}, 1.0}, {"daily", {1.0, 2.0, kNaN, 4.0}, 2.0}});
  CHECK(d.components() == 5);
  d.set_scales({2.0, 1.0, 1.0, 1.0, 0.5});
  // final: ((14 - 10) / 2)^2 = 4; daily: components 0, 1, 3 (2 is missing):
  // (1^2 + 0^2 + (2 / 0.5)^2) / 3 = 17 / 3, weight 2.
  const double expected = std::sqrt(4.0 + 2.0 * 17.0 / 3.0);
  CHECK(d({{14.0}, {2.0, 2.0, 123.0, 6.0}}) == Approx(expected).epsilon(1e-15));
  CHECK(d({{10.0}, {1.0, 2.0, 0.0, 4.0}}) == 0.0);
  // NaN in a used simulated component: never accepted. NaN where the
  // observation is missing: ignored.
  CHECK(d({{kNaN}, {1.0, 2.0, 3.0, 4.0}}) == kInf);
  CHECK(d({{10.0}, {1.0, 2.0, kNaN, 4.0}}) == 0.0);
}

TEST_CASE("a long series counts as much as a one-number summary", "[calibrate][distance]") {
  Distance d({{"summary", {0.0}}, {"series", std::vector<double>(181, 0.0)}});
  d.set_scales(std::vector<double>(182, 1.0));
  // Every component one scale away: each target contributes 1.
  CHECK(d({{1.0}, std::vector<double>(181, 1.0)}) == Approx(std::sqrt(2.0)));
  CHECK(d({{0.0}, std::vector<double>(181, 1.0)}) == Approx(1.0));
}

TEST_CASE("scales are fitted from a prior-predictive sample", "[calibrate][distance]") {
  Distance d({{"a", {0.0}}, {"b", {0.0, 0.0}}});
  std::vector<SimulatedTargets> sample;
  sample.reserve(5);
  for (int i = 0; i < 5; ++i) {
    // a: 0..4 (MAD 1); b[0]: constant (left out); b[1]: 0 0 0 0 10 (fallback 2).
    sample.push_back({{double(i)}, {3.0, i == 4 ? 10.0 : 0.0}});
  }
  const auto scales = d.fit_scales(sample);
  REQUIRE(scales.size() == 3);
  CHECK(scales[0] == 1.0);
  CHECK(scales[1] == 0.0);
  CHECK(scales[2] == 2.0);
  d.set_scales(scales);
  // b[0] is left out, so b is b[1] alone: ((4 - 0) / 2)^2 = 4; a: 3^2 = 9.
  CHECK(d({{3.0}, {7.0, 4.0}}) == Approx(std::sqrt(13.0)));
  // A left-out component is not scored, but a missing simulated value there
  // still rejects the candidate: no spread in the prior is no licence for NaN.
  CHECK(std::isinf(d({{3.0}, {kNaN, 4.0}})));
}

TEST_CASE("a zero-weight target is not read", "[calibrate][distance]") {
  Distance d({{"a", {0.0}, 1.0}, {"b", {0.0}, 0.0}});
  d.set_scales({1.0, 1.0});
  CHECK(d({{2.0}, {kNaN}}) == 2.0);
}

TEST_CASE("bad targets and shapes name the target", "[calibrate][distance]") {
  using Catch::Contains;
  CHECK_THROWS_AS(Distance(std::vector<ObservedTarget>{}), InputError);
  CHECK_THROWS_WITH(Distance({{"a", {1.0}}, {"a", {2.0}}}), Contains("'a'") && Contains("two"));
  CHECK_THROWS_WITH(Distance({ObservedTarget{"a", {}, 1.0}}), Contains("'a'") && Contains("empty"));
  CHECK_THROWS_WITH(Distance({ObservedTarget{"a", {kNaN}, 1.0}}),
                    Contains("'a'") && Contains("missing"));
  CHECK_THROWS_WITH(Distance({ObservedTarget{"a", {kInf}, 1.0}}),
                    Contains("'a'") && Contains("infinite"));
  CHECK_THROWS_WITH(Distance({ObservedTarget{"a", {1.0}, -1.0}}),
                    Contains("'a'") && Contains(">= 0"));
  CHECK_THROWS_WITH(Distance({ObservedTarget{"a", {1.0}, 0.0}}), Contains("weight 0"));
  Distance d({{"final", {1.0}}, {"daily", {1.0, 2.0, 3.0}}});
  d.set_scales({1.0, 1.0, 1.0, 1.0});
  CHECK_THROWS_WITH(d({{1.0}, {1.0, 2.0}}),
                    Contains("'daily'") && Contains("simulated 2 values but observed 3"));
  CHECK_THROWS_WITH(d({{1.0}}), Contains("1 targets, expected 2"));
  CHECK_THROWS_AS(d.set_scales({1.0}), InputError);
  CHECK_THROWS_AS(d.set_scales({1.0, -1.0, 1.0, 1.0}), InputError);
}
