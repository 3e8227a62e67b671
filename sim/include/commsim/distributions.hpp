// The project's own distributions over a RandomStream. Each documents how many
// 32-bit words it consumes, because reproducibility across versions depends
// on it. Moments are tested in tests/sim/test_distributions.cpp.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "commsim/rng.hpp"

namespace commsim {

// Uniform on [0, 1) with 53 random bits from two words: the high 27 bits of
// `hi` and the high 26 of `lo` make the mantissa, as in Matsumoto and
// Nishimura's genrand_res53.
[[nodiscard]] constexpr double uniform01_from(std::uint32_t hi, std::uint32_t lo) {
  return (static_cast<double>(hi >> 5U) * 67108864.0 + static_cast<double>(lo >> 6U)) *
         (1.0 / 9007199254740992.0);
}

// Uniform on [0, 1) with 53 random bits. Two words. Inline: it sits in the
// inner loops of most models, where a call costs as much as the arithmetic.
[[nodiscard]] inline double uniform01(RandomStream& rng) {
  const std::uint32_t hi = rng.next_u32();
  return uniform01_from(hi, rng.next_u32());
}

// Uniform on [lo, hi). Two words.
[[nodiscard]] double uniform(RandomStream& rng, double lo, double hi);

namespace detail {
// Lemire's rejection step, for the rare first word whose low product word
// falls below n: m = first word * n.
[[nodiscard]] std::uint32_t uniform_index_rejecting(std::uint64_t m, std::uint32_t n,
                                                    RandomStream& rng);
}  // namespace detail

// Uniform integer in [0, n), unbiased (Lemire 2019, with rejection). n > 0.
// One word, rarely more (with probability below n / 2^32). The common case
// is inline.
[[nodiscard]] inline std::uint32_t uniform_index(RandomStream& rng, std::uint32_t n) {
  const std::uint64_t m = std::uint64_t{rng.next_u32()} * n;
  if (static_cast<std::uint32_t>(m) < n) [[unlikely]] {
    return detail::uniform_index_rejecting(m, n, rng);
  }
  return static_cast<std::uint32_t>(m >> 32U);
}

// True with probability p (p outside [0,1] is clamped). Two words. Inline:
// it is the hottest draw of the agent models.
[[nodiscard]] inline bool bernoulli(RandomStream& rng, double p) {
  return uniform01(rng) < p;
}

// Geometric skips: the number of failed Bernoulli(p) trials before the next
// success, by inversion from one uniform u in [0, 1) (Devroye 1986, ch. X.2):
// floor(log(1 - u) / log(1 - p)), capped at `cap`. Pass log_miss =
// std::log1p(-p), computed once per p (p = 1 gives -inf: always 0). Walking
// a list with these skips visits each entry with probability p at a cost
// per success, not per entry.
[[nodiscard]] inline std::uint64_t geometric_skip(double u, double log_miss, std::uint64_t cap) {
  const double gap = std::floor(std::log(1.0 - u) / log_miss);
  return gap < static_cast<double>(cap) ? static_cast<std::uint64_t>(gap) : cap;
}

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

// Draws from a phase's shared blocks (rng.hpp), for phases in which every
// entity needs exactly one uniform, or one word, per draw: one Philox block
// serves two entities' uniforms or four entities' words, where a stream per
// entity would discard the rest of its first block. Entity e's draw depends
// only on (run, day, phase, e, draw), whichever entities are drawn together,
// so a result does not depend on how agents are cut across threads. Filling a
// buffer for a run of entities also keeps the Philox rounds of neighbouring
// blocks in flight together.
//
// out[i] = entity (first + i)'s uniform on [0, 1), for its draw-th uniform of
// the phase: words 2 (e mod 2) and 2 (e mod 2) + 1 of block e / 2 of shared
// sequence 2 draw.
void uniform01_each(const PhaseRng& rng, std::uint32_t first, std::span<double> out,
                    std::uint32_t draw = 0);

// out[i] = entity (first + i)'s word for its draw-th word of the phase: word
// e mod 4 of block e / 4 of shared sequence 2 draw + 1.
void word_each(const PhaseRng& rng, std::uint32_t first, std::span<std::uint32_t> out,
               std::uint32_t draw = 0);

// Uniform integer in [0, n) from the word word_each gave `entity` (Lemire's
// method). Should the word be rejected (probability below n / 2^32), the
// draw goes on with the entity's own stream of the phase, from its start: a
// phase that uses this draws nothing else from that stream. n > 0.
[[nodiscard]] inline std::uint32_t uniform_index(std::uint32_t word, std::uint32_t n,
                                                 const PhaseRng& rng, std::uint32_t entity) {
  const std::uint64_t m = std::uint64_t{word} * n;
  if (static_cast<std::uint32_t>(m) < n) [[unlikely]] {
    RandomStream more = rng.stream(entity);
    return detail::uniform_index_rejecting(m, n, more);
  }
  return static_cast<std::uint32_t>(m >> 32U);
}

// k distinct values from [0, n), in increasing order (Floyd's algorithm, then
// sorted so the result does not depend on set iteration order). k <= n.
[[nodiscard]] std::vector<std::uint32_t> sample_without_replacement(RandomStream& rng,
                                                                    std::uint32_t n,
                                                                    std::uint32_t k);

}  // namespace commsim
