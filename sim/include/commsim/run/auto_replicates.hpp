// `replicates: auto`: the rounds of an experiment and the decision after each
// (scenario.hpp ReplicateRounds, objective.hpp settle). A sink that keeps,
// for every finished run, the figures the objective needs (its value, or its
// parts, and each constraint's summary, with values fixed by a model's rule
// substituted), and a Rounds that decides from complete rounds only.
#pragma once

#include <cstdint>
#include <vector>

#include "commsim/objective.hpp"
#include "commsim/run/executor.hpp"
#include "commsim/run/sink.hpp"

namespace commsim {

class AutoReplicates final : public RunSink, public Rounds {
 public:
  explicit AutoReplicates(const Experiment& experiment);

  void deliver(const RunResult& result) override;
  // A run done before this execution (a resumed file): its summaries in the
  // model's declared order.
  void record(const RunPlan& plan, const std::vector<double>& summaries);

  [[nodiscard]] std::vector<std::uint32_t> ends() const override;
  [[nodiscard]] bool settled(std::uint32_t replicates) override;
  // The decision at the last round considered.
  [[nodiscard]] const Settlement& last() const { return last_; }

 private:
  const Experiment& experiment_;
  const Objective& objective_;
  std::vector<std::size_t> inputs_;  // summary index of each of objective_.inputs()
  // Per design point: the rule-fixed value of each input (NaN: simulated).
  std::vector<std::vector<double>> fixed_;
  // Per design point and input: the value of each replicate (NaN until run).
  std::vector<std::vector<std::vector<double>>> values_;
  Settlement last_;
};

}  // namespace commsim
