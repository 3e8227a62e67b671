#include "models/classic/opinion_model.hpp"

#include <cmath>

#include "commsim/parallel.hpp"

namespace commsim::models {

OpinionModel::OpinionModel(const ModelContext& ctx)
    : AgentModel(ctx),
      opinion_(population_.add<double>("opinion", 0.0, "opinion in [0, 1]")),
      next_(population_.add_scratch<double>("opinion_next", 0.0, "opinion after this day")),
      mean_(recorder_.metric("opinion_mean")),
      sd_(recorder_.metric("opinion_sd")) {}

void OpinionModel::initialize(const RunRng& rng) {
  for (std::uint32_t a = 0; a < population_.size(); ++a) {
    auto stream = rng.stream(Day{0}, kInitPhase, a);
    opinion_[a] = uniform01(stream);
  }
}

void OpinionModel::record(Day day) {
  const std::uint32_t n = population_.size();
  const double mean =
      deterministic_sum<double>(n, [&](std::uint32_t a) { return opinion_[a]; }) / n;
  const double var =
      deterministic_sum<double>(
          n, [&](std::uint32_t a) { return (opinion_[a] - mean) * (opinion_[a] - mean); }) /
      n;
  recorder_.record(mean_, day, mean);
  recorder_.record(sd_, day, std::sqrt(var));
}

void OpinionModel::finish() {
  const OpinionClusters c =
      opinion_clusters(std::vector<double>(opinion_.begin(), opinion_.end()), 0.01, 0.05);
  recorder_.summarize(recorder_.summary("clusters"), static_cast<double>(c.all));
  recorder_.summarize(recorder_.summary("major_clusters"), static_cast<double>(c.major));
  recorder_.summarize(recorder_.summary("largest_cluster_share"), c.largest_share);
}

void OpinionModel::check_invariants() const {
  for (double x : opinion_) {
    COMMSIM_CHECK(x >= 0.0 && x <= 1.0, "opinions stay in [0, 1]");
  }
}

std::vector<MetricDecl> OpinionModel::metrics() {
  return {{"opinion_mean", "opinion", "mean opinion", "", {}},
          {"opinion_sd", "opinion", "standard deviation of opinions", "", {}}};
}

std::vector<SummaryDecl> OpinionModel::summaries() {
  return {{"clusters", "clusters", "opinion clusters at the horizon (gaps > 0.01 separate them)"},
          {"major_clusters", "clusters", "clusters holding at least 5% of people"},
          {"largest_cluster_share", "share", "share of people in the largest cluster"}};
}

}  // namespace commsim::models
