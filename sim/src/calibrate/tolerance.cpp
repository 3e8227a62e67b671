#include "commsim/calibrate/tolerance.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "commsim/error.hpp"

namespace commsim::calibrate {

double weighted_quantile(std::span<const double> values, std::span<const double> weights,
                         double alpha, QuantileWeighting weighting) {
  const std::size_t n = values.size();
  if (n == 0) {
    throw Error("weighted_quantile: no values");
  }
  if (!(alpha > 0.0 && alpha <= 1.0)) {
    throw Error("weighted_quantile: alpha must lie in (0, 1]");
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  if (weighting == QuantileWeighting::Unweighted) {
    // ceil(alpha n), with a relative allowance so that 0.3 * 10 (which is
    // 3.0000000000000004 in binary) gives 3, not 4.
    const double target = alpha * static_cast<double>(n) * (1.0 - 1e-12);
    auto k = static_cast<std::size_t>(std::ceil(target));
    k = std::clamp<std::size_t>(k, 1, n);
    return values[order[k - 1]];
  }
  if (weights.size() != n) {
    throw Error("weighted_quantile: weights and values differ in length");
  }
  double total = 0.0;
  for (double w : weights) {
    total += w;
  }
  const double target = alpha * total * (1.0 - 1e-12);
  double cumulative = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    cumulative += weights[order[k]];
    if (cumulative >= target) {
      return values[order[k]];
    }
  }
  return values[order[n - 1]];
}

std::string stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::None:
      return "none";
    case StopReason::MaxGenerations:
      return "generations";
    case StopReason::MinTolerance:
      return "min_tolerance";
    case StopReason::SimulationBudget:
      return "max_simulations";
    case StopReason::MinAcceptanceRate:
      return "min_acceptance";
  }
  return "unknown";
}

}  // namespace commsim::calibrate
