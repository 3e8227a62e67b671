#include <catch2/catch.hpp>

#include <set>

#include "commsim/rng.hpp"

using namespace commsim;

TEST_CASE("Philox4x32-10 matches Random123's known-answer vector", "[rng]") {
  // Random123 kat_vectors: philox4x32 10 rounds, counter 0, key 0.
  RandomStream s(0, 0, 0, 0);
  CHECK(s.next_u32() == 0x6627e8d5U);
  CHECK(s.next_u32() == 0xe169c58dU);
  CHECK(s.next_u32() == 0xbc57ac4cU);
  CHECK(s.next_u32() == 0x9b00dbd8U);
}

TEST_CASE("a stream is a pure function of key, day, phase and entity", "[rng]") {
  const RunRng rng(42);
  auto a = rng.stream(Day{3}, 1, 7);
  auto b = rng.stream(Day{3}, 1, 7);
  for (int i = 0; i < 100; ++i) {
    REQUIRE(a.next_u32() == b.next_u32());
  }
  // Changing any coordinate changes the draws.
  const auto first = [&](std::uint64_t seed, std::uint32_t day, std::uint32_t phase,
                         std::uint32_t entity) {
    return RunRng(seed).stream(Day{day}, phase, entity).next_u64();
  };
  const std::set<std::uint64_t> distinct{first(42, 3, 1, 7), first(43, 3, 1, 7), first(42, 4, 1, 7),
                                         first(42, 3, 2, 7), first(42, 3, 1, 8)};
  CHECK(distinct.size() == 5);
}

TEST_CASE("a stream moves to the next block after four words", "[rng]") {
  RandomStream s(1, 0, 0, 0);
  std::set<std::uint32_t> words;
  for (int i = 0; i < 4000; ++i) {
    words.insert(s.next_u32());
  }
  CHECK(words.size() == 4000);  // repeats would mean a block was reused
}

TEST_CASE("derived seeds are distinct and not consecutive", "[rng]") {
  std::set<std::uint64_t> seeds;
  for (std::uint64_t r = 0; r < 10000; ++r) {
    seeds.insert(derive_seed(20261122, r));
  }
  CHECK(seeds.size() == 10000);
  CHECK(derive_seed(1, 0) != derive_seed(0, 1));
  CHECK(derive_seed(5, 1) - derive_seed(5, 0) != 1);
}

TEST_CASE("shared blocks are Philox at (day, phase, index, top bit | sequence)", "[rng]") {
  const RunRng rng(42);
  const PhaseRng phase = rng.phase(Day{3}, 2);
  const r123::Philox4x32::key_type key{
      {static_cast<std::uint32_t>(rng.key()), static_cast<std::uint32_t>(rng.key() >> 32U)}};
  const auto expected = r123::Philox4x32{}({{3, 2, 7, kSharedBlockBit | 5}}, key);
  const auto block = phase.shared_block(5, 7);
  for (std::size_t w = 0; w < 4; ++w) {
    CHECK(block[w] == expected.v[w]);
  }
  // The phase's streams are the run's streams.
  auto a = phase.stream(9);
  auto b = rng.stream(Day{3}, 2, 9);
  CHECK(a.next_u64() == b.next_u64());
}

TEST_CASE("shared blocks never repeat a stream's words", "[rng]") {
  // Entity 7's stream and shared block 7 have the same day, phase and
  // entity/index words; the top bit of the block word keeps them apart.
  const PhaseRng phase = RunRng(1).phase(Day{1}, 1);
  std::set<std::uint32_t> words;
  for (std::uint32_t e = 0; e < 200; ++e) {
    auto s = phase.stream(e);
    for (int i = 0; i < 8; ++i) {
      words.insert(s.next_u32());
    }
    for (std::uint32_t sequence = 0; sequence < 2; ++sequence) {
      for (std::uint32_t w : phase.shared_block(sequence, e)) {
        words.insert(w);
      }
    }
  }
  CHECK(words.size() == 200 * (8 + 8));
}
