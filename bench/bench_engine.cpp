// Engine benchmarks: graph generation, one Bass day (a neighbour-reading
// per-agent phase plus a serial commit) at 1 and 2 threads, and the
// deterministic reduction. Figures and the machine they were taken on are in
// bench/README.md.
#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <array>
#include <bit>
#include <cmath>
#include <string>

#include "commsim/distributions.hpp"
#include "commsim/graph_generators.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/parallel.hpp"
#include "commsim/run/executor.hpp"
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

// A model run on a Barabasi-Albert graph (n people, m = 5), timed without
// building the graph; reported as agent-updates/s and neighbour reads/s, the
// latter nominal: reads_per_agent contact reads per person per day (10 for a
// full sweep over the mean degree, 1 for a single random contact).
void run_model(benchmark::State& state, const std::string& model, const std::string& params,
               double reads_per_agent) {
  const auto n = state.range(0);
  const auto threads = static_cast<int>(state.range(1));
  constexpr std::uint32_t kDays = 20;
  Scenario s = parse_scenario("model: " + model + "\nseed: 1\ndays: " + std::to_string(kDays) +
                                  "\npopulation: {size: " + std::to_string(n) +
                                  ", graph: {kind: barabasi_albert, mean_degree: 10}}\n" + model +
                                  ": " + params + "\n",
                              "bench.yaml", {}, models::catalog());
  Experiment experiment(std::move(s), *find_model(models::catalog(), model));
  experiment.prepare();
  tbb::task_arena arena(threads);
  for (auto _ : state) {
    const RunResult r = arena.execute([&] { return experiment.run(experiment.plans()[0]); });
    if (r.status != RunStatus::Done) {
      state.SkipWithError(r.error.c_str());
      return;
    }
    benchmark::DoNotOptimize(r.series.summaries.data());
  }
  const double updates = static_cast<double>(state.iterations()) * kDays * static_cast<double>(n);
  state.counters["agent_updates/s"] = benchmark::Counter(updates, benchmark::Counter::kIsRate);
  state.counters["neighbour_reads/s"] =
      benchmark::Counter(updates * reads_per_agent, benchmark::Counter::kIsRate);
}

