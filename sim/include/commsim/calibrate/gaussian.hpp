// Normal-distribution arithmetic for calibration: the standard normal's
// density, CDF, quantile and interval mass, and a multivariate normal held
// through its Cholesky factor.
//
// The CDF and interval mass use erfc on whichever tail keeps relative
// precision (the lower tail Phi(z) = erfc(-z / sqrt 2) / 2 for z < 0, the
// upper tail Q(z) = erfc(z / sqrt 2) / 2 for z > 0), so a truncated-normal
// prior 8 sd from its mean or an integer step far from its parent keeps its
// digits. The quantile is Boost.Math's erfc_inv.
//
// Cholesky factorisation follows the textbook column algorithm (Golub and
// Van Loan, Matrix Computations, 4th ed., Alg. 4.2.1). Kernel covariances in
// ABC-SMC are estimated from a few hundred particles and can be singular or
// nearly so: a parameter the population has pinned down, or an OLCM built
// from one or two close particles (kernel.hpp). When the factorisation meets
// a pivot that is not positive, the matrix is retried with a jitter added to
// its diagonal: 1e-10 times the mean diagonal entry (or 1e-10 when the
// diagonal is all zero), multiplied by 10 on each retry, at most 9 retries
// (so at most 1 % of the mean variance). The jitter used is recorded. A
// matrix that still fails (a NaN entry, a negative variance) throws
// commsim::Error.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "commsim/rng.hpp"

namespace commsim::calibrate {

// log of the standard normal density.
[[nodiscard]] double std_normal_log_pdf(double z);
// P(Z <= z).
[[nodiscard]] double std_normal_cdf(double z);
// z with P(Z <= z) = p, for p in (0, 1); -inf at 0 and +inf at 1.
[[nodiscard]] double std_normal_quantile(double p);
// P(a <= Z <= b) for a <= b (either may be infinite), precise in both tails.
[[nodiscard]] double std_normal_interval_mass(double a, double b);

// The lower-triangular L with L L^T = matrix + jitter I, row-major n x n.
struct Cholesky {
  std::size_t n = 0;
  std::vector<double> lower;
  double jitter = 0.0;   // added to the diagonal; 0 when none was needed
  double log_det = 0.0;  // log det (matrix + jitter I) = 2 sum log L_ii
};

// matrix: symmetric, row-major n x n (only the lower triangle is read).
[[nodiscard]] Cholesky cholesky_with_jitter(std::span<const double> matrix, std::size_t n);

// N(mean, covariance) through the Cholesky factor of the covariance.
class MultivariateNormal {
 public:
  MultivariateNormal() = default;
  MultivariateNormal(std::vector<double> mean, std::span<const double> covariance);

  [[nodiscard]] std::size_t dims() const { return mean_.size(); }
  [[nodiscard]] const std::vector<double>& mean() const { return mean_; }
  [[nodiscard]] const Cholesky& factor() const { return factor_; }

  // mean + L z with z standard normal, one commsim::normal draw (four words)
  // per dimension, in dimension order. Writes dims() values to out.
  void sample(RandomStream& rng, std::span<double> out) const;
  // Same, centred at another point (the kernel centres one covariance at
  // each particle when it is shared).
  void sample_around(std::span<const double> centre, RandomStream& rng,
                     std::span<double> out) const;

  [[nodiscard]] double log_density(std::span<const double> x) const;
  [[nodiscard]] double log_density_around(std::span<const double> centre,
                                          std::span<const double> x) const;

 private:
  std::vector<double> mean_;
  Cholesky factor_;
};

}  // namespace commsim::calibrate
