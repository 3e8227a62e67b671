// The perturbation kernel: OLCM and weighted covariances on a hand example,
// the mixture density against a hand computation, discrete parts that sum
// to 1 and match the frequencies of the proposals they describe, and draws
// whose covariance is the kernel's. Frequency checks allow 5 standard
// errors sqrt(p (1 - p) / n); covariance checks 5 standard errors
// sqrt((S_aa S_bb + S_ab^2) / n).
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <utility>
#include <vector>

#include "commsim/calibrate/kernel.hpp"
#include "commsim/error.hpp"

using namespace commsim;
using namespace commsim::calibrate;

namespace {

// Four particles in two dimensions; the first three lie within tolerance 0.5.
constexpr std::array<double, 8> kParticles{0, 0, 1, 0, 0, 2, 5, 5};
constexpr std::array<double, 4> kWeights{0.1, 0.2, 0.3, 0.4};
constexpr std::array<double, 4> kDistances{0.1, 0.5, 0.2, 3.0};

std::vector<Prior> two_uniforms() {
  return {Prior::uniform("x", -10, 10), Prior::uniform("y", -10, 10)};
}

// log N((dx, dy); 0, [[a, b], [b, c]]) with the 2 x 2 inverse written out.
double log_normal2(double dx, double dy, double a, double b, double c) {
  const double det = a * c - b * b;
  const double quad = (c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
  return -std::log(2 * std::numbers::pi) - 0.5 * std::log(det) - 0.5 * quad;
}

}  // namespace

TEST_CASE("OLCM on a hand example", "[calibrate][kernel]") {
  const auto priors = two_uniforms();
  const PerturbationKernel k(priors, KernelKind::Olcm, {kParticles, kWeights, kDistances}, 0.5,
                             0.3);
  // S = {0, 1, 2} with weights 1/6, 2/6, 3/6. For the parent (5, 5) the
  // differences are (-5, -5), (-4, -5), (-5, -3):
  //   xx = (25 + 2 * 16 + 3 * 25) / 6 = 22
  //   xy = (25 + 2 * 20 + 3 * 15) / 6 = 110 / 6
  //   yy = (25 + 2 * 25 + 3 * 9) / 6 = 17
  const auto& s3 = k.covariance(3);
  CHECK(s3[0] == Approx(22.0));
  CHECK(s3[1] == Approx(110.0 / 6));
  CHECK(s3[2] == Approx(110.0 / 6));
  CHECK(s3[3] == Approx(17.0));
  // For the parent (0, 0): differences (0, 0), (1, 0), (0, 2).
  const auto& s0 = k.covariance(0);
  CHECK(s0[0] == Approx(1.0 / 3));
  CHECK(s0[1] == Approx(0.0).margin(1e-15));
  CHECK(s0[3] == Approx(2.0));
}

TEST_CASE("weighted kernel is twice the weighted covariance", "[calibrate][kernel]") {
  const auto priors = two_uniforms();
  const PerturbationKernel k(priors, KernelKind::Weighted, {kParticles, kWeights, kDistances}, 0.5,
                             0.3);
  // Weighted mean (2.2, 2.6); e.g. xx = 0.1 * 4.84 + 0.2 * 1.44 + 0.3 * 4.84
  // + 0.4 * 7.84 = 5.36.
  const auto& s = k.covariance(2);
  CHECK(s[0] == Approx(2 * 5.36));
  CHECK(s[1] == Approx(2 * 4.28));
  CHECK(s[3] == Approx(2 * 4.44));
  CHECK(&k.covariance(0) == &k.covariance(3));
}

TEST_CASE("mixture density matches a hand computation", "[calibrate][kernel]") {
  const auto priors = two_uniforms();
  const std::vector<double> theta{0.5, 0.7};
  for (const auto kind : {KernelKind::Olcm, KernelKind::Weighted}) {
    const PerturbationKernel k(priors, kind, {kParticles, kWeights, kDistances}, 0.5, 0.3);
    double mix = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const auto& s = k.covariance(j);
      const double lk = log_normal2(theta[0] - kParticles[2 * j], theta[1] - kParticles[2 * j + 1],
                                    s[0], s[1], s[3]);
      CHECK(k.log_kernel(j, theta) == Approx(lk).epsilon(1e-12));
      mix += kWeights[j] * std::exp(lk);
    }
    CHECK(k.log_mixture_density(theta) == Approx(std::log(mix)).epsilon(1e-12));
  }
}

