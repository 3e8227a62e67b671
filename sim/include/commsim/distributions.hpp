// The project's own distributions over a RandomStream. Each documents how many
// 32-bit words it consumes, because reproducibility across versions depends
// on it. Moments are tested in tests/sim/test_distributions.cpp.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "commsim/rng.hpp"

namespace commsim {

// Uniform on [0, 1) with 53 random bits. Two words.
[[nodiscard]] double uniform01(RandomStream& rng);

// Uniform on [lo, hi). Two words.
[[nodiscard]] double uniform(RandomStream& rng, double lo, double hi);

// Uniform integer in [0, n), unbiased (Lemire 2019, with rejection). n > 0.
// One word, rarely more.
[[nodiscard]] std::uint32_t uniform_index(RandomStream& rng, std::uint32_t n);

// True with probability p (p outside [0,1] is clamped). Two words.
[[nodiscard]] bool bernoulli(RandomStream& rng, double p);

// Standard normal by Box-Muller; uses one of the pair. Four words.
[[nodiscard]] double normal(RandomStream& rng, double mean = 0.0, double sd = 1.0);

// exp(N(mu, sigma^2)). Four words.
[[nodiscard]] double lognormal(RandomStream& rng, double mu, double sigma);

// Lognormal parameterised by its median and log-scale sigma, as scenario files
// give it (median = exp(mu)).
[[nodiscard]] double lognormal_median(RandomStream& rng, double median, double sigma);

// Exponential with the given rate (> 0). Two words.
[[nodiscard]] double exponential(RandomStream& rng, double rate);

// Geometric number of failures before the first success, success probability
// p in (0, 1]. Two words. Used to skip over non-edges in graph generators.
[[nodiscard]] std::uint64_t geometric_failures(RandomStream& rng, double p);

// Poisson(mean): inversion for mean < 10, otherwise PTRS transformed
// rejection (Hormann 1993). Variable number of words.
[[nodiscard]] std::uint64_t poisson(RandomStream& rng, double mean);

// k distinct values from [0, n), in increasing order (Floyd's algorithm, then
// sorted so the result does not depend on set iteration order). k <= n.
[[nodiscard]] std::vector<std::uint32_t> sample_without_replacement(RandomStream& rng,
                                                                    std::uint32_t n,
                                                                    std::uint32_t k);

}  // namespace commsim
