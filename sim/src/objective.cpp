#include "commsim/objective.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace commsim {

std::string to_string(Direction direction) {
  return direction == Direction::Maximize ? "maximize" : "minimize";
}

std::string Constraint::text() const {
  return summary + (at_least ? " >= " : " <= ") + format_value(bound);
}

std::string Objective::text() const {
  std::string out = to_string(direction) + " " + name;
  if (!parts.empty()) {
    out += " = ";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const bool minus = parts[i].sign < 0;
      out += i == 0 ? (minus ? "-" : "") : (minus ? " - " : " + ");
      out += parts[i].summary;
    }
  }
  return out;
}

Objective declare_objective(std::string name, Direction direction, std::vector<ObjectivePart> parts,
                            std::vector<std::string> explain, bool recorded) {
  Objective o;
  o.name = std::move(name);
  o.direction = direction;
  o.parts = std::move(parts);
  o.explain = std::move(explain);
  o.recorded = recorded;
  return o;
}

std::vector<std::string> Objective::inputs() const {
  std::vector<std::string> out;
  if (recorded) {
    out.push_back(name);
  } else {
    for (const auto& p : parts) {
      out.push_back(p.summary);
    }
  }
  for (const auto& c : constraints) {
    out.push_back(c.summary);
  }
  return out;
}

double student_t_upper(double t, double df) {
  if (std::isinf(t)) {
    return t > 0 ? 0.0 : 1.0;
  }
  const boost::math::students_t dist(df);
  return boost::math::cdf(boost::math::complement(dist, t));
}

namespace {

struct Moments {
  double mean = std::numeric_limits<double>::quiet_NaN();
  double var = std::numeric_limits<double>::quiet_NaN();  // sample variance (n - 1)
  std::size_t n = 0;
};

Moments moments(const std::vector<double>& x) {
  Moments m;
  double sum = 0;
  for (double v : x) {
    sum += v;
  }
  m.n = x.size();
  if (m.n == 0) {
    return m;
  }
  m.mean = sum / static_cast<double>(m.n);
  if (m.n > 1) {
    double ss = 0;
    for (double v : x) {
      ss += (v - m.mean) * (v - m.mean);
    }
    m.var = ss / static_cast<double>(m.n - 1);
  }
  return m;
}

// Posterior P(mu < 0) of a mean under the noninformative normal model:
// mu = mean + se T with T ~ t(df). An exact tie (no spread, mean 0) is 1/2;
// fewer than two values cannot tell (1).
double p_negative(double mean, double se, double df) {
  if (!(df >= 1) || !std::isfinite(mean)) {
    return 1.0;
  }
  if (se == 0) {
    return mean > 0 ? 0.0 : (mean == 0 ? 0.5 : 1.0);
  }
  return student_t_upper(mean / se, df);
}

// The same for a constraint: the posterior probability that the mean of x
// (the value minus the bound, signed so that >= 0 meets it) is below 0;
// without spread the mean decides (a value on the bound meets it).
double p_violates(const Moments& m) {
  if (m.n == 0) {
    return 1.0;
  }
  if (m.n > 1 && m.var == 0) {
    return m.mean >= 0 ? 0.0 : 1.0;
  }
  return p_negative(m.mean, std::sqrt(m.var / static_cast<double>(m.n)),
                    static_cast<double>(m.n) - 1);
}

bool any_finite(const std::vector<double>& x) {
  return std::any_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); });
}

