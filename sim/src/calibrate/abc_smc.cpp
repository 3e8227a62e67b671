#include "commsim/calibrate/abc_smc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <utility>

#include "commsim/error.hpp"
#include "commsim/parallel.hpp"
#include "commsim/params.hpp"
#include "commsim/rng.hpp"

namespace commsim::calibrate {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Stream counters are 32 bits wide: candidate indices, generations and
// attempts stay below 2^32.
constexpr std::uint64_t kMaxCounter = 0xFFFFFFFFULL;

[[noreturn]] void bad_setting(const std::string& key, const std::string& expected,
                              const std::string& got) {
  throw InputError("calibrate setting " + key + " must be " + expected + " (got " + got + ")");
}

void validate(const std::vector<Prior>& priors, const AbcSmcSettings& s) {
  if (priors.empty()) {
    throw InputError("calibrate: at least one parameter with a prior is needed");
  }
  std::set<std::string> names;
  for (const auto& p : priors) {
    if (p.name().empty()) {
      throw InputError("calibrate: a parameter has an empty name");
    }
    if (!names.insert(p.name()).second) {
      throw InputError("calibrate parameter '" + p.name() + "' is declared twice");
    }
  }
  if (s.population_size < 2 || s.population_size > kMaxCounter) {
    bad_setting("population_size", "a whole number >= 2", std::to_string(s.population_size));
  }
  if (!(s.alpha > 0.0 && s.alpha < 1.0)) {
    bad_setting("alpha", "a number in (0, 1)", format_value(s.alpha));
  }
  if (!(s.categorical_jump > 0.0 && s.categorical_jump <= 1.0)) {
    bad_setting("categorical_jump", "a number in (0, 1]", format_value(s.categorical_jump));
  }
  if (s.max_proposal_attempts < 1) {
    bad_setting("max_proposal_attempts", "at least 1", "0");
  }
  if (s.stop.max_generations < 1 || s.stop.max_generations >= kMaxCounter) {
    bad_setting("max_generations", "a whole number >= 1", std::to_string(s.stop.max_generations));
  }
  if (!std::isfinite(s.stop.min_tolerance) || s.stop.min_tolerance < 0.0) {
    bad_setting("min_tolerance", "a number >= 0", format_value(s.stop.min_tolerance));
  }
  if (s.stop.max_simulations != 0 && s.stop.max_simulations < s.population_size) {
    bad_setting(
        "max_simulations",
        "0 (no budget) or at least population_size (" + std::to_string(s.population_size) + ")",
        std::to_string(s.stop.max_simulations));
  }
  if (!(s.stop.min_acceptance_rate >= 0.0 && s.stop.min_acceptance_rate < 1.0)) {
    bad_setting("min_acceptance_rate", "a number in [0, 1)",
                format_value(s.stop.min_acceptance_rate));
  }
}

[[noreturn]] void bad_history(std::size_t generation, const std::string& what) {
  throw InputError("calibrate resume: generation " + std::to_string(generation) + " " + what);
}

}  // namespace

double posterior_mean(const Generation& g, std::size_t parameter) {
  double m = 0.0;
  for (std::size_t i = 0; i < g.population_size; ++i) {
    m += g.weights[i] * g.particles[i * g.dims + parameter];
  }
  return m;
}

double posterior_sd(const Generation& g, std::size_t parameter) {
  const double m = posterior_mean(g, parameter);
  double v = 0.0;
  for (std::size_t i = 0; i < g.population_size; ++i) {
    const double d = g.particles[i * g.dims + parameter] - m;
    v += g.weights[i] * d * d;
  }
  return std::sqrt(v);
}

double posterior_quantile(const Generation& g, std::size_t parameter, double q) {
  std::vector<double> values(g.population_size);
  for (std::size_t i = 0; i < g.population_size; ++i) {
    values[i] = g.particles[i * g.dims + parameter];
  }
  return weighted_quantile(values, g.weights, q, QuantileWeighting::Weighted);
}

AbcSmc::AbcSmc(std::vector<Prior> priors, std::vector<ObservedTarget> observed,
               AbcSmcSettings settings)
    : priors_(std::move(priors)),
      distance_(std::move(observed)),
      settings_(settings),
      key_(derive_seed(settings.seed, kCalibrationSalt)) {
  validate(priors_, settings_);
  start_generation(0, kInf);
}

