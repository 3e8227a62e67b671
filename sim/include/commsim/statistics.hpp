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

// NaN values (runs without a value) are left out.
MeanInterval mean_interval(std::span<const double> values, double confidence = 0.95);

}  // namespace commsim
