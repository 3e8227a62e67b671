// ABC-SMC end to end on toy simulators written here (no engine):
//   - posteriors against analytic ones (normal mean, known variance);
//   - a parameter no target depends on keeps its prior, discrete ones too;
//   - a flat prior narrows under an informative target;
//   - coverage of 90 % intervals over 100 synthetic data sets;
//   - verifiers: batch sizes, result order and resume do not change a bit;
//   - stopping rules and failure paths.
//
// Statistical tolerances. A weighted population with Kish effective sample
// size ESS estimates a posterior mean with standard error about
// sd / sqrt(ESS) and a posterior sd with standard error about
// sd / sqrt(2 ESS); checks allow 5 of these. SMC particles are not
// independent (shared ancestors), so Kish's ESS is optimistic: over 40
// repetitions of the normal-mean case (N = 500) the root mean square of
// (estimate - exact) / (sd / sqrt(ESS)) was 1.3 (OLCM) and 1.5 (weighted),
// so 5 such errors are about 3.5 true standard errors. The seeds are
// fixed, so the checks are deterministic.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <numeric>
#include <optional>
#include <vector>

#include <tbb/task_arena.h>

#include "commsim/calibrate/abc_smc.hpp"
#include "commsim/distributions.hpp"
#include "commsim/error.hpp"

using namespace commsim;
using namespace commsim::calibrate;

namespace {

// A simulator sees the candidate's parameters, generation and index; its
// own randomness is keyed by (generation, index), as the executor's runs
// are keyed by their run index, so it is deterministic whatever the batching.
using Simulator =
    std::function<SimulatedTargets(std::span<const double>, std::size_t, std::uint64_t)>;

RandomStream sim_stream(std::uint64_t seed, std::size_t generation, std::uint64_t index) {
  return RandomStream(derive_seed(seed, generation), 0, 0, static_cast<std::uint32_t>(index));
}

// Drives the sampler serially with fixed-size batches.
AbcSmc run(AbcSmc abc, const Simulator& simulate, std::size_t batch_size) {
  while (!abc.done()) {
    const Batch batch = abc.next_batch(batch_size);
    std::vector<SimulatedTargets> results;
    for (std::size_t k = 0; k < batch.size(); ++k) {
      results.push_back(simulate(batch.parameters[k], batch.generation, batch.first + k));
    }
    abc.accept(batch, results);
    if (abc.generation_complete() && abc.outstanding() == 0) {
      abc.finish_generation();
    }
  }
  return abc;
}

// Everything but `simulations`, which counts discarded candidates and so
// depends on batch sizes.
void require_same(const Generation& a, const Generation& b) {
  INFO("generation " << a.index);
  REQUIRE(a.index == b.index);
  REQUIRE(a.tolerance == b.tolerance);
  REQUIRE(a.population_size == b.population_size);
  REQUIRE(a.dims == b.dims);
  REQUIRE(a.particles == b.particles);
  REQUIRE(a.weights == b.weights);
  REQUIRE(a.distances == b.distances);
  REQUIRE(a.candidate_indices == b.candidate_indices);
  REQUIRE(a.candidates == b.candidates);
  REQUIRE(a.acceptance_rate == b.acceptance_rate);
  REQUIRE(a.ess == b.ess);
  REQUIRE(a.scales == b.scales);
}

void require_same(const std::vector<Generation>& a, const std::vector<Generation>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t g = 0; g < a.size(); ++g) {
    require_same(a[g], b[g]);
  }
}

// The normal-mean model: n observations with known sd sigma; the summary is
// their mean, simulated directly as N(mu, sigma^2 / n).
constexpr double kSigma = 1.0;
constexpr double kN = 20.0;

Simulator normal_mean(std::uint64_t seed) {
  return [seed](std::span<const double> theta, std::size_t g, std::uint64_t i) {
    RandomStream rng = sim_stream(seed, g, i);
    return SimulatedTargets{{normal(rng, theta[0], kSigma / std::sqrt(kN))}};
  };
}

// Conjugate posterior of mu given ybar under a N(m0, s0^2) prior.
struct NormalPosterior {
  double mean;
  double sd;
  double slope;  // d mean / d ybar
};
NormalPosterior conjugate(double m0, double s0, double ybar) {
  const double precision = 1 / (s0 * s0) + kN / (kSigma * kSigma);
  const double slope = (kN / (kSigma * kSigma)) / precision;
  return {(m0 / (s0 * s0) + kN * ybar / (kSigma * kSigma)) / precision, std::sqrt(1 / precision),
          slope};
}

