#include <catch2/catch.hpp>

#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <random>
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

TEST_CASE("sort_by_person sorts person << 32 | place keys as std::sort does", "[parallel]") {
  // Sizes on both sides of the comparison-sort cut-off (1,024); people
  // from one (no radix pass) through 10^7 (two 12-bit passes) to the whole
  // 32-bit range (three passes of 11 bits), with many repeats of a person.
  std::mt19937_64 rng(11);
  for (const std::size_t n : {0UL, 1UL, 1023UL, 1024UL, 40000UL}) {
    for (const std::uint64_t people : {1UL, 7UL, 10000000UL, 1UL << 32U}) {
      std::vector<std::uint64_t> keys(n);
      for (std::size_t i = 0; i < n; ++i) {
        keys[i] = (rng() % people) << 32U | i;
      }
      std::vector<std::uint64_t> expected = keys;
      std::sort(expected.begin(), expected.end());
      sort_by_person(keys);
      CHECK(keys == expected);
    }
  }
}

TEST_CASE("ByPerson groups the blocks' items by person, in block order within one", "[parallel]") {
  struct Item {
    std::uint32_t person;
    int tag;
  };
  ByPerson<Item> by;
  for (int day = 0; day < 2; ++day) {  // a second day reuses the buffers
    by.start(3);
    by.list(0) = {{9, 0}, {4, 1}};
    by.list(2) = {{9, 2}, {2, 3}, {4, 4}};
    by.group([](const Item& item) { return item.person; });
    REQUIRE(by.people() == 3);
    std::vector<std::uint32_t> people;
    std::vector<int> tags;
    for (std::size_t r = 0; r < by.people(); ++r) {
      people.push_back(by.person(r));
      for (std::size_t k = by.first(r); k < by.first(r + 1); ++k) {
        tags.push_back(by.item(k).tag);
      }
    }
    CHECK(people == std::vector<std::uint32_t>{2, 4, 9});
    CHECK(tags == std::vector<int>{3, 1, 4, 0, 2});
  }
  by.start(1);
  by.group([](const Item& item) { return item.person; });
  CHECK(by.people() == 0);
}

TEST_CASE("person_runs finds where each person's keys start", "[parallel]") {
  const std::vector<std::uint64_t> keys{std::uint64_t{3} << 32U | 5, std::uint64_t{3} << 32U | 9,
                                        std::uint64_t{4} << 32U,     std::uint64_t{9} << 32U | 1,
                                        std::uint64_t{9} << 32U | 2, std::uint64_t{9} << 32U | 7};
  std::vector<std::size_t> runs{99};  // what was there is replaced
  person_runs(keys, runs);
  CHECK(runs == std::vector<std::size_t>{0, 2, 3, 6});
  person_runs({}, runs);
  CHECK(runs == std::vector<std::size_t>{0});
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