TEST_CASE("kernel draws have the kernel's covariance", "[calibrate][kernel]") {
  const auto priors = two_uniforms();
  const PerturbationKernel k(priors, KernelKind::Olcm, {kParticles, kWeights, kDistances}, 0.5,
                             0.3);
  constexpr int kDraws = 100000;
  const std::size_t parent = 3;
  std::vector<double> sum(2, 0.0);
  std::vector<double> cross(4, 0.0);
  std::vector<double> theta(2);
  for (int i = 0; i < kDraws; ++i) {
    RandomStream rng(11, 0, 0, static_cast<std::uint32_t>(i));
    k.perturb(parent, rng, theta);
    for (std::size_t a = 0; a < 2; ++a) {
      const double d = theta[a] - kParticles[parent * 2 + a];
      sum[a] += d;
      for (std::size_t b = 0; b < 2; ++b) {
        cross[a * 2 + b] += d * (theta[b] - kParticles[parent * 2 + b]);
      }
    }
  }
  const auto& s = k.covariance(parent);
  for (std::size_t a = 0; a < 2; ++a) {
    CHECK(std::fabs(sum[a] / kDraws) <= 5 * std::sqrt(s[a * 2 + a] / kDraws));
    for (std::size_t b = 0; b < 2; ++b) {
      // Second moments about the known centre, so no mean is estimated.
      const double se =
          std::sqrt((s[a * 2 + a] * s[b * 2 + b] + s[a * 2 + b] * s[a * 2 + b]) / kDraws);
      CHECK(std::fabs(cross[a * 2 + b] / kDraws - s[a * 2 + b]) <= 5 * se);
    }
  }
}

TEST_CASE("parents are drawn in proportion to their weights", "[calibrate][kernel]") {
  const auto priors = two_uniforms();
  const PerturbationKernel k(priors, KernelKind::Weighted, {kParticles, kWeights, kDistances}, 0.5,
                             0.3);
  constexpr int kDraws = 100000;
  std::vector<int> count(4, 0);
  RandomStream rng(3, 0, 0, 0);
  for (int i = 0; i < kDraws; ++i) {
    ++count[k.pick_parent(rng)];
  }
  for (std::size_t j = 0; j < 4; ++j) {
    const double p = kWeights[j];
    CHECK(std::fabs(count[j] / double(kDraws) - p) <= 5 * std::sqrt(p * (1 - p) / kDraws));
  }
}

TEST_CASE("discrete kernel masses sum to 1 and match the proposals' frequencies",
          "[calibrate][kernel]") {
  const std::vector<Prior> priors{Prior::integer("k", 0, 10),
                                  Prior::categorical("c", {"a", "b", "c"})};
  const std::vector<double> particles{2, 0, 5, 2, 6, 1};
  const std::vector<double> weights{0.5, 0.3, 0.2};
  const std::vector<double> distances{1, 1, 1};
  for (const auto kind : {KernelKind::Olcm, KernelKind::Weighted}) {
    const PerturbationKernel kernel(priors, kind, {particles, weights, distances}, 1.0, 0.3);
    // Summed over whole numbers well beyond any reachable value and over the
    // categories: the mixture is a probability mass function.
    double total = 0;
    for (int kv = -40; kv <= 50; ++kv) {
      for (int c = 0; c < 3; ++c) {
        const std::vector<double> theta{double(kv), double(c)};
        total += std::exp(kernel.log_mixture_density(theta));
      }
    }
    CHECK(total == Approx(1.0).epsilon(1e-12));

    // The law of perturb(parent 1) is exactly exp(log_kernel(1, .)).
    constexpr int kDraws = 200000;
    std::map<std::pair<int, int>, int> count;
    std::vector<double> theta(2);
    for (int i = 0; i < kDraws; ++i) {
      RandomStream rng(21, 0, 0, static_cast<std::uint32_t>(i));
      kernel.perturb(1, rng, theta);
      ++count[{static_cast<int>(theta[0]), static_cast<int>(theta[1])}];
    }
    for (int kv = -5; kv <= 15; ++kv) {
      for (int c = 0; c < 3; ++c) {
        const std::vector<double> t{double(kv), double(c)};
        const double p = std::exp(kernel.log_kernel(1, t));
        const double f = count[{kv, c}] / double(kDraws);
        INFO("k = " << kv << ", c = " << c << ", p = " << p << ", f = " << f);
        CHECK(std::fabs(f - p) <= 5 * std::sqrt(p * (1 - p) / kDraws) + 1e-9);
      }
    }
  }
}

