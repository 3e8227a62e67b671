// Moments of the project's distributions. Each check allows 5 standard
// errors of the estimate (a false failure about once in 3.5 million), with
// the standard error computed from the distribution's own moments.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <set>

#include "commsim/distributions.hpp"

using namespace commsim;

namespace {

constexpr int kDraws = 200000;

struct Moments {
  double mean = 0;
  double variance = 0;
};

template <class Draw>
Moments moments(Draw&& draw) {
  RandomStream rng(123456789, 1, 2, 3);
  double sum = 0;
  double sum_sq = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = draw(rng);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / kDraws;
  return {mean, sum_sq / kDraws - mean * mean};
}

// |estimate - truth| <= 5 standard errors of a mean of kDraws values.
void check_mean(double estimate, double truth, double variance) {
  CHECK(std::fabs(estimate - truth) <= 5 * std::sqrt(variance / kDraws));
}

// The sample variance's standard error needs the fourth central moment mu4:
// Var(s^2) ~ (mu4 - sigma^4) / n.
void check_variance(double estimate, double truth, double mu4) {
  CHECK(std::fabs(estimate - truth) <= 5 * std::sqrt((mu4 - truth * truth) / kDraws));
}

}  // namespace

TEST_CASE("uniform01 has mean 1/2 and variance 1/12 and stays in [0, 1)", "[distributions]") {
  double lo = 1;
  double hi = 0;
  const auto m = moments([&](RandomStream& r) {
    const double u = uniform01(r);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    return u;
  });
  CHECK(lo >= 0.0);
  CHECK(hi < 1.0);
  check_mean(m.mean, 0.5, 1.0 / 12);
  check_variance(m.variance, 1.0 / 12, 1.0 / 80);
}

TEST_CASE("normal has the requested mean and variance", "[distributions]") {
  const auto m = moments([](RandomStream& r) { return normal(r, 2.0, 3.0); });
  check_mean(m.mean, 2.0, 9.0);
  check_variance(m.variance, 9.0, 3 * 81.0);
}

TEST_CASE("lognormal_median has the requested median and log-variance", "[distributions]") {
  const auto m = moments([](RandomStream& r) { return std::log(lognormal_median(r, 30.0, 0.5)); });
  check_mean(m.mean, std::log(30.0), 0.25);
  check_variance(m.variance, 0.25, 3 * 0.0625);
}

TEST_CASE("exponential has mean 1/rate", "[distributions]") {
  const auto m = moments([](RandomStream& r) { return exponential(r, 4.0); });
  check_mean(m.mean, 0.25, 0.0625);
  check_variance(m.variance, 0.0625, 9.0 / 256.0);
}

TEST_CASE("bernoulli succeeds with probability p", "[distributions]") {
  const auto m = moments([](RandomStream& r) { return bernoulli(r, 0.3) ? 1.0 : 0.0; });
  check_mean(m.mean, 0.3, 0.21);
}

TEST_CASE("poisson has mean and variance equal to its mean, on both algorithms",
          "[distributions]") {
  for (double mean : {0.5, 3.0, 9.9, 10.0, 50.0, 1000.0}) {
    CAPTURE(mean);
    const auto m = moments([&](RandomStream& r) { return static_cast<double>(poisson(r, mean)); });
    check_mean(m.mean, mean, mean);
    check_variance(m.variance, mean, mean * (1 + 3 * mean));  // mu4 = lambda(1 + 3 lambda)
  }
}

TEST_CASE("geometric_failures has mean (1-p)/p", "[distributions]") {
  const double p = 0.2;
  const auto m =
      moments([&](RandomStream& r) { return static_cast<double>(geometric_failures(r, p)); });
  check_mean(m.mean, (1 - p) / p, (1 - p) / (p * p));
}

TEST_CASE("uniform_index is unbiased over a range that does not divide 2^32", "[distributions]") {
  constexpr std::uint32_t n = 7;
  std::array<int, n> counts{};
  RandomStream rng(99, 0, 0, 0);
  for (int i = 0; i < kDraws; ++i) {
    const auto k = uniform_index(rng, n);
    REQUIRE(k < n);
    ++counts[k];
  }
  // Pearson chi-square with 6 degrees of freedom: P(X > 22.46) = 0.001.
  const double expected = static_cast<double>(kDraws) / n;
  double chi2 = 0;
  for (int c : counts) {
    chi2 += (c - expected) * (c - expected) / expected;
  }
  CHECK(chi2 < 22.46);
}

TEST_CASE("sample_without_replacement gives k distinct sorted values, each equally likely",
          "[distributions]") {
  constexpr std::uint32_t n = 20;
  constexpr std::uint32_t k = 5;
  constexpr int trials = 40000;
  std::array<int, n> hits{};
  for (int t = 0; t < trials; ++t) {
    RandomStream rng(7, 0, 0, static_cast<std::uint32_t>(t));
    const auto sample = sample_without_replacement(rng, n, k);
    REQUIRE(sample.size() == k);
    REQUIRE(std::is_sorted(sample.begin(), sample.end()));
    REQUIRE(std::set<std::uint32_t>(sample.begin(), sample.end()).size() == k);
    for (auto v : sample) {
      ++hits[v];
    }
  }
  // Each value is in the sample with probability k/n = 1/4.
  const double p = static_cast<double>(k) / n;
  for (int h : hits) {
    CHECK(std::fabs(h - trials * p) <= 5 * std::sqrt(trials * p * (1 - p)));
  }
  RandomStream rng(1, 0, 0, 0);
  CHECK(sample_without_replacement(rng, 10, 10) ==
        std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(sample_without_replacement(rng, 10, 0).empty());
}