// Bass with rates so low that almost nobody adopts: every day each person
// reads all their contacts.
void BM_BassDay(benchmark::State& state) {
  run_model(state, "bass", "{p: 0.00001, q: 0.001}", 10);
}
// SIS near its endemic state (beta/gamma well above threshold): susceptible
// people count infected contacts, infected people draw recovery.
void BM_SisDay(benchmark::State& state) {
  run_model(state, "sis", "{beta: 0.05, gamma: 0.1, initial_infected: 0.3}", 10);
}
// Deffuant, synchronous update (the parallel scheme): one random contact each.
void BM_DeffuantDay(benchmark::State& state) {
  run_model(state, "deffuant", "{epsilon: 0.2, update: synchronous}", 1);
}
// Hegselmann-Krause on the graph: every person averages the contacts within
// epsilon (a full masked sweep over the mean degree).
void BM_HkDay(benchmark::State& state) {
  run_model(state, "hegselmann_krause", "{epsilon: 0.2}", 10);
}
// Independent cascade from 0.01% seeds with p = 0.06: a slow cascade that is
// still spreading on day 20, so every day inactive people count contacts
// activated yesterday.
void BM_CascadeDay(benchmark::State& state) {
  run_model(state, "cascade", "{p: 0.06, seeds: " + std::to_string(state.range(0) / 10000) + "}",
            10);
}
// The yardstick: SIS written directly against the CSR arrays with a TBB loop
// and the same Philox draws (one uniform per person per day from the phase's
// shared blocks, 256 people at a time), none of the engine's machinery
// (scenario, schedule, recorder, population). The engine's SIS must stay
// within 2x of it (architecture.md), and the classic kernels aim at 1.3x.
void BM_SisHandwritten(benchmark::State& state) {
  const auto n = static_cast<VertexIndex>(state.range(0));
  const Graph g = barabasi_albert(n, 10, 1);
  const auto& rowstart = g.csr().m_forward.m_rowstart;
  const VertexIndex* column = g.csr().m_forward.m_column.data();
  const double beta = 0.05;
  const double gamma = 0.1;
  std::vector<double> infection(n);
  for (std::size_t k = 0; k < infection.size(); ++k) {
    infection[k] = 1.0 - std::pow(1.0 - beta, static_cast<double>(k));
  }
  std::vector<std::uint8_t> state_now(n);
  std::vector<std::uint8_t> state_next(n);
  tbb::task_arena arena(static_cast<int>(state.range(1)));
  constexpr std::uint32_t kDays = 20;
  const RunRng rng(1);
  for (auto _ : state) {
    for (VertexIndex v = 0; v < n; ++v) {
      auto s = rng.stream(Day{0}, 0, v);
      state_now[v] = uniform01(s) < 0.3 ? 1 : 0;
    }
    for (std::uint32_t day = 1; day <= kDays; ++day) {
      arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<VertexIndex>(0, n, 1024),
                          [&](const tbb::blocked_range<VertexIndex>& r) {
                            const PhaseRng phase = rng.phase(Day{day}, 1);
                            std::array<double, 256> u{};
                            for (VertexIndex b = r.begin(); b < r.end(); b += 256) {
                              const VertexIndex count = std::min<VertexIndex>(256, r.end() - b);
                              uniform01_each(phase, b, std::span(u.data(), count));
                              for (VertexIndex v = b; v < b + count; ++v) {
                                if (state_now[v] != 0) {
                                  state_next[v] = u[v - b] < gamma ? 0 : 1;
                                  continue;
                                }
                                std::uint32_t sick = 0;
                                for (EdgeIndex e = rowstart[v]; e < rowstart[v + 1]; ++e) {
                                  sick += state_now[column[e]];
                                }
                                state_next[v] = u[v - b] < infection[sick] ? 1 : 0;
                              }
                            }
                          });
      });
      state_now.swap(state_next);
    }
    benchmark::DoNotOptimize(state_now.data());
  }
  const double updates = static_cast<double>(state.iterations()) * kDays * static_cast<double>(n);
  state.counters["agent_updates/s"] = benchmark::Counter(updates, benchmark::Counter::kIsRate);
  state.counters["neighbour_reads/s"] =
      benchmark::Counter(updates * 10, benchmark::Counter::kIsRate);
}

// Yardsticks for the bounded-confidence kernels, written the same way as
// BM_SisHandwritten: raw CSR arrays, a TBB loop over blocks of 1,024 people,
// two swapped opinion buffers, the engine's Philox draws; 20 days after
// uniform initial opinions.
template <class DayBody>
void run_opinion_handwritten(benchmark::State& state, const DayBody& day_body, double reads) {
  const auto n = static_cast<VertexIndex>(state.range(0));
  const Graph g = barabasi_albert(n, 10, 1);
  std::vector<double> now(n);
  std::vector<double> next(n);
  tbb::task_arena arena(static_cast<int>(state.range(1)));
  constexpr std::uint32_t kDays = 20;
  const RunRng rng(1);
  for (auto _ : state) {
    for (VertexIndex v = 0; v < n; ++v) {
      auto s = rng.stream(Day{0}, 0, v);
      now[v] = uniform01(s);
    }
    for (std::uint32_t day = 1; day <= kDays; ++day) {
      arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<VertexIndex>(0, n, 1024),
                          [&](const tbb::blocked_range<VertexIndex>& r) {
                            day_body(g, rng, day, now.data(), next.data(), r.begin(), r.end());
                          });
      });
      now.swap(next);
    }
    benchmark::DoNotOptimize(now.data());
  }
  const double updates = static_cast<double>(state.iterations()) * kDays * static_cast<double>(n);
  state.counters["agent_updates/s"] = benchmark::Counter(updates, benchmark::Counter::kIsRate);
  state.counters["neighbour_reads/s"] =
      benchmark::Counter(updates * reads, benchmark::Counter::kIsRate);
}