AbcSmcSettings settings_for(std::size_t n, KernelKind kernel, std::uint64_t seed) {
  AbcSmcSettings s;
  s.population_size = n;
  s.kernel = kernel;
  s.seed = seed;
  s.stop.max_generations = 30;
  return s;
}

}  // namespace

TEST_CASE("normal mean: the ABC posterior matches the conjugate posterior",
          "[calibrate][abc_smc]") {
  const double ybar = 0.8;
  const NormalPosterior exact = conjugate(0.0, 1.0, ybar);
  for (const auto kind : {KernelKind::Olcm, KernelKind::Weighted}) {
    INFO("kernel " << kernel_kind_name(kind));
    AbcSmcSettings s = settings_for(1000, kind, 2024);
    s.stop.min_tolerance = 0.02;
    const AbcSmc abc =
        run(AbcSmc({Prior::normal("mu", 0, 1)}, {{"ybar", {ybar}}}, s), normal_mean(7), 100);
    REQUIRE(abc.stop_reason() == StopReason::MinTolerance);
    const Generation& g = abc.history().back();
    CHECK(g.tolerance == 0.02);
    // Accepting |ybar_sim - ybar| <= h widens the posterior as if ybar were
    // blurred by U(-h, h): variance + (slope h)^2 / 3, with h the tolerance
    // in data units (tolerance times the MAD scale). Here that is < 0.1 %.
    const double h = g.tolerance * g.scales[0];
    const double abc_sd = std::sqrt(exact.sd * exact.sd + exact.slope * exact.slope * h * h / 3);
    const double mean = posterior_mean(g, 0);
    const double sd = posterior_sd(g, 0);
    INFO("mean " << mean << " (exact " << exact.mean << "), sd " << sd << " (exact " << abc_sd
                 << "), ESS " << g.ess << ", generations " << g.index);
    CHECK(std::fabs(mean - exact.mean) <= 5 * abc_sd / std::sqrt(g.ess));
    CHECK(std::fabs(sd - abc_sd) <= 5 * abc_sd / std::sqrt(2 * g.ess));
    // The tolerances fall generation by generation.
    for (std::size_t t = 2; t < abc.history().size(); ++t) {
      CHECK(abc.history()[t].tolerance <= abc.history()[t - 1].tolerance);
    }
  }
}

TEST_CASE("parameters that no target depends on keep their prior", "[calibrate][abc_smc]") {
  // Only mu reaches the simulator; the others must come out as their
  // priors, which needs exact importance weights: the kernel is truncated
  // at the support's edges, and the integer and categorical parts enter the
  // weights through their masses.
  const std::vector<Prior> priors{
      Prior::normal("mu", 0, 1),        Prior::uniform("nu", 0, 10),
      Prior::integer("k", 0, 5),        Prior::categorical("c", {"a", "b", "c"}, {0.5, 0.3, 0.2}),
      Prior::log_uniform("r", 0.01, 1), Prior::truncated_normal("t", 0, 1, 0, 3),
  };
  AbcSmcSettings s = settings_for(2000, KernelKind::Olcm, 99);
  s.stop.max_generations = 5;
  const AbcSmc abc = run(AbcSmc(priors, {{"ybar", {0.3}}}, s), normal_mean(5), 256);
  const Generation& g = abc.history().back();
  REQUIRE(g.index == 5);
  INFO("ESS " << g.ess << ", tolerance " << g.tolerance);
  const double ess = g.ess;
  auto check_marginal = [&](std::size_t j, double mean, double sd) {
    INFO(priors[j].name() << ": mean " << posterior_mean(g, j) << " vs " << mean << ", sd "
                          << posterior_sd(g, j) << " vs " << sd);
    CHECK(std::fabs(posterior_mean(g, j) - mean) <= 5 * sd / std::sqrt(ess));
    CHECK(std::fabs(posterior_sd(g, j) - sd) <= 5 * sd / std::sqrt(2 * ess));
  };
  for (std::size_t j = 1; j < priors.size(); ++j) {
    if (j != 3 && j != 4) {
      check_marginal(j, priors[j].mean(), priors[j].sd());
    }
  }
  // log r is uniform on [log 0.01, 0].
  double m = 0;
  for (std::size_t i = 0; i < g.population_size; ++i) {
    m += g.weights[i] * std::log(g.particle(i)[4]);
  }
  const double log_lo = std::log(0.01);
  CHECK(std::fabs(m - log_lo / 2) <= 5 * (-log_lo / std::sqrt(12.0)) / std::sqrt(ess));
  // Category shares: within 5 sqrt(p (1 - p) / ESS).
  for (std::size_t c = 0; c < 3; ++c) {
    double share = 0;
    for (std::size_t i = 0; i < g.population_size; ++i) {
      share += g.particle(i)[3] == double(c) ? g.weights[i] : 0.0;
    }
    const double p = priors[3].probabilities()[c];
    INFO("category " << c << ": share " << share << " vs " << p);
    CHECK(std::fabs(share - p) <= 5 * std::sqrt(p * (1 - p) / ess));
  }
  // And mu did learn from the data.
  CHECK(posterior_sd(g, 0) < 0.5);
}

