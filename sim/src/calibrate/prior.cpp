#include "commsim/calibrate/prior.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "commsim/calibrate/gaussian.hpp"
#include "commsim/distributions.hpp"
#include "commsim/error.hpp"
#include "commsim/params.hpp"

namespace commsim::calibrate {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kLogSqrt2Pi = 0.91893853320467274178;
// Whole numbers beyond 2^53 are not all representable as doubles.
constexpr std::int64_t kMaxWhole = std::int64_t{1} << 53;

std::string num(double x) {
  return format_value(x);
}

[[noreturn]] void fail(const std::string& name, const std::string& what) {
  throw InputError("calibrate parameter '" + name + "': " + what);
}

void require_finite(const std::string& name, const char* family, const char* key, double x) {
  if (!std::isfinite(x)) {
    fail(name, std::string(family) + " prior needs a finite " + key + " (got " + num(x) + ")");
  }
}

bool is_whole(double x) {
  return std::isfinite(x) && std::floor(x) == x;
}

// phi(z) and z phi(z), zero at infinite z.
double phi_or_zero(double z) {
  return std::isinf(z) ? 0.0 : std::exp(std_normal_log_pdf(z));
}
double z_phi_or_zero(double z) {
  return std::isinf(z) ? 0.0 : z * std::exp(std_normal_log_pdf(z));
}

}  // namespace

std::string prior_kind_name(PriorKind kind) {
  switch (kind) {
    case PriorKind::Uniform:
      return "uniform";
    case PriorKind::LogUniform:
      return "log_uniform";
    case PriorKind::Normal:
      return "normal";
    case PriorKind::TruncatedNormal:
      return "truncated_normal";
    case PriorKind::Integer:
      return "integer";
    case PriorKind::Categorical:
      return "categorical";
  }
  return "unknown";
}

Prior Prior::uniform(std::string name, double lo, double hi) {
  require_finite(name, "uniform", "lo", lo);
  require_finite(name, "uniform", "hi", hi);
  if (!(lo < hi)) {
    fail(name, "uniform prior needs lo < hi (got lo = " + num(lo) + ", hi = " + num(hi) + ")");
  }
  Prior p(std::move(name), PriorKind::Uniform);
  p.a_ = lo;
  p.b_ = hi;
  p.lo_ = lo;
  p.hi_ = hi;
  p.log_norm_ = -std::log(hi - lo);
  return p;
}

Prior Prior::log_uniform(std::string name, double lo, double hi) {
  require_finite(name, "log_uniform", "lo", lo);
  require_finite(name, "log_uniform", "hi", hi);
  if (!(lo > 0.0)) {
    fail(name, "log_uniform prior needs lo > 0 (got lo = " + num(lo) + ")");
  }
  if (!(lo < hi)) {
    fail(name, "log_uniform prior needs lo < hi (got lo = " + num(lo) + ", hi = " + num(hi) + ")");
  }
  Prior p(std::move(name), PriorKind::LogUniform);
  p.a_ = std::log(lo);
  p.b_ = std::log(hi);
  p.lo_ = lo;
  p.hi_ = hi;
  p.log_norm_ = -std::log(p.b_ - p.a_);
  return p;
}

Prior Prior::normal(std::string name, double mean, double sd) {
  require_finite(name, "normal", "mean", mean);
  require_finite(name, "normal", "sd", sd);
  if (!(sd > 0.0)) {
    fail(name, "normal prior needs sd > 0 (got sd = " + num(sd) + ")");
  }
  Prior p(std::move(name), PriorKind::Normal);
  p.a_ = mean;
  p.b_ = sd;
  p.lo_ = -kInf;
  p.hi_ = kInf;
  p.log_norm_ = -std::log(sd) - kLogSqrt2Pi;
  return p;
}

Prior Prior::truncated_normal(std::string name, double mean, double sd, double lo, double hi) {
  require_finite(name, "truncated_normal", "mean", mean);
  require_finite(name, "truncated_normal", "sd", sd);
  if (!(sd > 0.0)) {
    fail(name, "truncated_normal prior needs sd > 0 (got sd = " + num(sd) + ")");
  }
  if (std::isnan(lo) || std::isnan(hi) || !(lo < hi)) {
    fail(name,
         "truncated_normal prior needs lo < hi (got lo = " + num(lo) + ", hi = " + num(hi) + ")");
  }
  Prior p(std::move(name), PriorKind::TruncatedNormal);
  p.a_ = mean;
  p.b_ = sd;
  p.lo_ = lo;
  p.hi_ = hi;
  double alpha = (lo - mean) / sd;
  double beta = (hi - mean) / sd;
  // Both bounds above the mean: work with the mirror image, whose CDF values
  // are small and therefore precise.
  p.mirrored_ = alpha > 0.0;
  if (p.mirrored_) {
    const double t = alpha;
    alpha = -beta;
    beta = -t;
  }
  p.cdf_lo_ = std_normal_cdf(alpha);
  p.cdf_mass_ = std_normal_interval_mass(alpha, beta);
  if (!(p.cdf_mass_ > 1e-300)) {
    fail(p.name_, "truncated_normal prior: [" + num(lo) + ", " + num(hi) +
                      "] holds no probability under normal(" + num(mean) + ", " + num(sd) +
                      "); move the bounds or the mean");
  }
  p.log_norm_ = -std::log(sd) - kLogSqrt2Pi - std::log(p.cdf_mass_);
  return p;
}

