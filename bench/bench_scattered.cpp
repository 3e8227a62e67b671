// What a member's columns cost when the members are scattered over a large
// population (issue 18): read one entry of each of `columns` double columns
// of 10^7 people at 10^4 people in id order (as the community model's
// per-member phases do), with the cache emptied before each pass, and with
// or without asking for the person `ahead` places on first
// (__builtin_prefetch). ns_per_line is the cost of one scattered cache line
// on this machine: the floor under a member's day, which touched some 100
// before the member records (models/community/member_record.hpp).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "commsim/huge_pages.hpp"

namespace {

void BM_ScatteredColumns(benchmark::State& state) {
  constexpr std::uint32_t kPeople = 10'000'000;
  constexpr std::uint32_t kMembers = 10'000;
  const auto columns = static_cast<std::size_t>(state.range(0));
  const auto ahead = static_cast<std::uint32_t>(state.range(1));
  std::vector<std::vector<double>> table;
  for (std::size_t c = 0; c < columns; ++c) {
    table.push_back(commsim::huge_page_vector<double>(kPeople, static_cast<double>(c)));
  }
  std::mt19937 rng(1);
  std::vector<std::uint32_t> members(kMembers);
  for (auto& m : members) {
    m = static_cast<std::uint32_t>(rng() % kPeople);
  }
  std::sort(members.begin(), members.end());
  // Larger than the last-level cache: read between passes to empty it.
  std::vector<double> flush(std::size_t{64} << 20U >> 3U, 1.0);
  double sum = 0;
  double seconds = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < flush.size(); i += 8) {
      sum += flush[i];
    }
    const auto start = std::chrono::steady_clock::now();
    for (std::uint32_t i = 0; i < kMembers; ++i) {
      if (ahead > 0 && i + ahead < kMembers) {
        for (const auto& column : table) {
          __builtin_prefetch(column.data() + members[i + ahead]);
        }
      }
      for (const auto& column : table) {
        sum += column[members[i]];
      }
    }
    const std::chrono::duration<double> pass = std::chrono::steady_clock::now() - start;
    state.SetIterationTime(pass.count());
    seconds += pass.count();
  }
  benchmark::DoNotOptimize(sum);
  const auto lines =
      static_cast<double>(state.iterations()) * kMembers * static_cast<double>(columns);
  state.counters["ns_per_line"] = seconds / lines * 1e9;
}
BENCHMARK(BM_ScatteredColumns)
    ->ArgsProduct({{32}, {0, 8}})
    ->ArgNames({"columns", "ahead"})
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime();

}  // namespace