TEST_CASE("a flat prior narrows under an informative target", "[calibrate][abc_smc]") {
  AbcSmcSettings s = settings_for(500, KernelKind::Olcm, 3);
  s.stop.max_generations = 8;
  const double ybar = 1.7;
  const AbcSmc abc =
      run(AbcSmc({Prior::uniform("mu", -5, 5)}, {{"ybar", {ybar}}}, s), normal_mean(11), 64);
  const Generation& g = abc.history().back();
  // Prior sd 10 / sqrt 12 = 2.89; the likelihood's sd is 1 / sqrt 20 = 0.22.
  CHECK(posterior_sd(g, 0) < 0.1 * Prior::uniform("mu", -5, 5).sd());
  CHECK(std::fabs(posterior_mean(g, 0) - ybar) <= 5 * posterior_sd(g, 0) / std::sqrt(g.ess));
}

TEST_CASE("90% posterior intervals cover the truth 90% of the time", "[calibrate][abc_smc]") {
  // The truth is drawn from the prior and the data from the truth, so a
  // calibrated posterior covers it with probability 0.9 exactly. Over 100
  // data sets the count is Binomial(100, 0.9) (mean 90, sd 3); we accept
  // 81..99, where P(X <= 80) = 0.002 and P(X = 100) = 0.00003. ABC with
  // tolerance h > 0 widens intervals slightly, which pushes the count up,
  // not down.
  constexpr int kDataSets = 100;
  int covered = 0;
  for (int d = 0; d < kDataSets; ++d) {
    RandomStream truth_rng(derive_seed(555, 0), 0, 0, static_cast<std::uint32_t>(d));
    const double mu = normal(truth_rng, 0, 1);
    const double ybar = normal(truth_rng, mu, kSigma / std::sqrt(kN));
    AbcSmcSettings s = settings_for(300, KernelKind::Olcm, 1000 + static_cast<std::uint64_t>(d));
    s.stop.min_tolerance = 0.05;
    const AbcSmc abc = run(AbcSmc({Prior::normal("mu", 0, 1)}, {{"ybar", {ybar}}}, s),
                           normal_mean(2000 + static_cast<std::uint64_t>(d)), 128);
    const Generation& g = abc.history().back();
    const double lo = posterior_quantile(g, 0, 0.05);
    const double hi = posterior_quantile(g, 0, 0.95);
    covered += (lo <= mu && mu <= hi) ? 1 : 0;
  }
  INFO("covered " << covered << " of " << kDataSets);
  CHECK(covered >= 81);
  CHECK(covered <= 99);
}