Prior Prior::integer(std::string name, std::int64_t lo, std::int64_t hi) {
  if (lo < -kMaxWhole || hi > kMaxWhole) {
    fail(name, "integer prior bounds must lie within +-2^53 (got lo = " + std::to_string(lo) +
                   ", hi = " + std::to_string(hi) + ")");
  }
  if (!(lo < hi)) {
    fail(name, "integer prior needs lo < hi (got lo = " + std::to_string(lo) +
                   ", hi = " + std::to_string(hi) + ")");
  }
  // uniform_index draws from at most 2^32 - 1 values.
  if (hi - lo >= std::int64_t{0xFFFFFFFF}) {
    fail(name, "integer prior allows at most 2^32 - 1 values (got lo = " + std::to_string(lo) +
                   ", hi = " + std::to_string(hi) + ")");
  }
  Prior p(std::move(name), PriorKind::Integer);
  p.lo_ = static_cast<double>(lo);
  p.hi_ = static_cast<double>(hi);
  p.log_norm_ = -std::log(static_cast<double>(hi - lo + 1));
  return p;
}

Prior Prior::categorical(std::string name, std::vector<std::string> choices,
                         std::vector<double> probabilities) {
  if (choices.empty()) {
    fail(name, "categorical prior needs at least one choice");
  }
  if (choices.size() >= 0xFFFFFFFFU) {
    fail(name, "categorical prior allows at most 2^32 - 2 choices");
  }
  std::set<std::string> seen;
  for (const auto& c : choices) {
    if (!seen.insert(c).second) {
      fail(name, "categorical prior lists the choice '" + c + "' twice");
    }
  }
  const std::size_t k = choices.size();
  if (probabilities.empty()) {
    probabilities.assign(k, 1.0 / static_cast<double>(k));
  }
  if (probabilities.size() != k) {
    fail(name, "categorical prior has " + std::to_string(k) + " choices but " +
                   std::to_string(probabilities.size()) + " probabilities");
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    if (!std::isfinite(probabilities[i]) || probabilities[i] < 0.0) {
      fail(name, "categorical prior probability of '" + choices[i] +
                     "' must be a number in [0, 1] (got " + num(probabilities[i]) + ")");
    }
    sum += probabilities[i];
  }
  if (std::fabs(sum - 1.0) > 1e-9) {
    fail(name, "categorical prior probabilities must sum to 1 (got " + num(sum) + ")");
  }
  Prior p(std::move(name), PriorKind::Categorical);
  p.lo_ = 0.0;
  p.hi_ = static_cast<double>(k - 1);
  p.choices_ = std::move(choices);
  p.probabilities_.resize(k);
  p.cumulative_.resize(k);
  double running = 0.0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < k; ++i) {
    p.probabilities_[i] = probabilities[i] / sum;
    running += p.probabilities_[i];
    p.cumulative_[i] = running;
    if (p.probabilities_[i] > 0.0) {
      last_positive = i;
    }
  }
  // From the last choice with positive probability on, the cumulative sum is
  // exactly 1, so inversion can neither fall off the end nor land on a
  // trailing choice of probability zero.
  for (std::size_t i = last_positive; i < k; ++i) {
    p.cumulative_[i] = 1.0;
  }
  return p;
}

bool Prior::in_support(double x) const {
  switch (kind_) {
    case PriorKind::Uniform:
    case PriorKind::LogUniform:
      return x >= lo_ && x <= hi_;
    case PriorKind::TruncatedNormal:
      return std::isfinite(x) && x >= lo_ && x <= hi_;
    case PriorKind::Normal:
      return std::isfinite(x);
    case PriorKind::Integer:
      return is_whole(x) && x >= lo_ && x <= hi_;
    case PriorKind::Categorical:
      return is_whole(x) && x >= 0.0 && x <= hi_ &&
             probabilities_[static_cast<std::size_t>(x)] > 0.0;
  }
  return false;
}

double Prior::log_density(double x) const {
  if (!in_support(x)) {
    return -kInf;
  }
  switch (kind_) {
    case PriorKind::Uniform:
    case PriorKind::Integer:
      return log_norm_;
    case PriorKind::LogUniform:
      return log_norm_ - std::log(x);
    case PriorKind::Normal:
    case PriorKind::TruncatedNormal: {
      const double z = (x - a_) / b_;
      return log_norm_ - 0.5 * z * z;
    }
    case PriorKind::Categorical:
      return std::log(probabilities_[static_cast<std::size_t>(x)]);
  }
  return -kInf;
}

