// ABC-SMC: approximate Bayesian computation by sequential Monte Carlo, as a
// state machine that proposes parameter vectors and receives simulated
// targets. It never runs a simulation itself; whoever drives it (the
// executor, with threads or MPI; a test with a toy simulator) does, as
// pyABC separates its samplers from its inference loop.
//
// The algorithm is the population Monte Carlo ABC of Beaumont, Cornuet,
// Marin, Robert (2009), Biometrika 96(4):983-990, and Toni, Welch,
// Strelkowa, Ipsen, Stumpf (2009), J R Soc Interface 6:187-202, with an
// adaptive tolerance (Del Moral, Doucet, Jasra 2012) and the OLCM kernel of
// Filippi et al. (2013):
//
//   generation 0: N candidates from the prior, all accepted, weights 1/N;
//     their simulations give the distance scales (distance.hpp) and their
//     distances the first tolerance;
//   generation t >= 1: tolerance eps_t = alpha-quantile of generation t-1's
//     distances (tolerance.hpp); candidates are proposed by the kernel built
//     from generation t-1 (kernel.hpp) and accepted, in candidate order,
//     when their distance is <= eps_t, until N are accepted; each accepted
//     theta gets the weight prior(theta) / sum_j w_j K_j(theta), normalised.
//
// Driving it:
//
//   AbcSmc abc(priors, observed, settings);
//   while (!abc.done()) {
//     Batch batch = abc.next_batch(64);          // may be empty: see below
//     results = simulate each batch.parameters[k] -> SimulatedTargets
//     abc.accept(batch, results);
//     if (abc.generation_complete() && abc.outstanding() == 0) {
//       store(abc.finish_generation());          // weights, ESS, next eps;
//     }                                          // store e.g. to HDF5
//   }
//   posterior = abc.history().back();            // particles and weights
//
// A caller with several batches in flight may hand results back in any
// order: they are buffered and processed in candidate order. next_batch
// returns an empty batch when the generation needs no more candidates (N
// already accepted) or may not have more (the budget or the acceptance-rate
// floor of tolerance.hpp); the caller then waits for the batches it has out.
// Results of candidates after the N-th accepted are discarded, but the
// simulations count towards the budget. When no more candidates may be
// handed out, all results are in, and the generation still lacks N
// acceptances, it is abandoned and done() becomes true.
//
// Determinism. Candidate i of generation g is a pure function of (seed, g,
// i, the previous generation's record): its random numbers come from the
// Philox streams (key = derive_seed(seed, kCalibrationSalt), day = g, phase =
// attempt, entity = i), where attempt counts redraws of proposals outside the
// prior's support. So the candidates, the accepted set (first N within eps,
// in candidate order) and therefore every history record do not depend on
// how candidates were cut into batches, on the order results came back, or
// on the number of threads; weights and covariances are sums in fixed order
// (per-particle work runs in parallel, each particle's sums in order). Only
// Generation::simulations, which counts discarded candidates too, depends on
// batching. A simulator that is itself deterministic in (parameters, g, i)
// thus gives bit-identical histories (tests/sim/calibrate/test_abc_smc.cpp).
//
// Resume. Everything the next generation needs is in the last history
// record (particles, weights, distances, scales); AbcSmc::resume rebuilds
// the sampler from the records of completed generations and continues
// exactly as an uninterrupted run would.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "commsim/calibrate/distance.hpp"
#include "commsim/calibrate/kernel.hpp"
#include "commsim/calibrate/prior.hpp"
#include "commsim/calibrate/tolerance.hpp"

namespace commsim::calibrate {

// Mixed into the user's seed so that the calibration's streams are unrelated
// to those of the simulations it drives, even when both start from the same
// seed (runs derive theirs as derive_seed(seed, replicate)).
inline constexpr std::uint64_t kCalibrationSalt = 0xCA11B4A7E5EEDULL;

struct AbcSmcSettings {
  std::size_t population_size = 1000;  // N >= 2
  double alpha = 0.5;                  // tolerance quantile, in (0, 1)
  KernelKind kernel = KernelKind::Olcm;
  QuantileWeighting quantile = QuantileWeighting::Weighted;
  double categorical_jump = 0.3;                // in (0, 1]
  std::uint32_t max_proposal_attempts = 10000;  // redraws per candidate, >= 1
  StoppingRule stop;
  std::uint64_t seed = 1;
};

// Candidates handed out together: candidate first + k has parameters[k].
struct Batch {
  std::size_t generation = 0;
  std::uint64_t first = 0;
  std::vector<std::vector<double>> parameters;

  [[nodiscard]] std::size_t size() const { return parameters.size(); }
  [[nodiscard]] bool empty() const { return parameters.empty(); }
};

// One completed generation, as plain vectors so a writer can store it and
// resume can read it back.
struct Generation {
  std::size_t index = 0;  // 0: the prior sample
  double tolerance = 0;   // +infinity for generation 0
  std::size_t population_size = 0;
  std::size_t dims = 0;
  std::vector<double> particles;  // population_size x dims, row-major
  std::vector<double> weights;    // normalised, summing to 1
  std::vector<double> distances;
  std::vector<std::uint64_t> candidate_indices;  // each particle's candidate index
  // Candidates up to and including the N-th accepted (batch-independent);
  // acceptance_rate = population_size / candidates.
  std::uint64_t candidates = 0;
  // Candidates handed out (and simulated) in this generation, discarded ones
  // included; depends on batch sizes.
  std::uint64_t simulations = 0;
  double acceptance_rate = 0;
  double ess = 0;              // Kish: 1 / sum w^2
  std::vector<double> scales;  // the distance scales, Distance::components() long

