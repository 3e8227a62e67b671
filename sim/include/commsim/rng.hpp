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
// entity) owns 2^33 words (blocks 0 to 2^31 - 1). The distributions in
// distributions.hpp are the project's own (std:: distributions differ between
// standard libraries) and consume a fixed number of words per draw where they
// can.
//
// Shared blocks. A phase in which every entity needs one uniform (two words)
// or one word would waste half or three quarters of each entity's first
// block, and Philox is most of such a phase's cost. Those phases draw from
// the (day, phase)'s shared blocks instead, whose counters have the top bit
// of the block word set, so they never meet a stream's own blocks:
//
//   counter = (day, phase, index, kSharedBlockBit | sequence)
//
// One shared block then serves two entities' uniforms or four entities'
// words (see uniform01_each and word_each in distributions.hpp); which
// entities share a block depends only on their indices, never on how agents
// are cut across threads.
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
  // first_block: the counter's last word at the start (0 for an entity's
  // stream; PhaseRng::shared_stream starts at the shared blocks' bit).
  RandomStream(std::uint64_t key, std::uint32_t day, std::uint32_t phase, std::uint32_t entity,
               std::uint32_t first_block = 0)
      : key_{{static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32U)}},
        counter_{{day, phase, entity, first_block}} {}

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

// The top bit of a counter's block word marks the shared blocks of a (day,
// phase); see the note at the top of this file.
inline constexpr std::uint32_t kSharedBlockBit = 0x80000000U;

// The random numbers of one (day, phase): a stream per entity, and the shared
// blocks for phases in which every entity draws the same few words.
class PhaseRng {
 public:
  PhaseRng(std::uint64_t key, std::uint32_t day, std::uint32_t phase)
      : key_(key), day_(day), phase_(phase) {}

  [[nodiscard]] RandomStream stream(std::uint32_t entity) const {
    return {key_, day_, phase_, entity};
  }

  // The shared blocks of `index` as one stream: blocks (sequence 0, index),
  // (sequence 1, index) ... in turn, four words each. For draws keyed by a
  // fixed block of entities rather than one entity (word of mouth's walks).
  [[nodiscard]] RandomStream shared_stream(std::uint32_t index) const {
    return {key_, day_, phase_, index, kSharedBlockBit};
  }

  // Block `index` of shared sequence `sequence` (< 2^31): the four words of
  // Philox at counter (day, phase, index, kSharedBlockBit | sequence).
  [[nodiscard]] std::array<std::uint32_t, 4> shared_block(std::uint32_t sequence,
                                                          std::uint32_t index) const {
    const r123::Philox4x32::key_type key{
        {static_cast<std::uint32_t>(key_), static_cast<std::uint32_t>(key_ >> 32U)}};
    const auto block = r123::Philox4x32{}({{day_, phase_, index, kSharedBlockBit | sequence}}, key);
    return {block.v[0], block.v[1], block.v[2], block.v[3]};
  }

 private:
  std::uint64_t key_;
  std::uint32_t day_;
  std::uint32_t phase_;
};

// A run's source of streams: holds the key, hands out one stream per
// (day, phase, entity). Entities are agents or groups, as the phase says.
class RunRng {
 public:
  explicit RunRng(std::uint64_t run_seed) : key_(mix64(run_seed)) {}
  [[nodiscard]] RandomStream stream(Day day, std::uint32_t phase, std::uint32_t entity) const {
    return {key_, day.value(), phase, entity};
  }
  [[nodiscard]] PhaseRng phase(Day day, std::uint32_t phase) const {
    return {key_, day.value(), phase};
  }
  [[nodiscard]] std::uint64_t key() const { return key_; }

 private:
  std::uint64_t key_;
};

}  // namespace commsim
