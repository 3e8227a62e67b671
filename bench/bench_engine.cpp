// Engine benchmarks: graph generation, one Bass day (a neighbour-reading
// per-agent phase plus a serial commit) at 1 and 2 threads, and the
// deterministic reduction. Figures and the machine they were taken on are in
// bench/README.md.
#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <cmath>

#include "commsim/graph_generators.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/parallel.hpp"
#include "commsim/runner.hpp"
#include "models/registry.hpp"

namespace {

using namespace commsim;

void BM_BarabasiAlbert(benchmark::State& state) {
  const auto n = static_cast<VertexIndex>(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(barabasi_albert(n, 10, 1));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetLabel("people/s");
}
BENCHMARK(BM_BarabasiAlbert)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

// Bass on a Barabasi-Albert graph (n people, m = 5) with rates so low that
// almost nobody adopts: every day each person reads all their contacts.
void BM_BassDay(benchmark::State& state) {
  const auto n = state.range(0);
  const auto threads = static_cast<int>(state.range(1));
  constexpr std::uint32_t kDays = 20;
  Scenario s = parse_scenario("model: bass\nseed: 1\ndays: " + std::to_string(kDays) +
                                  "\npopulation: {size: " + std::to_string(n) +
                                  ", graph: {kind: barabasi_albert, mean_degree: 10}}\n"
                                  "bass: {p: 0.00001, q: 0.001}\n",
                              "bench.yaml", {}, models::catalog());
  Experiment experiment(std::move(s), *find_model(models::catalog(), "bass"));
  experiment.prepare();
  tbb::task_arena arena(threads);
  for (auto _ : state) {
    const RunResult r = arena.execute([&] { return experiment.run(experiment.plans()[0]); });
    benchmark::DoNotOptimize(r.series.summaries.data());
  }
  const double edges_read = 2.0 * (5.0 * static_cast<double>(n));
  state.counters["agent_updates/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kDays * static_cast<double>(n),
                         benchmark::Counter::kIsRate);
  state.counters["neighbour_reads/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kDays * edges_read, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BassDay)
    ->ArgsProduct({{100000, 1000000}, {1, 2}})
    ->ArgNames({"n", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_DeterministicSum(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  std::vector<double> values(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    values[i] = std::sin(i);
  }
  tbb::task_arena arena(static_cast<int>(state.range(1)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(arena.execute(
        [&] { return deterministic_sum<double>(n, [&](std::uint32_t i) { return values[i]; }); }));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_DeterministicSum)->ArgsProduct({{1000000}, {1, 2}})->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