double Prior::sample(RandomStream& rng) const {
  switch (kind_) {
    case PriorKind::Uniform:
      return commsim::uniform(rng, lo_, hi_);
    case PriorKind::LogUniform:
      return std::clamp(std::exp(commsim::uniform(rng, a_, b_)), lo_, hi_);
    case PriorKind::Normal:
      return commsim::normal(rng, a_, b_);
    case PriorKind::TruncatedNormal: {
      // The midpoint of the 53-bit grid keeps u inside (0, 1), so the
      // quantile stays finite even with an infinite bound.
      const double u = uniform01(rng) + 0x1p-54;
      double p = cdf_lo_ + u * cdf_mass_;
      p = std::clamp(p, std::numeric_limits<double>::min(), 1.0 - 0x1p-53);
      double z = std_normal_quantile(p);
      if (mirrored_) {
        z = -z;
      }
      return std::clamp(a_ + b_ * z, lo_, hi_);
    }
    case PriorKind::Integer: {
      const auto n = static_cast<std::uint32_t>(hi_ - lo_ + 1.0);
      return lo_ + static_cast<double>(uniform_index(rng, n));
    }
    case PriorKind::Categorical: {
      const double u = uniform01(rng);
      const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
      return static_cast<double>(it - cumulative_.begin());
    }
  }
  return 0.0;
}

double Prior::mean() const {
  switch (kind_) {
    case PriorKind::Uniform:
    case PriorKind::Integer:
      return 0.5 * (lo_ + hi_);
    case PriorKind::LogUniform:
      return (hi_ - lo_) / (b_ - a_);
    case PriorKind::Normal:
      return a_;
    case PriorKind::TruncatedNormal: {
      const double alpha = (lo_ - a_) / b_;
      const double beta = (hi_ - a_) / b_;
      return a_ + b_ * (phi_or_zero(alpha) - phi_or_zero(beta)) / cdf_mass_;
    }
    case PriorKind::Categorical: {
      double m = 0.0;
      for (std::size_t i = 0; i < probabilities_.size(); ++i) {
        m += static_cast<double>(i) * probabilities_[i];
      }
      return m;
    }
  }
  return 0.0;
}

double Prior::sd() const {
  switch (kind_) {
    case PriorKind::Uniform:
      return (hi_ - lo_) / std::sqrt(12.0);
    case PriorKind::Integer: {
      const double n = hi_ - lo_ + 1.0;
      return std::sqrt((n * n - 1.0) / 12.0);
    }
    case PriorKind::LogUniform: {
      const double m = mean();
      const double second = (hi_ * hi_ - lo_ * lo_) / (2.0 * (b_ - a_));
      return std::sqrt(second - m * m);
    }
    case PriorKind::Normal:
      return b_;
    case PriorKind::TruncatedNormal: {
      const double alpha = (lo_ - a_) / b_;
      const double beta = (hi_ - a_) / b_;
      const double shift = (phi_or_zero(alpha) - phi_or_zero(beta)) / cdf_mass_;
      const double spread = (z_phi_or_zero(alpha) - z_phi_or_zero(beta)) / cdf_mass_;
      return b_ * std::sqrt(1.0 + spread - shift * shift);
    }
    case PriorKind::Categorical: {
      const double m = mean();
      double v = 0.0;
      for (std::size_t i = 0; i < probabilities_.size(); ++i) {
        const double d = static_cast<double>(i) - m;
        v += d * d * probabilities_[i];
      }
      return std::sqrt(v);
    }
  }
  return 0.0;
}

KernelScale Prior::kernel_scale() const {
  return kind_ == PriorKind::LogUniform ? KernelScale::Log : KernelScale::Identity;
}

double Prior::to_kernel(double x) const {
  return kernel_scale() == KernelScale::Log ? std::log(x) : x;
}

double Prior::from_kernel(double u) const {
  if (kernel_scale() == KernelScale::Log) {
    // exp(log(hi)) can exceed hi by an ulp; a value inside the support on
    // the log scale stays inside on the natural one.
    const double x = std::exp(u);
    return u >= a_ && u <= b_ ? std::clamp(x, lo_, hi_) : x;
  }
  return u;
}

double Prior::kernel_log_density(double x) const {
  const double d = log_density(x);
  // x = exp(u): |dx/du| = x.
  return kernel_scale() == KernelScale::Log && d > -kInf ? d + std::log(x) : d;
}

std::string Prior::describe() const {
  std::string kind = prior_kind_name(kind_);
  switch (kind_) {
    case PriorKind::Uniform:
    case PriorKind::LogUniform:
    case PriorKind::Integer:
      return kind + "(" + num(lo_) + ", " + num(hi_) + ")";
    case PriorKind::Normal:
      return kind + "(" + num(a_) + ", " + num(b_) + ")";
    case PriorKind::TruncatedNormal:
      return kind + "(" + num(a_) + ", " + num(b_) + ", " + num(lo_) + ", " + num(hi_) + ")";
    case PriorKind::Categorical: {
      std::string s = kind + "(";
      for (std::size_t i = 0; i < choices_.size(); ++i) {
        s += (i == 0 ? "" : ", ") + choices_[i] + ": " + num(probabilities_[i]);
      }
      return s + ")";
    }
  }
  return kind;
}

}  // namespace commsim::calibrate
