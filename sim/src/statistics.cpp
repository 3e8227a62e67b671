#include "commsim/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>

namespace commsim {

MeanInterval mean_interval(std::span<const double> values, double confidence) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  std::size_t n = 0;
  for (double v : values) {
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  }
  if (n == 0) {
    return {nan, nan, nan, 0};
  }
  const double mean = sum / static_cast<double>(n);
  if (n < 2) {
    return {mean, nan, nan, n};
  }
  double squares = 0;
  for (double v : values) {
    if (std::isfinite(v)) {
      squares += (v - mean) * (v - mean);
    }
  }
  const double se = std::sqrt(squares / static_cast<double>(n - 1) / static_cast<double>(n));
  const boost::math::students_t t(static_cast<double>(n - 1));
  const double half = boost::math::quantile(t, 0.5 + confidence / 2) * se;
  return {mean, mean - half, mean + half, n};
}

}  // namespace commsim