namespace {

// A model with every kind of parameter, a two-target distance (a summary
// and a short series with a missing observation) and simulations that
// sometimes fail (NaN), for the verifiers.
std::vector<Prior> mixed_priors() {
  return {Prior::normal("mu", 0, 2), Prior::log_uniform("rate", 0.01, 1), Prior::integer("k", 0, 4),
          Prior::categorical("c", {"x", "y"}, {0.6, 0.4}),
          Prior::truncated_normal("t", 1, 1, 0, 5)};
}
std::vector<ObservedTarget> mixed_targets() {
  return {{"level", {1.0}, 1.0}, {"series", {0.5, std::nan(""), 1.5, 2.0}, 2.0}};
}
SimulatedTargets mixed_simulate(std::span<const double> theta, std::size_t g, std::uint64_t i) {
  RandomStream rng = sim_stream(77, g, i);
  const double level = theta[0] + 0.3 * normal(rng) + 0.1 * theta[3];
  if (theta[0] > 3.5) {
    return {{std::nan("")}, {0, 0, 0, 0}};
  }
  std::vector<double> series(4);
  for (std::size_t d = 0; d < 4; ++d) {
    series[d] = theta[1] * 3 * double(d) + 0.2 * theta[2] + 0.1 * theta[4] + 0.2 * normal(rng);
  }
  return {{level}, series};
}
AbcSmcSettings mixed_settings(KernelKind kind) {
  AbcSmcSettings s;
  s.population_size = 60;
  s.kernel = kind;
  s.seed = 31337;
  s.stop.max_generations = 5;
  return s;
}

}  // namespace

TEST_CASE("batch sizes, result order and threads do not change a bit",
          "[calibrate][abc_smc][verifier]") {
  for (const auto kind : {KernelKind::Olcm, KernelKind::Weighted}) {
    INFO("kernel " << kernel_kind_name(kind));
    const AbcSmc one =
        run(AbcSmc(mixed_priors(), mixed_targets(), mixed_settings(kind)), mixed_simulate, 1);
    REQUIRE(one.history().size() == 6);
    for (const std::size_t size : {std::size_t{7}, std::size_t{64}}) {
      INFO("batch size " << size);
      const AbcSmc other =
          run(AbcSmc(mixed_priors(), mixed_targets(), mixed_settings(kind)), mixed_simulate, size);
      require_same(one.history(), other.history());
      for (const auto& g : other.history()) {
        CHECK(g.simulations >= g.candidates);
      }
    }
    // Five batches out at a time, results handed back last first.
    AbcSmc abc(mixed_priors(), mixed_targets(), mixed_settings(kind));
    while (!abc.done()) {
      std::vector<Batch> batches;
      batches.reserve(5);
      for (int b = 0; b < 5; ++b) {
        batches.push_back(abc.next_batch(9));
      }
      for (auto it = batches.rbegin(); it != batches.rend(); ++it) {
        std::vector<SimulatedTargets> results;
        for (std::size_t k = 0; k < it->size(); ++k) {
          results.push_back(mixed_simulate(it->parameters[k], it->generation, it->first + k));
        }
        abc.accept(*it, results);
      }
      if (abc.generation_complete() && abc.outstanding() == 0) {
        abc.finish_generation();
      }
    }
    require_same(one.history(), abc.history());
    // Proposals, OLCM factorisations and weights run in parallel; one
    // thread and several give the same bits.
    std::optional<AbcSmc> serial;
    std::optional<AbcSmc> parallel;
    tbb::task_arena(1).execute([&] {
      serial =
          run(AbcSmc(mixed_priors(), mixed_targets(), mixed_settings(kind)), mixed_simulate, 64);
    });
    tbb::task_arena(4).execute([&] {
      parallel =
          run(AbcSmc(mixed_priors(), mixed_targets(), mixed_settings(kind)), mixed_simulate, 64);
    });
    require_same(serial->history(), one.history());
    require_same(parallel->history(), one.history());
  }
}

TEST_CASE("a resumed run continues bit for bit", "[calibrate][abc_smc][verifier]") {
  const AbcSmcSettings s = mixed_settings(KernelKind::Olcm);
  const AbcSmc whole = run(AbcSmc(mixed_priors(), mixed_targets(), s), mixed_simulate, 16);
  REQUIRE(whole.history().size() == 6);
  for (const std::size_t k : {std::size_t{0}, std::size_t{2}, std::size_t{4}}) {
    INFO("resumed after generation " << k);
    // As a writer would store them: copies of the records.
    std::vector<Generation> stored(whole.history().begin(),
                                   whole.history().begin() + static_cast<std::ptrdiff_t>(k + 1));
    AbcSmc resumed = AbcSmc::resume(mixed_priors(), mixed_targets(), s, stored);
    REQUIRE_FALSE(resumed.done());
    CHECK(resumed.generation() == k + 1);
    CHECK(resumed.tolerance() == whole.history()[k + 1].tolerance);
    resumed = run(std::move(resumed), mixed_simulate, 16);
    require_same(whole.history(), resumed.history());
    CHECK(resumed.stop_reason() == whole.stop_reason());
    CHECK(resumed.total_simulations() == whole.total_simulations());
  }
  // A finished run resumes finished; with a larger max_generations it goes on.
  const AbcSmc finished = AbcSmc::resume(mixed_priors(), mixed_targets(), s, whole.history());
  CHECK(finished.done());
  CHECK(finished.stop_reason() == StopReason::MaxGenerations);
  AbcSmcSettings longer = s;
  longer.stop.max_generations = 7;
  const AbcSmc extended = run(
      AbcSmc::resume(mixed_priors(), mixed_targets(), longer, whole.history()), mixed_simulate, 16);
  const AbcSmc straight = run(AbcSmc(mixed_priors(), mixed_targets(), longer), mixed_simulate, 16);
  require_same(straight.history(), extended.history());
  // An empty history is a fresh start.
  CHECK(AbcSmc::resume(mixed_priors(), mixed_targets(), s, {}).generation() == 0);
}

