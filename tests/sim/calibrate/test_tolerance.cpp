// The tolerance quantile: lower quantile without interpolation, weighted or
// not, ties broken by index.
#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include "commsim/calibrate/tolerance.hpp"
#include "commsim/error.hpp"

using namespace commsim;
using namespace commsim::calibrate;

TEST_CASE("unweighted quantile is the ceil(alpha N)-th smallest", "[calibrate][tolerance]") {
  const std::vector<double> d{5, 1, 4, 2, 3};
  const std::vector<double> w{};
  CHECK(weighted_quantile(d, w, 0.5, QuantileWeighting::Unweighted) == 3);  // ceil 2.5 = 3
  CHECK(weighted_quantile(d, w, 0.2, QuantileWeighting::Unweighted) == 1);
  CHECK(weighted_quantile(d, w, 0.01, QuantileWeighting::Unweighted) == 1);
  CHECK(weighted_quantile(d, w, 1.0, QuantileWeighting::Unweighted) == 5);
  // 0.3 * 10 is 3.0000000000000004 in binary; the 3rd smallest is meant.
  const std::vector<double> ten{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  CHECK(weighted_quantile(ten, w, 0.3, QuantileWeighting::Unweighted) == 3);
}

TEST_CASE("weighted quantile follows the cumulative weight", "[calibrate][tolerance]") {
  const std::vector<double> d{4, 3, 2, 1};
  const std::vector<double> w{0.7, 0.1, 0.1, 0.1};
  CHECK(weighted_quantile(d, w, 0.5) == 4);
  CHECK(weighted_quantile(d, w, 0.3) == 3);  // cumulative 0.1, 0.2, 0.3 reaches 0.3 at 3
  CHECK(weighted_quantile(d, w, 0.1) == 1);
  // Unnormalised weights give the same answer.
  const std::vector<double> w10{7, 1, 1, 1};
  CHECK(weighted_quantile(d, w10, 0.3) == 3);
  // A zero-weight particle is never the answer.
  const std::vector<double> wz{0.5, 0.0, 0.5, 0.0};
  CHECK(weighted_quantile(d, wz, 0.4) == 2);
}

TEST_CASE("infinite distances sort last", "[calibrate][tolerance]") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> d{inf, 1, inf, 2};
  CHECK(weighted_quantile(d, std::vector<double>{}, 0.5, QuantileWeighting::Unweighted) == 2);
  CHECK(weighted_quantile(d, std::vector<double>{}, 0.75, QuantileWeighting::Unweighted) == inf);
}

TEST_CASE("quantile arguments are checked", "[calibrate][tolerance]") {
  CHECK_THROWS_AS(weighted_quantile(std::vector<double>{}, std::vector<double>{}, 0.5), Error);
  CHECK_THROWS_AS(weighted_quantile(std::vector<double>{1}, std::vector<double>{1}, 0.0), Error);
  CHECK_THROWS_AS(weighted_quantile(std::vector<double>{1, 2}, std::vector<double>{1}, 0.5), Error);
  CHECK(stop_reason_name(StopReason::MinAcceptanceRate) == "min_acceptance");
  CHECK(stop_reason_name(StopReason::None) == "none");
}