AbcSmc AbcSmc::resume(std::vector<Prior> priors, std::vector<ObservedTarget> observed,
                      AbcSmcSettings settings, std::vector<Generation> history) {
  AbcSmc abc(std::move(priors), std::move(observed), settings);
  if (history.empty()) {
    return abc;
  }
  const std::size_t p = abc.priors_.size();
  std::uint64_t simulations = 0;
  for (std::size_t k = 0; k < history.size(); ++k) {
    const Generation& g = history[k];
    const std::size_t n = g.population_size;
    if (g.index != k) {
      bad_history(k, "is recorded as generation " + std::to_string(g.index));
    }
    if (g.dims != p) {
      bad_history(k,
                  "has " + std::to_string(g.dims) + " parameters, the priors " + std::to_string(p));
    }
    if (n < 2 || g.particles.size() != n * p || g.weights.size() != n || g.distances.size() != n ||
        g.candidate_indices.size() != n) {
      bad_history(k, "has particles, weights, distances or candidate indices of the wrong size");
    }
    if (g.scales.size() != abc.distance_.components()) {
      bad_history(k, "has " + std::to_string(g.scales.size()) + " distance scales, the targets " +
                         std::to_string(abc.distance_.components()) + " components");
    }
    for (double w : g.weights) {
      if (!std::isfinite(w) || w < 0.0) {
        bad_history(k, "has a weight that is negative or not finite");
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < p; ++j) {
        if (!abc.priors_[j].in_support(g.particles[i * p + j])) {
          bad_history(k, "has particle " + std::to_string(i) + " outside the prior of '" +
                             abc.priors_[j].name() + "' (" + abc.priors_[j].describe() + ")");
        }
      }
    }
    simulations += g.simulations;
  }
  abc.distance_.set_scales(history.back().scales);
  abc.total_simulations_ = simulations;
  abc.generation_ = history.back().index;
  abc.history_ = std::move(history);
  abc.advance();
  return abc;
}

void AbcSmc::start_generation(std::size_t index, double tolerance) {
  generation_ = index;
  tolerance_ = tolerance;
  issued_ = 0;
  received_ = 0;
  processed_ = 0;
  out_.clear();
  pending_.clear();
  complete_ = false;
  candidates_needed_ = 0;
  particles_.clear();
  distances_.clear();
  candidate_indices_.clear();
  prior_sample_.clear();
  const std::uint64_t n = settings_.population_size;
  if (index == 0) {
    limit_ = n;
    limit_reason_ = StopReason::None;
    return;
  }
  // Past 2^32 candidates the stream counter would wrap; treat it as a budget.
  limit_ = kMaxCounter + 1;
  limit_reason_ = StopReason::SimulationBudget;
  const double rate = settings_.stop.min_acceptance_rate;
  if (rate > 0.0) {
    const double cap = std::floor(static_cast<double>(n) / rate);
    if (cap < static_cast<double>(limit_)) {
      limit_ = static_cast<std::uint64_t>(cap);
      limit_reason_ = StopReason::MinAcceptanceRate;
    }
  }
  if (settings_.stop.max_simulations > 0) {
    const std::uint64_t remaining = settings_.stop.max_simulations - total_simulations_;
    if (remaining < limit_) {
      limit_ = remaining;
      limit_reason_ = StopReason::SimulationBudget;
    }
  }
}

std::vector<double> AbcSmc::candidate(std::uint64_t index) const {
  if (index > kMaxCounter) {
    throw Error("calibrate: candidate index " + std::to_string(index) + " exceeds 2^32 - 1");
  }
  const std::size_t p = priors_.size();
  const auto day = static_cast<std::uint32_t>(generation_);
  const auto entity = static_cast<std::uint32_t>(index);
  std::vector<double> theta(p);
  if (generation_ == 0) {
    RandomStream rng(key_, day, 0, entity);
    for (std::size_t j = 0; j < p; ++j) {
      theta[j] = priors_[j].sample(rng);
    }
    return theta;
  }
  std::size_t outside = 0;
  for (std::uint32_t attempt = 0; attempt < settings_.max_proposal_attempts; ++attempt) {
    RandomStream rng(key_, day, attempt, entity);
    const std::size_t parent = kernel_->pick_parent(rng);
    kernel_->perturb(parent, rng, theta);
    bool inside = true;
    for (std::size_t j = 0; j < p && inside; ++j) {
      if (!priors_[j].in_support(theta[j])) {
        inside = false;
        outside = j;
      }
    }
    if (inside) {
      return theta;
    }
  }
  throw Error("calibrate: candidate " + std::to_string(index) + " of generation " +
              std::to_string(generation_) + " fell outside the prior's support in all " +
              std::to_string(settings_.max_proposal_attempts) + " attempts (last on '" +
              priors_[outside].name() + "', prior " + priors_[outside].describe() +
              "); the population presses against the prior's bounds: widen the prior or "
              "raise max_proposal_attempts");
}

