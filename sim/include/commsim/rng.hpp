// Counter-based random numbers: Philox4x32-10 (Salmon et al., SC'11, via
// Random123). A stream is a pure function of its key and counter, so any
// agent's draws on any day can be produced by any thread, in any order, and a
// run is bit-identical for every thread count.
//
//   key     = mix(run seed)                        64 bits
//   counter = (day, phase, entity, block)          4 x 32 bits
//
// Each Philox block yields four 32-bit words; a stream hands them out in order
// and moves to the next block when they are used up, so one (day, phase,
// entity) owns 2^34 words. The distributions below are the project's own
// (std:: distributions differ between standard libraries) and consume a fixed
// number of words per draw where they can.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cstdint>

#include "commsim/ids.hpp"

namespace commsim {

// SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

// Derives a child seed from a parent seed and an index; used for run seeds
// (scenario seed, replicate) and for graph seeds. Never seed + i: neighbouring
// integers would give correlated keys for weaker generators and make seeds
// easy to collide across experiments.
[[nodiscard]] constexpr std::uint64_t derive_seed(std::uint64_t parent, std::uint64_t index) {
  return mix64(mix64(parent) ^ mix64(index + 0x632BE59BD9B4E019ULL));
}

class RandomStream {
 public:
  RandomStream(std::uint64_t key, std::uint32_t day, std::uint32_t phase, std::uint32_t entity)
      : key_{{static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32U)}},
        counter_{{day, phase, entity, 0}} {}

  // The next 32 uniformly distributed bits.
  std::uint32_t next_u32() {
    if (used_ == 4) {
      block_ = philox_(counter_, key_);
      ++counter_.v[3];
      used_ = 0;
    }
    return block_.v[used_++];
  }

  std::uint64_t next_u64() {
    const std::uint64_t hi = next_u32();
    return (hi << 32U) | next_u32();
  }

 private:
  using Philox = r123::Philox4x32;
  Philox philox_{};
  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_{};
  unsigned used_ = 4;
};

// A run's source of streams: holds the key, hands out one stream per
// (day, phase, entity). Entities are agents or groups, as the phase says.
class RunRng {
 public:
  explicit RunRng(std::uint64_t run_seed) : key_(mix64(run_seed)) {}
  [[nodiscard]] RandomStream stream(Day day, std::uint32_t phase, std::uint32_t entity) const {
    return {key_, day.value(), phase, entity};
  }
  [[nodiscard]] std::uint64_t key() const { return key_; }

 private:
  std::uint64_t key_;
};

}  // namespace commsim
