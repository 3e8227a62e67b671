#include "commsim/calibrate/distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <utility>

#include "commsim/error.hpp"
#include "commsim/params.hpp"

namespace commsim::calibrate {

namespace {

// Median of sorted values (mean of the middle two for an even count).
double sorted_median(const std::vector<double>& v) {
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

[[noreturn]] void fail(const std::string& target, const std::string& what) {
  throw InputError("calibrate target '" + target + "': " + what);
}

}  // namespace

double robust_scale(std::vector<double> values) {
  std::erase_if(values, [](double x) { return !std::isfinite(x); });
  if (values.empty()) {
    return 0.0;
  }
  std::sort(values.begin(), values.end());
  const double centre = sorted_median(values);
  std::vector<double> deviations(values.size());
  double deviation_sum = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    deviations[i] = std::fabs(values[i] - centre);
    deviation_sum += deviations[i];
  }
  std::sort(deviations.begin(), deviations.end());
  const double mad = sorted_median(deviations);
  if (mad > 0.0) {
    return mad;
  }
  return deviation_sum / static_cast<double>(values.size());
}

Distance::Distance(std::vector<ObservedTarget> observed) : observed_(std::move(observed)) {
  if (observed_.empty()) {
    throw InputError("calibrate: at least one observed target is needed");
  }
  std::set<std::string> names;
  bool any_weight = false;
  offsets_.assign(1, 0);
  for (const auto& t : observed_) {
    if (t.name.empty()) {
      throw InputError("calibrate: an observed target has an empty name");
    }
    if (!names.insert(t.name).second) {
      fail(t.name, "the name is used by two targets");
    }
    if (t.values.empty()) {
      fail(t.name, "observed values are empty");
    }
    bool any_value = false;
    for (std::size_t c = 0; c < t.values.size(); ++c) {
      if (std::isinf(t.values[c])) {
        fail(t.name, "observed value " + std::to_string(c) +
                         " is infinite; use a finite number, or NaN for a missing value");
      }
      any_value = any_value || !std::isnan(t.values[c]);
    }
    if (!any_value) {
      fail(t.name, "every observed value is missing (NaN)");
    }
    if (!std::isfinite(t.weight) || t.weight < 0.0) {
      fail(t.name, "weight must be a finite number >= 0 (got " + format_value(t.weight) + ")");
    }
    any_weight = any_weight || t.weight > 0.0;
    offsets_.push_back(offsets_.back() + t.values.size());
  }
  if (!any_weight) {
    throw InputError("calibrate: every target has weight 0; at least one must be positive");
  }
}

void Distance::check_shape(const SimulatedTargets& simulated) const {
  if (simulated.size() != observed_.size()) {
    throw InputError("calibrate: a simulation returned " + std::to_string(simulated.size()) +
                     " targets, expected " + std::to_string(observed_.size()));
  }
  for (std::size_t t = 0; t < observed_.size(); ++t) {
    if (simulated[t].size() != observed_[t].values.size()) {
      fail(observed_[t].name, "simulated " + std::to_string(simulated[t].size()) +
                                  " values but observed " +
                                  std::to_string(observed_[t].values.size()));
    }
  }
}

std::vector<double> Distance::fit_scales(std::span<const SimulatedTargets> sample) const {
  for (const auto& s : sample) {
    check_shape(s);
  }
  std::vector<double> scales(components());
  std::vector<double> column(sample.size());
  for (std::size_t t = 0; t < observed_.size(); ++t) {
    for (std::size_t c = 0; c < observed_[t].values.size(); ++c) {
      for (std::size_t i = 0; i < sample.size(); ++i) {
        column[i] = sample[i][t][c];
      }
      scales[offsets_[t] + c] = robust_scale(column);
    }
  }
  return scales;
}

void Distance::set_scales(std::vector<double> scales) {
  if (scales.size() != components()) {
    throw InputError("calibrate: " + std::to_string(scales.size()) +
                     " distance scales given, the targets have " + std::to_string(components()) +
                     " components");
  }
  for (double s : scales) {
    if (!std::isfinite(s) || s < 0.0) {
      throw InputError("calibrate: distance scales must be finite and >= 0 (got " +
                       format_value(s) + ")");
    }
  }
  scales_ = std::move(scales);
  used_.assign(observed_.size(), 0);
  for (std::size_t t = 0; t < observed_.size(); ++t) {
    for (std::size_t c = 0; c < observed_[t].values.size(); ++c) {
      if (!std::isnan(observed_[t].values[c]) && scales_[offsets_[t] + c] > 0.0) {
        ++used_[t];
      }
    }
  }
}

double Distance::operator()(const SimulatedTargets& simulated) const {
  if (scales_.empty()) {
    throw Error("calibrate: the distance was used before its scales were set");
  }
  check_shape(simulated);
  double total = 0.0;
  for (std::size_t t = 0; t < observed_.size(); ++t) {
    const ObservedTarget& target = observed_[t];
    if (target.weight == 0.0) {
      continue;
    }
    double sum = 0.0;
    for (std::size_t c = 0; c < target.values.size(); ++c) {
      if (std::isnan(target.values[c])) {
        continue;
      }
      // A missing simulated value is infinitely far, even where the prior
      // sample gave this component no spread to scale by.
      const double x = simulated[t][c];
      if (std::isnan(x)) {
        return std::numeric_limits<double>::infinity();
      }
      const double scale = scales_[offsets_[t] + c];
      if (scale == 0.0) {
        continue;
      }
      const double z = (x - target.values[c]) / scale;
      sum += z * z;
    }
    if (used_[t] > 0) {
      total += target.weight * sum / static_cast<double>(used_[t]);
    }
  }
  return std::sqrt(total);
}

}  // namespace commsim::calibrate