// Hegselmann-Krause by hand: a mask-and-add sweep with an integer count.
void BM_HkHandwritten(benchmark::State& state) {
  constexpr double kEps = 0.2;
  run_opinion_handwritten(
      state,
      [](const Graph& g, const RunRng&, std::uint32_t, const double* now, double* next,
         VertexIndex begin, VertexIndex end) {
        const auto& rowstart = g.csr().m_forward.m_rowstart;
        const VertexIndex* column = g.csr().m_forward.m_column.data();
        for (VertexIndex v = begin; v < end; ++v) {
          const double x = now[v];
          double sum = x;
          std::uint64_t count = 1;
          for (EdgeIndex e = rowstart[v]; e < rowstart[v + 1]; ++e) {
            const double y = now[column[e]];
            const std::uint64_t in = std::fabs(y - x) <= kEps ? 1 : 0;
            sum += std::bit_cast<double>(std::bit_cast<std::uint64_t>(y) & (0 - in));
            count += in;
          }
          next[v] = sum / static_cast<double>(count);
        }
      },
      10);
}

// Deffuant (synchronous) by hand: one random contact from the person's word
// of the phase's shared blocks (256 people at a time), a masked move toward
// it.
void BM_DeffuantHandwritten(benchmark::State& state) {
  constexpr double kEps = 0.2;
  constexpr double kMu = 0.5;
  run_opinion_handwritten(
      state,
      [](const Graph& g, const RunRng& rng, std::uint32_t day, const double* now, double* next,
         VertexIndex begin, VertexIndex end) {
        const auto& rowstart = g.csr().m_forward.m_rowstart;
        const VertexIndex* column = g.csr().m_forward.m_column.data();
        const PhaseRng phase = rng.phase(Day{day}, 1);
        std::array<std::uint32_t, 256> words{};
        for (VertexIndex b = begin; b < end; b += 256) {
          const VertexIndex count = std::min<VertexIndex>(256, end - b);
          word_each(phase, b, std::span(words.data(), count));
          for (VertexIndex v = b; v < b + count; ++v) {
            const auto degree = static_cast<std::uint32_t>(rowstart[v + 1] - rowstart[v]);
            const double x = now[v];
            const double d =
                degree == 0
                    ? 0.0
                    : now[column[rowstart[v] + uniform_index(words[v - b], degree, phase, v)]] - x;
            const std::uint64_t in = std::fabs(d) < kEps ? 1 : 0;
            next[v] = x + std::bit_cast<double>(std::bit_cast<std::uint64_t>(kMu * d) & (0 - in));
          }
        }
      },
      1);
}

#define COMMSIM_MODEL_BENCHMARK(name)            \
  BENCHMARK(name)                                \
      ->ArgsProduct({{100000, 1000000}, {1, 2}}) \
      ->ArgNames({"n", "threads"})               \
      ->Unit(benchmark::kMillisecond)            \
      ->UseRealTime()
COMMSIM_MODEL_BENCHMARK(BM_BassDay);
COMMSIM_MODEL_BENCHMARK(BM_SisDay);
COMMSIM_MODEL_BENCHMARK(BM_DeffuantDay);
COMMSIM_MODEL_BENCHMARK(BM_CascadeDay);
COMMSIM_MODEL_BENCHMARK(BM_SisHandwritten);
COMMSIM_MODEL_BENCHMARK(BM_HkDay);
COMMSIM_MODEL_BENCHMARK(BM_HkHandwritten);
COMMSIM_MODEL_BENCHMARK(BM_DeffuantHandwritten);