Batch AbcSmc::next_batch(std::size_t size) {
  Batch batch;
  batch.generation = generation_;
  batch.first = issued_;
  if (done() || complete_ || size == 0 || issued_ >= limit_) {
    return batch;
  }
  const std::uint64_t count =
      std::min<std::uint64_t>({size, limit_ - issued_, std::uint64_t{kMaxCounter}});
  batch.parameters.resize(count);
  const std::uint64_t first = issued_;
  // Each candidate is a pure function of its index, so proposing them in
  // parallel gives the same batch as proposing them in order.
  parallel_blocks(static_cast<std::uint32_t>(count), 8,
                  [&](std::uint32_t begin, std::uint32_t end) {
                    for (std::uint32_t k = begin; k < end; ++k) {
                      batch.parameters[k] = candidate(first + k);
                    }
                  });
  out_.emplace(first, count);
  issued_ += count;
  total_simulations_ += count;
  return batch;
}

void AbcSmc::accept(const Batch& batch, std::span<const SimulatedTargets> results) {
  if (batch.empty()) {
    return;
  }
  if (done()) {
    throw Error("calibrate: accept() after the run stopped (" + stop_reason_name(stop_reason_) +
                ")");
  }
  if (batch.generation != generation_) {
    throw Error("calibrate: accept() got a batch of generation " +
                std::to_string(batch.generation) + " during generation " +
                std::to_string(generation_));
  }
  const auto range = out_.find(batch.first);
  if (range == out_.end() || range->second != batch.size()) {
    throw Error("calibrate: accept() got candidates " + std::to_string(batch.first) + " to " +
                std::to_string(batch.first + batch.size() - 1) +
                ", which were not handed out as one batch or came back already");
  }
  if (results.size() != batch.size()) {
    throw Error("calibrate: accept() got " + std::to_string(results.size()) + " results for " +
                std::to_string(batch.size()) + " candidates");
  }
  // Check every result before changing any state, so a bad shape leaves the
  // sampler as it was.
  for (std::size_t k = 0; k < batch.size(); ++k) {
    distance_.check_shape(results[k]);
    if (batch.parameters[k].size() != priors_.size()) {
      throw Error("calibrate: accept() got a candidate with " +
                  std::to_string(batch.parameters[k].size()) + " parameters, expected " +
                  std::to_string(priors_.size()));
    }
    COMMSIM_CHECK(batch.parameters[k] == candidate(batch.first + k),
                  "a batch comes back with the parameters it was handed out with");
  }
  out_.erase(range);
  received_ += batch.size();
  if (batch.first == processed_) {
    for (std::size_t k = 0; k < batch.size(); ++k) {
      process(batch.first + k, batch.parameters[k], results[k]);
    }
    processed_ += batch.size();
  } else {
    pending_.emplace(batch.first, Pending{batch.parameters, {results.begin(), results.end()}});
  }
  while (!pending_.empty() && pending_.begin()->first == processed_) {
    const Pending& p = pending_.begin()->second;
    for (std::size_t k = 0; k < p.results.size(); ++k) {
      process(processed_ + k, p.parameters[k], p.results[k]);
    }
    processed_ += p.results.size();
    pending_.erase(pending_.begin());
  }
  check_abandoned();
}

void AbcSmc::process(std::uint64_t index, std::span<const double> theta,
                     const SimulatedTargets& simulated) {
  const std::size_t n = settings_.population_size;
  if (generation_ == 0) {
    // The prior sample is accepted whole; distances wait for the scales,
    // which need all N simulations.
    particles_.insert(particles_.end(), theta.begin(), theta.end());
    candidate_indices_.push_back(index);
    prior_sample_.push_back(simulated);
    if (prior_sample_.size() == n) {
      distance_.set_scales(distance_.fit_scales(prior_sample_));
      distances_.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        distances_[i] = distance_(prior_sample_[i]);
      }
      prior_sample_.clear();
      prior_sample_.shrink_to_fit();
      complete_ = true;
      candidates_needed_ = n;
    }
    return;
  }
  if (complete_) {
    return;  // after the N-th acceptance: simulated, counted, discarded
  }
  const double d = distance_(simulated);
  if (d <= tolerance_ && d < kInf) {
    particles_.insert(particles_.end(), theta.begin(), theta.end());
    distances_.push_back(d);
    candidate_indices_.push_back(index);
    if (distances_.size() == n) {
      complete_ = true;
      candidates_needed_ = index + 1;
    }
  }
}

