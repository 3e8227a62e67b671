// Summaries over replicates: mean with a Student-t 95% confidence interval.
#pragma once

#include <cstddef>
#include <span>

namespace commsim {

struct MeanInterval {
  double mean;
  double low;  // NaN when fewer than two finite values
  double high;
  std::size_t n;  // finite values used
};

// Mean and variance accumulated one value at a time (Welford 1962), so a
// summary over any number of runs takes constant memory. NaN values (runs
// without a value) are left out.
class RunningStats {
 public:
  void add(double x);
  [[nodiscard]] MeanInterval interval(double confidence = 0.95) const;

 private:
  std::size_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;  // sum of squared deviations from the running mean
};

// The same over values at hand.
MeanInterval mean_interval(std::span<const double> values, double confidence = 0.95);

}  // namespace commsim