TEST_CASE("resume checks the history against the priors and targets", "[calibrate][abc_smc]") {
  using Catch::Contains;
  const AbcSmcSettings s = mixed_settings(KernelKind::Olcm);
  const AbcSmc whole = run(AbcSmc(mixed_priors(), mixed_targets(), s), mixed_simulate, 16);
  auto h = whole.history();
  h[1].index = 7;
  CHECK_THROWS_WITH(AbcSmc::resume(mixed_priors(), mixed_targets(), s, h),
                    Contains("generation 1") && Contains("recorded as generation 7"));
  h = whole.history();
  h[0].weights.pop_back();
  CHECK_THROWS_AS(AbcSmc::resume(mixed_priors(), mixed_targets(), s, h), InputError);
  h = whole.history();
  h[2].scales.push_back(1.0);
  CHECK_THROWS_WITH(AbcSmc::resume(mixed_priors(), mixed_targets(), s, h),
                    Contains("distance scales"));
  auto narrower = mixed_priors();
  narrower[0] = Prior::normal("mu", 0, 2);
  narrower[2] = Prior::integer("k", 0, 1);
  CHECK_THROWS_WITH(AbcSmc::resume(narrower, mixed_targets(), s, whole.history()),
                    Contains("outside the prior of 'k'"));
}

TEST_CASE("stopping rules", "[calibrate][abc_smc]") {
  const std::vector<Prior> priors{Prior::normal("mu", 0, 1)};
  const std::vector<ObservedTarget> observed{{"ybar", {0.4}}};

  SECTION("minimum tolerance: the last generation runs at exactly the minimum") {
    AbcSmcSettings s = settings_for(100, KernelKind::Olcm, 1);
    s.stop.min_tolerance = 0.1;
    const AbcSmc abc = run(AbcSmc(priors, observed, s), normal_mean(1), 32);
    CHECK(abc.stop_reason() == StopReason::MinTolerance);
    CHECK(abc.history().back().tolerance == 0.1);
    for (std::size_t t = 1; t + 1 < abc.history().size(); ++t) {
      CHECK(abc.history()[t].tolerance > 0.1);
    }
  }
  SECTION("simulation budget: never exceeded, the partial generation is dropped") {
    AbcSmcSettings s = settings_for(100, KernelKind::Olcm, 1);
    s.stop.max_simulations = 1500;
    const AbcSmc abc = run(AbcSmc(priors, observed, s), normal_mean(1), 32);
    CHECK(abc.stop_reason() == StopReason::SimulationBudget);
    CHECK(abc.total_simulations() <= 1500);
    std::uint64_t recorded = 0;
    for (const auto& g : abc.history()) {
      recorded += g.simulations;
    }
    CHECK(recorded <= abc.total_simulations());
    CHECK(abc.history().size() >= 2);
  }
  SECTION("minimum acceptance rate: a generation below it is abandoned") {
    AbcSmcSettings s = settings_for(100, KernelKind::Olcm, 1);
    s.stop.min_acceptance_rate = 0.2;
    const AbcSmc abc = run(AbcSmc(priors, observed, s), normal_mean(1), 32);
    CHECK(abc.stop_reason() == StopReason::MinAcceptanceRate);
    for (const auto& g : abc.history()) {
      CHECK(g.acceptance_rate >= 0.2);
    }
    // The abandoned generation handed out N / rate = 500 candidates.
    std::uint64_t recorded = 0;
    for (const auto& g : abc.history()) {
      recorded += g.simulations;
    }
    CHECK(abc.total_simulations() - recorded == 500);
  }
  SECTION("max generations counts the generations after the prior sample") {
    AbcSmcSettings s = settings_for(50, KernelKind::Weighted, 1);
    s.stop.max_generations = 3;
    const AbcSmc abc = run(AbcSmc(priors, observed, s), normal_mean(1), 32);
    CHECK(abc.stop_reason() == StopReason::MaxGenerations);
    REQUIRE(abc.history().size() == 4);
    CHECK(std::isinf(abc.history()[0].tolerance));
    CHECK(abc.history()[0].acceptance_rate == 1.0);
    for (const auto& g : abc.history()) {
      CHECK(std::accumulate(g.weights.begin(), g.weights.end(), 0.0) == Approx(1.0));
      CHECK(g.ess > 1.0);
      CHECK(g.ess <= 50.0 + 1e-9);
      for (std::size_t i = 0; i < g.population_size; ++i) {
        CHECK(g.distances[i] <= g.tolerance);
      }
    }
  }
}