double at(const std::vector<double>& x, std::size_t r) {
  return r < x.size() ? x[r] : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

Settlement settle(const std::vector<DesignValues>& designs, const Objective& objective,
                  bool paired) {
  Settlement out;
  const std::size_t count = designs.size();
  const std::size_t constraints = objective.constraints.size();
  const double sign = objective.direction == Direction::Maximize ? 1.0 : -1.0;

  // Which columns carry values at all: an objective fixed by a rule or never
  // defined is not compared; a constraint never defined cannot be met.
  std::vector<bool> compared(count);
  std::vector<std::vector<bool>> checkable(count, std::vector<bool>(constraints));
  std::size_t replicates = 0;
  for (std::size_t d = 0; d < count; ++d) {
    compared[d] = !designs[d].objective_fixed && any_finite(designs[d].objective);
    replicates = std::max(replicates, designs[d].objective.size());
    for (std::size_t c = 0; c < constraints; ++c) {
      checkable[d][c] = any_finite(designs[d].constraints.at(c));
      replicates = std::max(replicates, designs[d].constraints[c].size());
    }
  }
  // The replicates each design's figures use: with common random numbers the
  // replicates complete in every design (so that differences pair up), else
  // each design's own complete replicates.
  const auto complete = [&](std::size_t d, std::size_t r) {
    if (compared[d] && !std::isfinite(at(designs[d].objective, r))) {
      return false;
    }
    for (std::size_t c = 0; c < constraints; ++c) {
      if (checkable[d][c] && !std::isfinite(at(designs[d].constraints[c], r))) {
        return false;
      }
    }
    return true;
  };
  std::vector<std::vector<std::size_t>> rows(count);
  for (std::size_t r = 0; r < replicates; ++r) {
    bool all = true;
    for (std::size_t d = 0; d < count && paired; ++d) {
      all = all && complete(d, r);
    }
    for (std::size_t d = 0; d < count; ++d) {
      if (paired ? all : complete(d, r)) {
        rows[d].push_back(r);
      }
    }
  }
  const auto column = [&](const std::vector<double>& x, std::size_t d, double shift, double s) {
    std::vector<double> v;
    for (std::size_t r : rows[d]) {
      v.push_back(s * (x[r] - shift));
    }
    return v;
  };

  // Means, and the probability that each constraint is violated.
  std::vector<double> mean(count, std::numeric_limits<double>::quiet_NaN());
  std::vector<double> p_feasible(count, 1.0);
  std::vector<double> p_violation_sum(count, 0.0);
  std::vector<bool> meets(count, true);
  std::size_t fewest = std::numeric_limits<std::size_t>::max();
  for (std::size_t d = 0; d < count; ++d) {
    if (compared[d]) {
      mean[d] = moments(column(designs[d].objective, d, 0, 1)).mean;
      fewest = std::min(fewest, rows[d].size());
    }
    for (std::size_t c = 0; c < constraints; ++c) {
      const Constraint& k = objective.constraints[c];
      double p = 1.0;
      if (checkable[d][c]) {
        const Moments m =
            moments(column(designs[d].constraints[c], d, k.bound, k.at_least ? 1 : -1));
        p = p_violates(m);
        meets[d] = meets[d] && m.n > 0 && m.mean >= 0;
      } else {
        meets[d] = false;
      }
      p_violation_sum[d] += p;
      p_feasible[d] = std::min(p_feasible[d], 1.0 - p);
    }
  }
  out.replicates = paired ? (count > 0 ? rows[0].size() : 0)
                          : (fewest == std::numeric_limits<std::size_t>::max() ? 0 : fewest);

  for (std::size_t d = 0; d < count; ++d) {
    if (compared[d] && meets[d] &&
        (out.leader < 0 || sign * (mean[d] - mean[static_cast<std::size_t>(out.leader)]) > 0)) {
      out.leader = static_cast<std::ptrdiff_t>(d);
    }
  }
  double bound = 0;
  if (out.leader < 0) {
    // No design meets the constraints on average: settled when none is
    // likely to.
    for (std::size_t d = 0; d < count; ++d) {
      bound += compared[d] ? p_feasible[d] : 0.0;
    }
  } else {
    const auto l = static_cast<std::size_t>(out.leader);
    bound = p_violation_sum[l];
    const Moments ml = moments(column(designs[l].objective, l, 0, sign));
    for (std::size_t d = 0; d < count; ++d) {
      if (d == l || !compared[d]) {
        continue;
      }
      double p_beats = 1.0;
      if (paired) {
        std::vector<double> diff;
        for (std::size_t r : rows[l]) {
          diff.push_back(sign * (designs[l].objective[r] - designs[d].objective[r]));
        }
        const Moments m = moments(diff);
        p_beats = m.n < 2 ? 1.0
                          : p_negative(m.mean, std::sqrt(m.var / static_cast<double>(m.n)),
                                       static_cast<double>(m.n) - 1);
      } else {
        const Moments md = moments(column(designs[d].objective, d, 0, sign));
        if (ml.n >= 2 && md.n >= 2) {
          const double a = ml.var / static_cast<double>(ml.n);
          const double b = md.var / static_cast<double>(md.n);
          const double se = std::sqrt(a + b);
          const double df = se == 0 ? 1.0
                                    : (a + b) * (a + b) /
                                          (a * a / static_cast<double>(ml.n - 1) +
                                           b * b / static_cast<double>(md.n - 1));
          p_beats = p_negative(ml.mean - md.mean, se, df);
        }
      }
      bound += std::min(p_beats, p_feasible[d]);
    }
  }
  out.bound = std::min(bound, 1.0);
  out.settled = out.bound <= 1.0 - objective.confidence;
  return out;
}

}  // namespace commsim
