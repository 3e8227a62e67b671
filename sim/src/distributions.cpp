#include "commsim/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_set>

namespace commsim {

double uniform(RandomStream& rng, double lo, double hi) {
  return lo + (hi - lo) * uniform01(rng);
}

namespace detail {

std::uint32_t uniform_index_rejecting(std::uint64_t m, std::uint32_t n, RandomStream& rng) {
  const std::uint32_t threshold = (0U - n) % n;
  auto low = static_cast<std::uint32_t>(m);
  while (low < threshold) {
    m = std::uint64_t{rng.next_u32()} * n;
    low = static_cast<std::uint32_t>(m);
  }
  return static_cast<std::uint32_t>(m >> 32U);
}

}  // namespace detail

void uniform01_each(const PhaseRng& rng, std::uint32_t first, std::span<double> out,
                    std::uint32_t draw) {
  const std::uint64_t last = std::uint64_t{first} + out.size();
  std::uint64_t e = first;
  while (e < last) {
    const auto block = rng.shared_block(2 * draw, static_cast<std::uint32_t>(e >> 1U));
    if ((e & 1U) == 0) {
      out[e - first] = uniform01_from(block[0], block[1]);
      if (++e == last) {
        break;
      }
    }
    out[e - first] = uniform01_from(block[2], block[3]);
    ++e;
  }
}

void word_each(const PhaseRng& rng, std::uint32_t first, std::span<std::uint32_t> out,
               std::uint32_t draw) {
  const std::uint64_t last = std::uint64_t{first} + out.size();
  std::uint64_t e = first;
  while (e < last) {
    const auto block = rng.shared_block(2 * draw + 1, static_cast<std::uint32_t>(e >> 2U));
    do {
      out[e - first] = block[e & 3U];
      ++e;
    } while (e < last && (e & 3U) != 0);
  }
}

double normal(RandomStream& rng, double mean, double sd) {
  // 1 - u keeps the logarithm's argument in (0, 1].
  const double u1 = 1.0 - uniform01(rng);
  const double u2 = uniform01(rng);
  const double radius = std::sqrt(-2.0 * std::log(u1));
  return mean + sd * radius * std::cos(2.0 * std::numbers::pi * u2);
}

double lognormal(RandomStream& rng, double mu, double sigma) {
  return std::exp(normal(rng, mu, sigma));
}

double lognormal_median(RandomStream& rng, double median, double sigma) {
  return median * std::exp(normal(rng, 0.0, sigma));
}

double exponential(RandomStream& rng, double rate) {
  return -std::log(1.0 - uniform01(rng)) / rate;
}

std::uint64_t geometric_failures(RandomStream& rng, double p) {
  if (p >= 1.0) {
    return 0;
  }
  const double u = 1.0 - uniform01(rng);  // (0, 1]
  const double k = std::floor(std::log(u) / std::log1p(-p));
  // Beyond 2^63 the caller's range is exceeded anyway; saturate.
  return k >= 9.2e18 ? std::uint64_t{1} << 63U : static_cast<std::uint64_t>(k);
}

namespace {

std::uint64_t poisson_inversion(RandomStream& rng, double mean) {
  const double limit = std::exp(-mean);
  double product = uniform01(rng);
  std::uint64_t k = 0;
  while (product > limit) {
    product *= uniform01(rng);
    ++k;
  }
  return k;
}

// PTRS: Hormann, "The transformed rejection method for generating Poisson
// random variables", Insurance: Mathematics and Economics 12 (1993).
std::uint64_t poisson_ptrs(RandomStream& rng, double mean) {
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * std::sqrt(mean);
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = uniform01(rng) - 0.5;
    const double v = uniform01(rng);
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) {
      return static_cast<std::uint64_t>(k);
    }
    if (k < 0.0 || (us < 0.013 && v > us)) {
      continue;
    }
    const double lhs = std::log(v * inv_alpha / (a / (us * us) + b));
    const double rhs = -mean + k * log_mean - std::lgamma(k + 1.0);
    if (lhs <= rhs) {
      return static_cast<std::uint64_t>(k);
    }
  }
}

}  // namespace

std::uint64_t poisson(RandomStream& rng, double mean) {
  if (mean <= 0.0) {
    return 0;
  }
  return mean < 10.0 ? poisson_inversion(rng, mean) : poisson_ptrs(rng, mean);
}

std::vector<std::uint32_t> sample_without_replacement(RandomStream& rng, std::uint32_t n,
                                                      std::uint32_t k) {
  // Floyd's algorithm: k draws, no O(n) work or memory.
  std::unordered_set<std::uint32_t> chosen;
  chosen.reserve(k);
  std::vector<std::uint32_t> out;
  out.reserve(k);
  for (std::uint32_t j = n - k; j < n; ++j) {
    const std::uint32_t t = uniform_index(rng, j + 1);
    const std::uint32_t pick = chosen.insert(t).second ? t : j;
    if (pick == j) {
      chosen.insert(j);
    }
    out.push_back(pick);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace commsim