TEST_CASE("the protocol is checked", "[calibrate][abc_smc]") {
  using Catch::Contains;
  AbcSmcSettings s = settings_for(10, KernelKind::Olcm, 1);
  AbcSmc abc({Prior::normal("mu", 0, 1)}, {{"ybar", {0.4}}, {"series", {1.0, 2.0}}}, s);
  const Batch batch = abc.next_batch(4);
  REQUIRE(batch.size() == 4);
  CHECK(batch.first == 0);
  CHECK(abc.outstanding() == 4);
  CHECK_THROWS_AS(abc.finish_generation(), Error);
  std::vector<SimulatedTargets> wrong(4, SimulatedTargets{{0.4}, {1.0}});
  CHECK_THROWS_WITH(abc.accept(batch, wrong),
                    Contains("'series'") && Contains("simulated 1 values but observed 2"));
  CHECK(abc.outstanding() == 4);  // nothing was taken
  std::vector<SimulatedTargets> right(4, SimulatedTargets{{0.4}, {1.0, 2.0}});
  CHECK_THROWS_AS(abc.accept(batch, std::span(right).first(3)), Error);
  abc.accept(batch, right);
  CHECK_THROWS_WITH(abc.accept(batch, right), Contains("came back already"));
  Batch forged = batch;
  forged.first = 40;
  CHECK_THROWS_AS(abc.accept(forged, right), Error);
  // Generation 0 hands out exactly N candidates.
  const Batch rest = abc.next_batch(100);
  CHECK(rest.size() == 6);
  CHECK(abc.next_batch(100).empty());
  abc.accept(rest, std::vector<SimulatedTargets>(6, SimulatedTargets{{0.4}, {1.0, 2.0}}));
  CHECK(abc.generation_complete());
  abc.finish_generation();
  CHECK(abc.generation() == 1);
  CHECK_THROWS_WITH(
      abc.accept(rest, std::vector<SimulatedTargets>(6, SimulatedTargets{{0.4}, {1.0, 2.0}})),
      Contains("generation 0 during generation 1"));
}

TEST_CASE("a candidate is a pure function of seed, generation and index", "[calibrate][abc_smc]") {
  AbcSmc a(mixed_priors(), mixed_targets(), mixed_settings(KernelKind::Olcm));
  AbcSmc b(mixed_priors(), mixed_targets(), mixed_settings(KernelKind::Olcm));
  const Batch big = a.next_batch(30);
  static_cast<void>(b.next_batch(10));
  const Batch tail = b.next_batch(20);
  for (std::size_t k = 0; k < 20; ++k) {
    CHECK(tail.parameters[k] == big.parameters[10 + k]);
    CHECK(a.candidate(10 + k) == big.parameters[10 + k]);
  }
  AbcSmcSettings other = mixed_settings(KernelKind::Olcm);
  other.seed = 31338;
  AbcSmc c(mixed_priors(), mixed_targets(), other);
  CHECK(c.next_batch(1).parameters[0] != big.parameters[0]);
}