  [[nodiscard]] std::span<const double> particle(std::size_t i) const {
    return std::span<const double>(particles).subspan(i * dims, dims);
  }
};

// Weighted posterior summaries of one parameter in a generation.
[[nodiscard]] double posterior_mean(const Generation& g, std::size_t parameter);
[[nodiscard]] double posterior_sd(const Generation& g, std::size_t parameter);
// Lower quantile without interpolation, as weighted_quantile.
[[nodiscard]] double posterior_quantile(const Generation& g, std::size_t parameter, double q);

class AbcSmc {
 public:
  // Throws InputError for bad settings (naming the setting), priors (no
  // parameter, a name used twice) or targets (distance.hpp).
  AbcSmc(std::vector<Prior> priors, std::vector<ObservedTarget> observed, AbcSmcSettings settings);

  // Rebuilds the sampler after the completed generations in history (in
  // order, from generation 0) and prepares the next one, or stops if the
  // stopping rule says so. The priors and targets must be those of the
  // original run (checked: shapes, supports); settings may differ (a
  // larger max_generations continues a finished run), but only identical
  // settings continue bit for bit. An empty history is a fresh start.
  static AbcSmc resume(std::vector<Prior> priors, std::vector<ObservedTarget> observed,
                       AbcSmcSettings settings, std::vector<Generation> history);

  [[nodiscard]] const std::vector<Prior>& priors() const { return priors_; }
  [[nodiscard]] const Distance& distance() const { return distance_; }
  [[nodiscard]] const AbcSmcSettings& settings() const { return settings_; }

  // The generation under way (or the last one, once done).
  [[nodiscard]] std::size_t generation() const { return generation_; }
  [[nodiscard]] double tolerance() const { return tolerance_; }

  // The next candidates of the generation under way, at most `size`.
  [[nodiscard]] Batch next_batch(std::size_t size);
  // Results of a batch from next_batch, one SimulatedTargets per candidate.
  // Batches may come back in any order; each exactly once, unchanged.
  void accept(const Batch& batch, std::span<const SimulatedTargets> results);

  // N candidates accepted (generation 0: N simulated).
  [[nodiscard]] bool generation_complete() const { return complete_; }
  // Candidates handed out whose results have not come back.
  [[nodiscard]] std::uint64_t outstanding() const { return issued_ - received_; }
  // Candidates accepted so far in the generation under way.
  [[nodiscard]] std::size_t accepted() const { return candidate_indices_.size(); }
  // Candidates of the generation under way whose results were processed.
  [[nodiscard]] std::uint64_t processed() const { return processed_; }
  // Needs generation_complete() and outstanding() == 0. Returns the new
  // history record (valid until the next call that changes the history).
  const Generation& finish_generation();

  [[nodiscard]] bool done() const { return stop_reason_ != StopReason::None; }
  [[nodiscard]] StopReason stop_reason() const { return stop_reason_; }
  [[nodiscard]] const std::vector<Generation>& history() const { return history_; }
  // Simulations handed out over the whole run, abandoned generation included.
  [[nodiscard]] std::uint64_t total_simulations() const { return total_simulations_; }

  // Candidate `index` of the generation under way: the pure function that
  // next_batch evaluates (exposed for checks and tests).
  [[nodiscard]] std::vector<double> candidate(std::uint64_t index) const;

 private:
  void start_generation(std::size_t index, double tolerance);
  void process(std::uint64_t index, std::span<const double> theta,
               const SimulatedTargets& simulated);
  void check_abandoned();
  void advance();
  [[nodiscard]] std::vector<double> importance_weights() const;

  std::vector<Prior> priors_;
  Distance distance_;
  AbcSmcSettings settings_;
  std::uint64_t key_;

  std::vector<Generation> history_;
  StopReason stop_reason_ = StopReason::None;
  std::uint64_t total_simulations_ = 0;

  // The generation under way.
  std::size_t generation_ = 0;
  double tolerance_ = 0;
  std::optional<PerturbationKernel> kernel_;
  std::uint64_t limit_ = 0;  // candidates that may be handed out
  StopReason limit_reason_ = StopReason::None;
  std::uint64_t issued_ = 0;
  std::uint64_t received_ = 0;
  std::uint64_t processed_ = 0;  // results processed, a prefix of the candidates
  struct Pending {
    std::vector<std::vector<double>> parameters;
    std::vector<SimulatedTargets> results;
  };
  std::map<std::uint64_t, std::uint64_t> out_;  // first -> size, handed out, not back yet
  std::map<std::uint64_t, Pending> pending_;    // first -> results waiting for a gap
  bool complete_ = false;
  std::uint64_t candidates_needed_ = 0;
  std::vector<double> particles_;
  std::vector<double> distances_;
  std::vector<std::uint64_t> candidate_indices_;
  std::vector<SimulatedTargets> prior_sample_;  // generation 0 only
};

}  // namespace commsim::calibrate