TEST_CASE("a collapsed integer parameter still steps to its neighbours", "[calibrate][kernel]") {
  const std::vector<Prior> priors{Prior::integer("k", 0, 10)};
  const std::vector<double> particles{4, 4, 4};
  const std::vector<double> weights{1, 1, 1};
  const std::vector<double> distances{0, 0, 0};
  const PerturbationKernel k(priors, KernelKind::Weighted, {particles, weights, distances}, 0, 0.3);
  // sd floored at 0.5: staying has mass Phi(1) - Phi(-1).
  CHECK(std::exp(k.log_kernel(0, std::vector<double>{4})) == Approx(0.682689492137086));
  CHECK(std::exp(k.log_kernel(0, std::vector<double>{5})) ==
        Approx((1 - 0.682689492137086) / 2 - 0.00134989803163).epsilon(1e-9));
}

TEST_CASE("log-uniform parameters are perturbed on the log scale", "[calibrate][kernel]") {
  const std::vector<Prior> priors{Prior::log_uniform("r", 1e-3, 1e3), Prior::uniform("x", 0, 1)};
  const std::vector<double> particles{0.01, 0.2, 1.0, 0.5, 100.0, 0.9};
  const std::vector<double> weights{1, 1, 1};
  const std::vector<double> distances{0, 0, 0};
  const PerturbationKernel k(priors, KernelKind::Weighted, {particles, weights, distances}, 0, 0.3);
  // The covariance is of (log r, x): log r has weighted variance
  // (2 log 10)^2 * 2/3 (values -2, 0, 2 in log10), doubled.
  const double l10 = std::log(10.0);
  CHECK(k.covariance(0)[0] == Approx(2 * 4 * l10 * l10 * 2.0 / 3.0));
  const std::vector<double> theta{0.05, 0.3};
  const auto& s = k.covariance(1);
  CHECK(k.log_kernel(1, theta) ==
        Approx(log_normal2(std::log(0.05) - std::log(1.0), 0.3 - 0.5, s[0], s[1], s[3]))
            .epsilon(1e-12));
}

TEST_CASE("the kernel rejects populations it cannot use", "[calibrate][kernel]") {
  const auto priors = two_uniforms();
  const std::vector<double> zero{0, 0, 0, 0};
  CHECK_THROWS_AS(
      PerturbationKernel(priors, KernelKind::Weighted, {kParticles, zero, kDistances}, 0.5, 0.3),
      Error);
  // No particle within the tolerance: OLCM undefined.
  CHECK_THROWS_AS(
      PerturbationKernel(priors, KernelKind::Olcm, {kParticles, kWeights, kDistances}, 0.01, 0.3),
      Error);
  const std::vector<double> short_particles{0, 0, 1};
  CHECK_THROWS_AS(PerturbationKernel(priors, KernelKind::Weighted,
                                     {short_particles, kWeights, kDistances}, 0.5, 0.3),
                  Error);
}
