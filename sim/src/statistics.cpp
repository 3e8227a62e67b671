#include "commsim/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>

namespace commsim {

void RunningStats::add(double x) {
  if (!std::isfinite(x)) {
    return;
  }
  ++n_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(n_);
  m2_ += delta * (x - mean_);
}

MeanInterval RunningStats::interval(double confidence) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (n_ == 0) {
    return {nan, nan, nan, 0};
  }
  if (n_ < 2) {
    return {mean_, nan, nan, n_};
  }
  const double n = static_cast<double>(n_);
  const double se = std::sqrt(m2_ / (n - 1) / n);
  const boost::math::students_t t(n - 1);
  const double half = boost::math::quantile(t, 0.5 + confidence / 2) * se;
  return {mean_, mean_ - half, mean_ + half, n_};
}

MeanInterval mean_interval(std::span<const double> values, double confidence) {
  RunningStats stats;
  for (double v : values) {
    stats.add(v);
  }
  return stats.interval(confidence);
}

}  // namespace commsim
