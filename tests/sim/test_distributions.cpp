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

TEST_CASE("uniform01 and uniform_index, now inline, draw what they drew before",
          "[distributions]") {
  // The former out-of-line definitions, word for word.
  const auto old_uniform01 = [](RandomStream& r) {
    const std::uint64_t a = r.next_u32() >> 5U;
    const std::uint64_t b = r.next_u32() >> 6U;
    return (static_cast<double>(a) * 67108864.0 + static_cast<double>(b)) *
           (1.0 / 9007199254740992.0);
  };
  const auto old_uniform_index = [](RandomStream& r, std::uint32_t n) {
    std::uint64_t m = std::uint64_t{r.next_u32()} * n;
    auto low = static_cast<std::uint32_t>(m);
    if (low < n) {
      const std::uint32_t threshold = (0U - n) % n;
      while (low < threshold) {
        m = std::uint64_t{r.next_u32()} * n;
        low = static_cast<std::uint32_t>(m);
      }
    }
    return static_cast<std::uint32_t>(m >> 32U);
  };
  RandomStream now(5, 1, 2, 3);
  RandomStream then(5, 1, 2, 3);
  // n near 2^32 makes rejections frequent, so the slow path is exercised.
  for (std::uint32_t n : {1U, 7U, 1000U, 3000000000U, 4294967295U}) {
    for (int i = 0; i < 2000; ++i) {
      REQUIRE(uniform01(now) == old_uniform01(then));
      REQUIRE(uniform_index(now, n) == old_uniform_index(then, n));
    }
  }
}

TEST_CASE("uniform01_each: each entity's draw is its own, however entities are batched",
          "[distributions]") {
  const PhaseRng rng = RunRng(11).phase(Day{4}, 2);
  constexpr std::uint32_t kFirst = 1001;  // odd: the first entity is a block's second half
  std::vector<double> all(5000);
  uniform01_each(rng, kFirst, all);
  for (std::uint32_t i = 0; i < all.size(); ++i) {
    const std::uint32_t e = kFirst + i;
    const auto block = rng.shared_block(0, e / 2);
    REQUIRE(all[i] == uniform01_from(block[2 * (e % 2)], block[2 * (e % 2) + 1]));
  }
  // Batches of every length from every start give the same numbers.
  for (std::uint32_t start = 0; start < 40; ++start) {
    for (std::uint32_t length = 0; length < 9; ++length) {
      std::vector<double> part(length);
      uniform01_each(rng, kFirst + start, part);
      for (std::uint32_t i = 0; i < length; ++i) {
        REQUIRE(part[i] == all[start + i]);
      }
    }
  }
  // A second draw is another sequence.
  std::vector<double> second(all.size());
  uniform01_each(rng, kFirst, second, 1);
  CHECK(second[0] != all[0]);
  CHECK(second[0] ==
        uniform01_from(rng.shared_block(2, kFirst / 2)[2], rng.shared_block(2, kFirst / 2)[3]));
}

TEST_CASE("uniform01_each has mean 1/2 and variance 1/12 and stays in [0, 1)", "[distributions]") {
  std::vector<double> u(kDraws);
  uniform01_each(RunRng(3).phase(Day{1}, 1), 0, u);
  double sum = 0;
  double sum_sq = 0;
  for (double x : u) {
    REQUIRE(x >= 0.0);
    REQUIRE(x < 1.0);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / kDraws;
  check_mean(mean, 0.5, 1.0 / 12);
  check_variance(sum_sq / kDraws - mean * mean, 1.0 / 12, 1.0 / 80);
}

TEST_CASE("word_each gives four entities one block; uniform_index from a word is unbiased",
          "[distributions]") {
  const PhaseRng rng = RunRng(8).phase(Day{2}, 1);
  std::vector<std::uint32_t> all(4003);
  word_each(rng, 6, all);  // starts mid-block
  for (std::uint32_t i = 0; i < all.size(); ++i) {
    const std::uint32_t e = 6 + i;
    REQUIRE(all[i] == rng.shared_block(1, e / 4)[e % 4]);
  }
  for (std::uint32_t start = 0; start < 12; ++start) {
    std::vector<std::uint32_t> part(5);
    word_each(rng, 6 + start, part);
    for (std::uint32_t i = 0; i < part.size(); ++i) {
      REQUIRE(part[i] == all[start + i]);
    }
  }
  // Draws of separate sequences (word_each's draw 0 and uniform01_each's
  // draw 0) come from separate blocks.
  CHECK(rng.shared_block(1, 0)[0] != rng.shared_block(0, 0)[0]);

  constexpr std::uint32_t n = 7;
  std::array<int, n> counts{};
  std::vector<std::uint32_t> words(kDraws);
  word_each(rng, 0, words);
  for (std::uint32_t e = 0; e < words.size(); ++e) {
    const auto k = uniform_index(words[e], n, rng, e);
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
  // A rejected word (low product word below 2^32 mod n) goes on with the
  // entity's own stream, as uniform_index(stream, n) would after that word.
  const std::uint32_t big = 4294967295U;  // 2^32 mod big = 1: only word 0 is rejected
  RandomStream own = rng.stream(9);
  std::uint64_t m = 0;
  std::uint32_t from_stream = 0;
  do {
    m = std::uint64_t{own.next_u32()} * big;
    from_stream = static_cast<std::uint32_t>(m >> 32U);
  } while (static_cast<std::uint32_t>(m) < 1U);
  CHECK(uniform_index(0U, big, rng, 9) == from_stream);
}
