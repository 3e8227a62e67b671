#include "commsim/calibrate/gaussian.hpp"

#include <boost/math/special_functions/erf.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <utility>

#include "commsim/distributions.hpp"
#include "commsim/error.hpp"
#include "commsim/params.hpp"

namespace commsim::calibrate {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSqrtHalf = 0.70710678118654752440;

// P(Z > z).
double upper_tail(double z) {
  return 0.5 * std::erfc(z * kSqrtHalf);
}

bool try_cholesky(std::span<const double> a, std::size_t n, double jitter, std::vector<double>& l) {
  l.assign(n * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    double pivot = a[j * n + j] + jitter;
    for (std::size_t k = 0; k < j; ++k) {
      pivot -= l[j * n + k] * l[j * n + k];
    }
    // !(pivot > 0) also catches NaN.
    if (!(pivot > 0.0)) {
      return false;
    }
    const double d = std::sqrt(pivot);
    l[j * n + j] = d;
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k) {
        s -= l[i * n + k] * l[j * n + k];
      }
      l[i * n + j] = s / d;
    }
  }
  return true;
}

}  // namespace

double std_normal_log_pdf(double z) {
  // log(1 / sqrt(2 pi))
  constexpr double kLogNorm = -0.91893853320467274178;
  return kLogNorm - 0.5 * z * z;
}

double std_normal_cdf(double z) {
  return 0.5 * std::erfc(-z * kSqrtHalf);
}

double std_normal_quantile(double p) {
  if (p <= 0.0) {
    return -kInf;
  }
  if (p >= 1.0) {
    return kInf;
  }
  // erfc_inv(2p) is precise for small p, which is where the lower tail needs
  // it; for p > 1/2 the symmetric form keeps the upper tail as precise as p
  // itself allows.
  if (p <= 0.5) {
    return -std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * p);
  }
  return std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * (1.0 - p));
}

double std_normal_interval_mass(double a, double b) {
  if (!(a < b)) {
    return 0.0;
  }
  if (a >= 0.0) {
    return upper_tail(a) - upper_tail(b);
  }
  if (b <= 0.0) {
    return std_normal_cdf(b) - std_normal_cdf(a);
  }
  return 1.0 - std_normal_cdf(a) - upper_tail(b);
}

Cholesky cholesky_with_jitter(std::span<const double> matrix, std::size_t n) {
  Cholesky out;
  out.n = n;
  if (matrix.size() != n * n) {
    throw Error("cholesky_with_jitter: matrix has " + std::to_string(matrix.size()) +
                " entries, expected " + std::to_string(n * n));
  }
  double mean_diag = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    mean_diag += matrix[i * n + i];
  }
  mean_diag = n == 0 ? 0.0 : mean_diag / static_cast<double>(n);
  const double base = mean_diag > 0.0 ? mean_diag : 1.0;
  constexpr int kRetries = 9;
  double jitter = 0.0;
  for (int attempt = 0; attempt <= kRetries; ++attempt) {
    if (try_cholesky(matrix, n, jitter, out.lower)) {
      out.jitter = jitter;
      out.log_det = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        out.log_det += 2.0 * std::log(out.lower[i * n + i]);
      }
      return out;
    }
    jitter = jitter == 0.0 ? 1e-10 * base : jitter * 10.0;
  }
  throw Error("covariance matrix is not positive definite even with " +
              format_value(jitter / 10.0) +
              " added to its diagonal (it has a negative variance or a NaN entry)");
}

MultivariateNormal::MultivariateNormal(std::vector<double> mean, std::span<const double> covariance)
    : mean_(std::move(mean)), factor_(cholesky_with_jitter(covariance, mean_.size())) {}

void MultivariateNormal::sample(RandomStream& rng, std::span<double> out) const {
  sample_around(mean_, rng, out);
}

void MultivariateNormal::sample_around(std::span<const double> centre, RandomStream& rng,
                                       std::span<double> out) const {
  const std::size_t n = dims();
  // z first, then L z: every z is drawn before any is used, so the word
  // order is simply one normal per dimension.
  std::vector<double> z(n);
  for (double& v : z) {
    v = normal(rng);
  }
  for (std::size_t i = 0; i < n; ++i) {
    double s = centre[i];
    for (std::size_t k = 0; k <= i; ++k) {
      s += factor_.lower[i * n + k] * z[k];
    }
    out[i] = s;
  }
}

double MultivariateNormal::log_density(std::span<const double> x) const {
  return log_density_around(mean_, x);
}

double MultivariateNormal::log_density_around(std::span<const double> centre,
                                              std::span<const double> x) const {
  const std::size_t n = dims();
  // Solve L y = x - centre by forward substitution; the quadratic form is
  // |y|^2. The mixture density of a candidate calls this once per parent,
  // so small dimensions use a buffer on the stack.
  double quad = 0.0;
  std::array<double, 16> small{};
  std::vector<double> large(n > small.size() ? n : 0);
  const std::span<double> y =
      n > small.size() ? std::span<double>(large) : std::span<double>(small).first(n);
  for (std::size_t i = 0; i < n; ++i) {
    double s = x[i] - centre[i];
    for (std::size_t k = 0; k < i; ++k) {
      s -= factor_.lower[i * n + k] * y[k];
    }
    y[i] = s / factor_.lower[i * n + i];
    quad += y[i] * y[i];
  }
  constexpr double kLog2Pi = 1.83787706640934548356;
  return -0.5 * (static_cast<double>(n) * kLog2Pi + factor_.log_det + quad);
}

}  // namespace commsim::calibrate
