#include <catch2/catch.hpp>

#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <vector>

#include "commsim/parallel.hpp"
#include "commsim/schedule.hpp"

using namespace commsim;

TEST_CASE("deterministic_sum gives the same bits for 1 and 2 threads", "[parallel]") {
  // Terms of wildly different magnitude make the sum order-sensitive.
  const std::uint32_t n = 1000003;
  const auto term = [](std::uint32_t i) {
    return std::sin(static_cast<double>(i)) * std::pow(10.0, static_cast<double>(i % 17));
  };
  double one = 0;
  double two = 0;
  tbb::task_arena(1).execute([&] { one = deterministic_sum<double>(n, term); });
  tbb::task_arena(2).execute([&] { two = deterministic_sum<double>(n, term); });
  CHECK(std::memcmp(&one, &two, sizeof one) == 0);
  CHECK(deterministic_sum<double>(0, term) == 0.0);
}

TEST_CASE("deterministic_sum adds each block in index order, then the blocks in order",
          "[parallel]") {
  // The reference, written out serially; the sum overlaps several blocks'
  // chains of adds but must not change a bit. Sizes cover a partial last
  // block and runs of blocks that are not a multiple of four.
  const auto term = [](std::uint32_t i) {
    return std::sin(static_cast<double>(i)) * std::pow(10.0, static_cast<double>(i % 13));
  };
  for (std::uint32_t n : {1U, 4095U, 4096U, 4097U, 5 * 4096U + 17, 9 * 4096U, 30 * 4096U + 1}) {
    CAPTURE(n);
    double reference = 0;
    for (std::uint32_t begin = 0; begin < n; begin += kReduceBlock) {
      double block = 0;
      for (std::uint32_t i = begin; i < std::min(n, begin + kReduceBlock); ++i) {
        block += term(i);
      }
      reference += block;
    }
    for (int threads : {1, 2}) {
      double sum = 0;
      tbb::task_arena(threads).execute([&] { sum = deterministic_sum<double>(n, term); });
      CHECK(std::memcmp(&sum, &reference, sizeof sum) == 0);
    }
  }
}

TEST_CASE("run_day runs phases in order, each agent once, with distinct phase counters",
          "[schedule]") {
  const std::uint32_t n = 10000;
  std::vector<std::atomic<int>> visits(n);
  std::vector<std::uint64_t> first_draw(n);
  std::vector<std::string> order;
  Schedule schedule;
  schedule.substeps_per_day = 2;
  schedule.phases = {
      {"visit", PhaseKind::PerAgent, "",
       [&](const PhaseStep& step) {
         for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
           visits[a]++;
           if (step.substep() == 0) {
             first_draw[a] = step.stream(a).next_u64();
           }
         }
       }},
      {"tally", PhaseKind::Serial, "",
       [&](const PhaseStep& step) { order.push_back("tally" + std::to_string(step.substep())); }},
  };
  const RunRng rng(5);
  tbb::task_arena(2).execute([&] { run_day(schedule, rng, Day{3}, n, 64); });
  for (std::uint32_t a = 0; a < n; ++a) {
    REQUIRE(visits[a] == 2);
    // Phase "visit" of substep 0 on day 3 uses counter 1.
    REQUIRE(first_draw[a] == rng.stream(Day{3}, 1, a).next_u64());
  }
  CHECK(order == std::vector<std::string>{"tally0", "tally1"});
}
