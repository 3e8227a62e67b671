// Calibration by ABC-SMC on the run floor. The sampler
// (calibrate/abc_smc.hpp) proposes candidate parameter vectors; each batch
// of candidates becomes an experiment of its own (one run per candidate: the
// scenario with the candidate's values set, a seed derived from (scenario
// seed, generation, candidate index)) that a driver runs exactly as it runs
// a sweep: on local threads or across MPI ranks. The targets each run
// produced go back to the sampler, in candidate order.
//
// Determinism. A candidate and its run are pure functions of (scenario,
// generation, candidate index, the previous generation), and batch sizes
// follow from the sampler's state alone (never from threads or ranks), so
// one seed gives the same posterior, the simulation counts included, for
// any thread and rank count; a calibration resumed from its completed
// generations continues bit for bit.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "commsim/calibrate/abc_smc.hpp"
#include "commsim/run/executor.hpp"
#include "commsim/run/experiment.hpp"

namespace commsim {

// What a calibration reports as it goes: to progress displays and to the
// posterior file.
class CalibrationObserver {
 public:
  CalibrationObserver() = default;
  CalibrationObserver(const CalibrationObserver&) = delete;
  CalibrationObserver& operator=(const CalibrationObserver&) = delete;
  virtual ~CalibrationObserver() = default;
  // After every batch of simulations.
  virtual void batch_done(const calibrate::AbcSmc& /*sampler*/) {}
  // After every completed generation (generation 0 is the prior sample).
  virtual void generation_done(const calibrate::AbcSmc& /*sampler*/,
                               const calibrate::Generation& /*generation*/) {}
};

// Runs a batch experiment (one run per candidate) and returns each run's
// targets in plan order, on every participant of the calibration: locally,
// or on every MPI rank (run/mpi.hpp).
using BatchRunner =
    std::function<std::vector<calibrate::SimulatedTargets>(Experiment& batch)>;

// The targets a finished run produced, in the specification's order; NaN
// throughout for a failed run (its distance is then infinite).
[[nodiscard]] calibrate::SimulatedTargets targets_of(const CalibrationSpec& spec,
                                                     const ModelInfo& model,
                                                     const RunResult& result);

// A sink that keeps each delivered run's targets, by plan.
class TargetSink final : public RunSink {
 public:
  TargetSink(const CalibrationSpec& spec, const ModelInfo& model, std::size_t runs)
      : spec_(spec), model_(model), targets_(runs) {}
  void deliver(const RunResult& result) override {
    targets_.at(result.plan.run) = targets_of(spec_, model_, result);
  }
  [[nodiscard]] std::vector<calibrate::SimulatedTargets> take() { return std::move(targets_); }

 private:
  const CalibrationSpec& spec_;
  const ModelInfo& model_;
  std::vector<calibrate::SimulatedTargets> targets_;
};

// What the prior sample says about the targets, once the sampler has its
// distance scales (after generation 0): targets, or some of their values,
// that were the same in every simulation of the prior sample and so cannot
// tell candidates apart (they are left out of the distance); empty when all
// can, or before generation 0 is complete.
[[nodiscard]] std::vector<std::string> calibration_warnings(const calibrate::AbcSmc& sampler,
                                                            const CalibrationSpec& spec);

// Runs batches on this process's threads.
[[nodiscard]] BatchRunner local_batch_runner(Threads threads);

class Calibration {
 public:
  // `scenario` has a calibration; `history` holds the completed generations
  // of an earlier run to resume (empty: a fresh start).
  Calibration(const Scenario& scenario, const ModelInfo& model,
              std::vector<calibrate::Generation> history = {});

  [[nodiscard]] const calibrate::AbcSmc& sampler() const { return sampler_; }
  [[nodiscard]] const CalibrationSpec& spec() const { return *scenario_.calibration; }
  [[nodiscard]] const Scenario& scenario() const { return scenario_; }
  [[nodiscard]] const ModelInfo& model() const { return model_; }

  // Runs generations until the stopping rule holds.
  void run(const BatchRunner& run_batch, CalibrationObserver& observer);

  // Wall seconds spent in run(): in all, and running batches of
  // simulations; the rest is the calibration's own work (proposals,
  // weights, kernels, the observers' file writes).
  [[nodiscard]] double seconds_total() const { return seconds_total_; }
  [[nodiscard]] double seconds_simulating() const { return seconds_simulating_; }

  // The experiment of a batch: one run per candidate. Its graphs are shared
  // with every other batch of the calibration.
  [[nodiscard]] Experiment batch_experiment(const calibrate::Batch& batch) const;
  // The scenario of one candidate: the base with the candidate's values.
  [[nodiscard]] Scenario candidate_scenario(std::span<const double> parameters) const;

 private:
  // How many candidates the next batch has: enough to finish the
  // generation at the last acceptance rate, at least kMinBatch; a function
  // of the sampler's state only.
  [[nodiscard]] std::size_t next_batch_size() const;

  Scenario scenario_;
  Scenario point_template_;  // the base, without calibration or texts
  const ModelInfo& model_;
  calibrate::AbcSmc sampler_;
  std::shared_ptr<GraphCache> graphs_;
  double seconds_total_ = 0;
  double seconds_simulating_ = 0;
};

}  // namespace commsim
