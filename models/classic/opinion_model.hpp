// What the bounded-confidence models share: opinions in [0, 1] drawn
// uniformly on day 0 (with a scratch copy for synchronous updates), the mean
// and spread recorded daily, and the opinion clusters at the horizon.
#pragma once

#include <vector>

#include "models/common/agent_model.hpp"

namespace commsim::models {

class OpinionModel : public AgentModel {
 public:
  explicit OpinionModel(const ModelContext& ctx);

  void initialize(const RunRng& rng) override;
  void record(Day day) override;
  void finish() override;
  void check_invariants() const override;

  // Declarations for ModelInfo: the two daily metrics and three summaries
  // every opinion model records (models append their own after them).
  static std::vector<MetricDecl> metrics();
  static std::vector<SummaryDecl> summaries();

 protected:
  std::span<double> opinion_;
  std::span<double> next_;

 private:
  std::size_t mean_;
  std::size_t sd_;
};

}  // namespace commsim::models
