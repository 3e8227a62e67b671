// Normal arithmetic and the multivariate normal: values against mpmath
// (30 digits), a Cholesky factor by hand, the jitter on singular matrices,
// and the sample covariance of draws against the covariance (5 standard
// errors; for Gaussian data the sample covariance s_ij has variance
// (S_ii S_jj + S_ij^2) / n).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "commsim/calibrate/gaussian.hpp"
#include "commsim/error.hpp"

using namespace commsim;
using namespace commsim::calibrate;

TEST_CASE("standard normal CDF, quantile and interval mass", "[calibrate][gaussian]") {
  CHECK(std_normal_cdf(1.96) == Approx(0.975002104851779563787).epsilon(1e-14));
  CHECK(std_normal_cdf(-8) == Approx(6.22096057427178412351e-16).epsilon(1e-12));
  CHECK(std_normal_quantile(0.975) == Approx(1.95996398454005423552).epsilon(1e-14));
  CHECK(std_normal_quantile(0.5) == 0.0);
  CHECK(std_normal_quantile(0) == -std::numeric_limits<double>::infinity());
  CHECK(std_normal_quantile(1) == std::numeric_limits<double>::infinity());
  // Round trips deep in both tails.
  CHECK(std_normal_cdf(std_normal_quantile(1e-300)) == Approx(1e-300).epsilon(1e-10));
  CHECK(std_normal_cdf(std_normal_quantile(1e-10)) == Approx(1e-10).epsilon(1e-12));
  // P(8 <= Z <= 9) keeps its digits in the upper tail: log of it, mpmath.
  CHECK(std::log(std_normal_interval_mass(8, 9)) == Approx(-35.0136185934371480930).epsilon(1e-12));
  CHECK(std_normal_interval_mass(-9, -8) == std_normal_interval_mass(8, 9));
  CHECK(std_normal_interval_mass(0.5, 2.5) == Approx(0.30232787340021076119).epsilon(1e-14));
  CHECK(std_normal_interval_mass(-std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::infinity()) == 1.0);
  CHECK(std_normal_interval_mass(1, 1) == 0.0);
}

TEST_CASE("Cholesky factor of a small matrix by hand", "[calibrate][gaussian]") {
  // [[4, 2], [2, 3]] = L L^T with L = [[2, 0], [1, sqrt 2]]; det = 8.
  const std::vector<double> a{4, 2, 2, 3};
  const Cholesky c = cholesky_with_jitter(a, 2);
  CHECK(c.jitter == 0.0);
  CHECK(c.lower[0] == 2.0);
  CHECK(c.lower[1] == 0.0);
  CHECK(c.lower[2] == 1.0);
  CHECK(c.lower[3] == Approx(std::sqrt(2.0)));
  CHECK(c.log_det == Approx(std::log(8.0)));
}

TEST_CASE("singular covariances are factorised with a small jitter", "[calibrate][gaussian]") {
  // Rank one: the second pivot is 0 without jitter.
  const std::vector<double> a{1, 1, 1, 1};
  const Cholesky c = cholesky_with_jitter(a, 2);
  CHECK(c.jitter > 0.0);
  CHECK(c.jitter <= 1e-2);
  for (std::size_t i = 0; i < 2; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double s = 0;
      for (std::size_t k = 0; k <= j; ++k) {
        s += c.lower[i * 2 + k] * c.lower[j * 2 + k];
      }
      CHECK(s == Approx(a[i * 2 + j] + (i == j ? c.jitter : 0.0)).margin(1e-12));
    }
  }
  // All zero: the jitter is absolute.
  const Cholesky z = cholesky_with_jitter(std::vector<double>{0, 0, 0, 0}, 2);
  CHECK(z.jitter == Approx(1e-10));
  CHECK_THROWS_AS(cholesky_with_jitter(std::vector<double>{1, 0, 0, -1}, 2), Error);
  CHECK_THROWS_AS(cholesky_with_jitter(std::vector<double>{1, 0, 0, std::nan("")}, 2), Error);
}

TEST_CASE("multivariate normal log density by hand", "[calibrate][gaussian]") {
  // Sigma = [[4, 2], [2, 3]], Sigma^-1 = [[3, -2], [-2, 4]] / 8; at
  // x - mu = (1, 1.5) the quadratic form is (3 - 6 + 9) / 8 = 0.75.
  const MultivariateNormal mvn({1.0, -1.0}, std::vector<double>{4, 2, 2, 3});
  const std::vector<double> x{2.0, 0.5};
  CHECK(mvn.log_density(x) ==
        Approx(-std::log(2 * std::numbers::pi) - 0.5 * std::log(8.0) - 0.375).epsilon(1e-14));
  const std::vector<double> centre{0.0, 0.0};
  const std::vector<double> y{1.0, 1.5};
  CHECK(mvn.log_density_around(centre, y) == Approx(mvn.log_density(x)).epsilon(1e-14));
}

TEST_CASE("multivariate normal draws have the requested mean and covariance",
          "[calibrate][gaussian]") {
  const std::vector<double> sigma{2.0,  0.6, -0.3,  //
                                  0.6,  1.0, 0.2,   //
                                  -0.3, 0.2, 0.5};
  const std::vector<double> mu{1.0, -2.0, 0.5};
  const MultivariateNormal mvn(mu, sigma);
  constexpr int kDraws = 100000;
  std::vector<double> sum(3, 0.0);
  std::vector<double> cross(9, 0.0);
  std::vector<double> x(3);
  std::vector<std::vector<double>> draws(kDraws, std::vector<double>(3));
  for (int i = 0; i < kDraws; ++i) {
    RandomStream rng(77, 0, 0, static_cast<std::uint32_t>(i));
    mvn.sample(rng, draws[static_cast<std::size_t>(i)]);
    for (std::size_t a = 0; a < 3; ++a) {
      sum[a] += draws[static_cast<std::size_t>(i)][a];
    }
  }
  for (std::size_t a = 0; a < 3; ++a) {
    sum[a] /= kDraws;
    // mean within 5 standard errors sqrt(S_aa / n)
    CHECK(std::fabs(sum[a] - mu[a]) <= 5 * std::sqrt(sigma[a * 3 + a] / kDraws));
  }
  for (const auto& d : draws) {
    for (std::size_t a = 0; a < 3; ++a) {
      for (std::size_t b = 0; b < 3; ++b) {
        cross[a * 3 + b] += (d[a] - sum[a]) * (d[b] - sum[b]);
      }
    }
  }
  for (std::size_t a = 0; a < 3; ++a) {
    for (std::size_t b = 0; b < 3; ++b) {
      const double s = cross[a * 3 + b] / kDraws;
      const double se = std::sqrt(
          (sigma[a * 3 + a] * sigma[b * 3 + b] + sigma[a * 3 + b] * sigma[a * 3 + b]) / kDraws);
      INFO("entry " << a << "," << b);
      CHECK(std::fabs(s - sigma[a * 3 + b]) <= 5 * se);
    }
  }
}
