// The ABC distance between simulated and observed targets.
//
// A target is a named vector of numbers: a summary (final adopters) has one
// component, a daily series (posts per day over 181 days) has many. Observed
// values may be NaN where the data has a gap; that component is then skipped.
//
// Scales. Targets come in unrelated units (people, posts per day, shares),
// so each component k is divided by a scale s_k estimated from a
// prior-predictive sample (the simulations of generation 0): the median
// absolute deviation around the median,
//
//   s_k = median_i |x_ik - median_i x_ik|,
//
// over the sample's finite values. This is the scale of Prangle (2017),
// "Adapting the ABC distance function", Bayesian Analysis 12(1):289-309,
// and pyABC's AdaptivePNormDistance default, here fitted once from the prior
// predictive rather than refitted every generation (the history keeps the
// scales of each generation, so refitting can be added without changing
// what a caller stores). MAD is 0 for a component that is constant in more
// than half of the sample (a count that is mostly 0); the fallback is then
// the mean absolute deviation around the median, which is positive as soon
// as one value differs. A component that is constant over the whole sample,
// or has no finite value in it, cannot tell parameter values apart: its
// scale is recorded as 0 and it is left out of the distance, as pyABC does
// with scales of 0.
//
// Distance. With observed y, simulated x, target weights w_t (default 1),
// and C_t the components of target t that are used (observed value not NaN,
// scale positive):
//
//   d(x, y) = sqrt( sum_t w_t * (1 / |C_t|) * sum_{k in C_t} ((x_k - y_k) / s_k)^2 )
//
// a weighted Euclidean distance of the scaled differences in which each
// target's squared differences are averaged over its components, so that a
// 181-day series counts as much as a one-number summary (with equal
// weights). A target with no used component contributes 0. A NaN in a used
// simulated component (a run that could not produce the value) makes the
// distance +infinity, so that candidate is never accepted.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace commsim::calibrate {

struct ObservedTarget {
  std::string name;
  std::vector<double> values;  // NaN marks a missing observation
  double weight = 1.0;         // >= 0
};

// One candidate's simulated targets, in the order of the observed targets,
// each with as many components as its observed counterpart.
using SimulatedTargets = std::vector<std::vector<double>>;

// MAD around the median of the finite values, with the fallbacks described
// above; 0 means "leave this component out". Takes the values by copy
// because it sorts them.
[[nodiscard]] double robust_scale(std::vector<double> values);

class Distance {
 public:
  // Validates the targets: at least one; names non-empty and distinct;
  // values non-empty, each finite or NaN, not all NaN; weights finite and
  // >= 0, at least one positive. Throws InputError naming the target.
  explicit Distance(std::vector<ObservedTarget> observed);

  [[nodiscard]] const std::vector<ObservedTarget>& observed() const { return observed_; }
  // Components over all targets; scales are indexed by target, then
  // component, in this flat order.
  [[nodiscard]] std::size_t components() const { return offsets_.back(); }
  [[nodiscard]] std::size_t offset(std::size_t target) const { return offsets_[target]; }

  // Throws InputError naming the target when simulated has the wrong number
  // of targets or a target the wrong number of components.
  void check_shape(const SimulatedTargets& simulated) const;

  // Scales (flat, components() long) from a prior-predictive sample.
  [[nodiscard]] std::vector<double> fit_scales(std::span<const SimulatedTargets> sample) const;
  // Every scale must be finite and >= 0 (0 leaves the component out).
  void set_scales(std::vector<double> scales);
  [[nodiscard]] const std::vector<double>& scales() const { return scales_; }

  // d(simulated, observed) under the current scales; needs set_scales first.
  [[nodiscard]] double operator()(const SimulatedTargets& simulated) const;

 private:
  std::vector<ObservedTarget> observed_;
  std::vector<std::size_t> offsets_;  // targets + 1 entries
  std::vector<double> scales_;
  std::vector<std::size_t> used_;  // |C_t| under the current scales
};

}  // namespace commsim::calibrate