// The community model's day at a fixed community size (issue 18): the
// scenario of bench/community_fixed_size.sh (20 groups of at most 500, no
// cloning, so about 10^4 members on day 365 at every population size) on
// the given graph kind with mean degree 10, one 365-day run per iteration,
// timed without what comes before day 1 (graph, initial draw, day 0:
// RunResult::setup_seconds). On a Barabasi-Albert graph the members are
// hubs whose contacts grow with the population (recruitment follows
// contacts), so the work of invitations and word of mouth grows too; on an
// Erdos-Renyi graph their contacts do not, and ms_per_day shows what the
// population alone costs.
void community_day(benchmark::State& state, const std::string& graph_kind) {
  const auto n = state.range(0);
  const auto threads = static_cast<int>(state.range(1));
  constexpr std::uint32_t kDays = 365;
  Scenario s = parse_scenario(
      "model: community\nseed: 1\ndays: " + std::to_string(kDays) +
          "\npopulation: {size: " + std::to_string(n) + ", graph: {kind: " + graph_kind +
          ", mean_degree: 10}}\n"
          "community:\n  groups: 20\n  capacity: 500\n  clone_when_full: false\n"
          "  seed_members: 2000\n  activities:\n    - {type: lottery, every_days: 7}\n"
          "    - {type: group_buy, every_days: 14}\n",
      "community_day.yaml", {}, models::catalog());
  Experiment experiment(std::move(s), *find_model(models::catalog(), "community"));
  experiment.prepare();
  tbb::task_arena arena(threads);
  double setup = 0;
  double days = 0;
  for (auto _ : state) {
    const RunResult r = arena.execute([&] { return experiment.run(experiment.plans()[0]); });
    if (r.status != RunStatus::Done) {
      state.SkipWithError(r.error.c_str());
      return;
    }
    state.SetIterationTime(r.wall_seconds - r.setup_seconds);
    setup += r.setup_seconds;
    days += r.wall_seconds - r.setup_seconds;
  }
  const auto runs = static_cast<double>(state.iterations());
  state.counters["ms_per_day"] = days / runs / kDays * 1000;
  state.counters["setup_s"] = setup / runs;
}
void BM_CommunityDay(benchmark::State& state) {
  community_day(state, "barabasi_albert");
}
void BM_CommunityDayErdosRenyi(benchmark::State& state) {
  community_day(state, "erdos_renyi");
}
void community_day_sizes(benchmark::internal::Benchmark* b) {
  b->ArgsProduct({{100000, 1000000, 10000000}, {2}})
      ->ArgNames({"n", "threads"})
      ->Unit(benchmark::kSecond)
      ->Iterations(1)
      ->UseManualTime();
}
BENCHMARK(BM_CommunityDay)->Apply(community_day_sizes);
BENCHMARK(BM_CommunityDayErdosRenyi)->Apply(community_day_sizes);

// A sweep of 200 small runs (Bass, 2,000 people, 60 days, 10 points x 20
// replicates): the experiment-level parallelism. Speed-up = time(1) / time(2).
void BM_Sweep200(benchmark::State& state) {
  Scenario s = parse_scenario(
      "model: bass\nseed: 1\ndays: 60\nreplicates: 20\n"
      "population: {size: 2000, graph: {kind: barabasi_albert, mean_degree: 10}}\n"
      "bass: {p: 0.002, q: 0.3}\n"
      "sweep: {sample: {method: latin_hypercube, points: 10, ranges: {bass.q: [0.1, 0.5]}}}\n",
      "sweep.yaml", {}, models::catalog());
  Experiment experiment(std::move(s), *find_model(models::catalog(), "bass"));
  experiment.prepare();
  const Threads threads = Threads::from_setting(state.range(0));
  for (auto _ : state) {
    Executor executor(experiment, {}, {});
    run_local(executor, threads);
    benchmark::DoNotOptimize(executor.report().failures.size());
  }
  state.counters["runs/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * 200,
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Sweep200)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("threads")
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

// Grouping a day's events by person (sort_by_person, a serial radix sort on
// the person): keys person << 32 | place with places ascending and people
// uniform over a population of 10^7, as the community model's invitations
// and word of mouth make them at 10^7 people (some 3.5 x 10^4 a day).
void BM_SortByPerson(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  constexpr std::uint32_t kPeople = 10000000;
  std::vector<std::uint64_t> keys(n);
  RandomStream rng(1, 0, 0, 0);
  for (std::size_t i = 0; i < n; ++i) {
    keys[i] = std::uint64_t{uniform_index(rng, kPeople)} << 32U | i;
  }
  std::vector<std::uint64_t> work;
  for (auto _ : state) {
    work = keys;
    sort_by_person(work);
    benchmark::DoNotOptimize(work.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SortByPerson)->Arg(35000)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