void AbcSmc::check_abandoned() {
  if (!complete_ && issued_ >= limit_ && received_ == issued_ && processed_ == issued_) {
    stop_reason_ = limit_reason_;
  }
}

std::vector<double> AbcSmc::importance_weights() const {
  const std::size_t n = settings_.population_size;
  const std::size_t p = priors_.size();
  std::vector<double> w(n, 1.0 / static_cast<double>(n));
  if (generation_ == 0) {
    return w;
  }
  std::vector<double> log_w(n);
  parallel_blocks(static_cast<std::uint32_t>(n), 8, [&](std::uint32_t begin, std::uint32_t end) {
    for (std::uint32_t i = begin; i < end; ++i) {
      const std::span<const double> theta(particles_.data() + std::size_t{i} * p, p);
      double log_prior = 0.0;
      for (std::size_t j = 0; j < p; ++j) {
        log_prior += priors_[j].kernel_log_density(theta[j]);
      }
      log_w[i] = log_prior - kernel_->log_mixture_density(theta);
    }
  });
  double largest = -kInf;
  for (double v : log_w) {
    if (std::isnan(v) || v == kInf) {
      throw Error("calibrate: an importance weight of generation " + std::to_string(generation_) +
                  " is not finite (the kernel density underflowed at an accepted particle)");
    }
    largest = std::max(largest, v);
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    w[i] = std::exp(log_w[i] - largest);
    sum += w[i];
  }
  for (double& v : w) {
    v /= sum;
  }
  return w;
}

const Generation& AbcSmc::finish_generation() {
  if (done()) {
    throw Error("calibrate: finish_generation() after the run stopped (" +
                stop_reason_name(stop_reason_) + ")");
  }
  if (!complete_) {
    throw Error("calibrate: finish_generation() with " + std::to_string(distances_.size()) +
                " of " + std::to_string(settings_.population_size) +
                " candidates accepted in generation " + std::to_string(generation_));
  }
  if (outstanding() > 0) {
    throw Error("calibrate: finish_generation() with " + std::to_string(outstanding()) +
                " candidates still out; accept() their results first");
  }
  Generation g;
  g.index = generation_;
  g.tolerance = tolerance_;
  g.population_size = settings_.population_size;
  g.dims = priors_.size();
  g.weights = importance_weights();
  g.particles = std::move(particles_);
  g.distances = std::move(distances_);
  g.candidate_indices = std::move(candidate_indices_);
  g.candidates = candidates_needed_;
  g.simulations = issued_;
  g.acceptance_rate =
      static_cast<double>(g.population_size) / static_cast<double>(candidates_needed_);
  double sum_sq = 0.0;
  for (double w : g.weights) {
    sum_sq += w * w;
  }
  g.ess = 1.0 / sum_sq;
  g.scales = distance_.scales();
  history_.push_back(std::move(g));
  advance();
  return history_.back();
}

void AbcSmc::advance() {
  const Generation& last = history_.back();
  const StoppingRule& stop = settings_.stop;
  if (last.index >= stop.max_generations) {
    stop_reason_ = StopReason::MaxGenerations;
  } else if (last.tolerance <= stop.min_tolerance) {
    stop_reason_ = StopReason::MinTolerance;
  } else if (stop.max_simulations > 0 &&
             total_simulations_ + settings_.population_size > stop.max_simulations) {
    // Fewer than N simulations left: no generation could complete.
    stop_reason_ = StopReason::SimulationBudget;
  }
  if (done()) {
    kernel_.reset();
    return;
  }
  double eps = weighted_quantile(last.distances, last.weights, settings_.alpha, settings_.quantile);
  if (!std::isfinite(eps)) {
    // Only generation 0 holds infinite distances (runs with a NaN target).
    eps = -kInf;
    for (double d : last.distances) {
      if (std::isfinite(d)) {
        eps = std::max(eps, d);
      }
    }
    if (!std::isfinite(eps)) {
      throw Error("calibrate: no simulation of generation " + std::to_string(last.index) +
                  " gave a finite distance: every run had NaN in a target the distance uses");
    }
  }
  eps = std::max(eps, stop.min_tolerance);
  kernel_.emplace(priors_, settings_.kernel,
                  PopulationView{last.particles, last.weights, last.distances}, eps,
                  settings_.categorical_jump);
  start_generation(last.index + 1, eps);
}

}  // namespace commsim::calibrate