TEST_CASE("bad settings raise InputError naming what is wrong", "[calibrate][abc_smc]") {
  using Catch::Contains;
  const std::vector<Prior> priors{Prior::normal("mu", 0, 1)};
  const std::vector<ObservedTarget> observed{{"ybar", {0.4}}};
  const AbcSmcSettings good;
  CHECK_THROWS_WITH(AbcSmc({}, observed, good), Contains("at least one parameter"));
  CHECK_THROWS_WITH(AbcSmc({Prior::normal("mu", 0, 1), Prior::uniform("mu", 0, 1)}, observed, good),
                    Contains("'mu'") && Contains("twice"));
  CHECK_THROWS_WITH(AbcSmc(priors, {}, good), Contains("observed target"));
  auto with = [&](auto change) {
    AbcSmcSettings s = good;
    change(s);
    return s;
  };
  CHECK_THROWS_WITH(AbcSmc(priors, observed, with([](auto& s) { s.population_size = 1; })),
                    Contains("population_size") && Contains(">= 2") && Contains("got 1"));
  CHECK_THROWS_WITH(AbcSmc(priors, observed, with([](auto& s) { s.alpha = 1.0; })),
                    Contains("alpha") && Contains("(0, 1)"));
  CHECK_THROWS_WITH(AbcSmc(priors, observed, with([](auto& s) { s.alpha = 0.0; })),
                    Contains("alpha"));
  CHECK_THROWS_WITH(AbcSmc(priors, observed, with([](auto& s) { s.alpha = std::nan(""); })),
                    Contains("alpha"));
  CHECK_THROWS_WITH(AbcSmc(priors, observed, with([](auto& s) { s.categorical_jump = 0; })),
                    Contains("categorical_jump"));
  CHECK_THROWS_WITH(AbcSmc(priors, observed, with([](auto& s) { s.stop.max_generations = 0; })),
                    Contains("max_generations"));
  CHECK_THROWS_WITH(AbcSmc(priors, observed, with([](auto& s) { s.stop.min_tolerance = -1; })),
                    Contains("min_tolerance"));
  CHECK_THROWS_WITH(AbcSmc(priors, observed, with([](auto& s) { s.stop.max_simulations = 10; })),
                    Contains("max_simulations") && Contains("population_size (1000)"));
  CHECK_THROWS_WITH(AbcSmc(priors, observed, with([](auto& s) { s.stop.min_acceptance_rate = 1; })),
                    Contains("min_acceptance_rate"));
  CHECK_THROWS_WITH(AbcSmc(priors, observed, with([](auto& s) { s.max_proposal_attempts = 0; })),
                    Contains("max_proposal_attempts"));
  // Priors check their own arguments, naming the parameter.
  CHECK_THROWS_WITH(Prior::uniform("beta", 2, 1), Contains("'beta'"));
  CHECK_THROWS_WITH(Prior::log_uniform("rate", 0, 1), Contains("'rate'") && Contains("lo > 0"));
  CHECK_THROWS_WITH(Prior::normal("mu", 0, 0), Contains("'mu'") && Contains("sd > 0"));
  // Observed and simulated shapes must agree; the message names the target.
  AbcSmc abc(priors, {{"daily", {1.0, 2.0, 3.0}}}, with([](auto& s) { s.population_size = 2; }));
  const Batch b = abc.next_batch(2);
  CHECK_THROWS_WITH(abc.accept(b, std::vector<SimulatedTargets>(2, SimulatedTargets{{1.0}})),
                    Contains("'daily'") && Contains("simulated 1 values but observed 3"));
}

TEST_CASE("proposals that never fit the prior give a clear error", "[calibrate][abc_smc]") {
  using Catch::Contains;
  // All mass of generation 0 at the upper bound region and a tiny attempt
  // cap: the kernel keeps stepping outside.
  AbcSmcSettings s = settings_for(20, KernelKind::Weighted, 5);
  s.max_proposal_attempts = 1;
  AbcSmc abc({Prior::uniform("p", 0, 1)}, {{"x", {0.0}}}, s);
  const auto simulate = [](std::span<const double> theta, std::size_t, std::uint64_t) {
    return SimulatedTargets{{theta[0]}};
  };
  bool failed = false;
  try {
    run(std::move(abc), simulate, 20);
  } catch (const Error& e) {
    failed = true;
    CHECK_THAT(e.what(), Contains("'p'") && Contains("max_proposal_attempts"));
  }
  CHECK(failed);
}
