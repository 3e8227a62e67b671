// Hegselmann-Krause bounded confidence (Hegselmann and Krause 2002, "Opinion
// dynamics and bounded confidence", JASSS 5(3)).
//
// Rule. Opinions x in [0, 1] start uniform. Every day everyone moves, at
// once, to the mean opinion of the people they hear (their contacts and
// themselves) whose opinions lie within epsilon of their own. On the
// complete graph the population reaches consensus for epsilon above about
// 0.2 (Fortunato 2005, Int. J. Mod. Phys. C 16:259).
//
// Cost per day: O(N + M) on a graph (one masked pass over each person's
// contacts); under complete mixing O(N log N): opinions are sorted once a day
// and each person's window mean comes from prefix sums, instead of the O(N^2)
// all-pairs loop.
#include <cmath>

#include "commsim/parallel.hpp"
#include "models/classic/agent_model.hpp"
#include "models/classic/classic_models.hpp"

namespace commsim::models {
namespace {

struct HkParams {
  double epsilon = 0.2;
};

ParamBinder<HkParams> binder() {
  return ParamBinder<HkParams>{}.real(
      "epsilon", &HkParams::epsilon, 0.2, Range::closed(0, 1),
      "Confidence bound: a person averages the opinions within this distance of their own. "
      "Default 0.2, near the consensus threshold on the complete graph.");
}

class HegselmannKrause final : public AgentModel {
 public:
  HegselmannKrause(const ModelContext& ctx, HkParams params)
      : AgentModel(ctx),
        params_(params),
        opinion_(population_.add<double>("opinion", 0.0, "opinion in [0, 1]")),
        next_(population_.add_scratch<double>("opinion_next", 0.0, "opinion after this day")),
        mean_(recorder_.metric("opinion_mean")),
        sd_(recorder_.metric("opinion_sd")),
        change_(recorder_.metric("max_change")) {
    schedule_.phases = {
        {"sort", PhaseKind::Serial,
         "under complete mixing: sort opinions and take prefix sums (nothing on a graph)",
         [this](const PhaseStep&) { sort_opinions(); }},
        {"average", PhaseKind::PerAgent,
         "each person computes the mean opinion within epsilon among contacts and self",
         [this](const PhaseStep& step) { average(step); }},
        {"commit", PhaseKind::Serial, "new opinions take effect; the largest change is kept",
         [this](const PhaseStep&) { commit(); }},
    };
  }

  void initialize(const RunRng& rng) override {
    for (std::uint32_t a = 0; a < population_.size(); ++a) {
      auto stream = rng.stream(Day{0}, kInitPhase, a);
      opinion_[a] = uniform01(stream);
    }
  }

  void record(Day day) override {
    const std::uint32_t n = population_.size();
    const double mean =
        deterministic_sum<double>(n, [&](std::uint32_t a) { return opinion_[a]; }) / n;
    const double var =
        deterministic_sum<double>(
            n, [&](std::uint32_t a) { return (opinion_[a] - mean) * (opinion_[a] - mean); }) /
        n;
    recorder_.record(mean_, day, mean);
    recorder_.record(sd_, day, std::sqrt(var));
    recorder_.record(change_, day, day.value() == 0 ? std::nan("") : max_change_);
    if (converged_day_ < 0 && day.value() > 0 && max_change_ < 1e-10) {
      converged_day_ = day.value();
    }
  }

  void finish() override {
    const OpinionClusters c =
        opinion_clusters(std::vector<double>(opinion_.begin(), opinion_.end()), 0.01, 0.05);
    recorder_.summarize(recorder_.summary("clusters"), static_cast<double>(c.all));
    recorder_.summarize(recorder_.summary("major_clusters"), static_cast<double>(c.major));
    recorder_.summarize(recorder_.summary("largest_cluster_share"), c.largest_share);
    recorder_.summarize(recorder_.summary("converged_day"),
                        converged_day_ >= 0 ? converged_day_ : std::nan(""));
  }

  void check_invariants() const override {
    for (double x : opinion_) {
      COMMSIM_CHECK(x >= 0.0 && x <= 1.0, "opinions stay in [0, 1]");
    }
  }

 private:
  void sort_opinions() {
    if (!graph_.is_complete()) {
      return;
    }
    sorted_.assign(opinion_.begin(), opinion_.end());
    std::sort(sorted_.begin(), sorted_.end());
    prefix_.assign(sorted_.size() + 1, 0.0);
    for (std::size_t i = 0; i < sorted_.size(); ++i) {
      prefix_[i + 1] = prefix_[i] + sorted_[i];
    }
  }

  void average(const PhaseStep& step) {
    const double eps = params_.epsilon;
    for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
      const double x = opinion_[a];
      if (graph_.is_complete()) {
        const auto lo = std::lower_bound(sorted_.begin(), sorted_.end(), x - eps);
        const auto hi = std::upper_bound(sorted_.begin(), sorted_.end(), x + eps);
        const auto i = static_cast<std::size_t>(lo - sorted_.begin());
        const auto j = static_cast<std::size_t>(hi - sorted_.begin());
        next_[a] = (prefix_[j] - prefix_[i]) / static_cast<double>(j - i);
        continue;
      }
      double sum = x;
      double count = 1.0;
      for (VertexIndex v : graph_.neighbors(AgentId{a})) {
        const double y = opinion_[v];
        const double within = std::fabs(y - x) <= eps ? 1.0 : 0.0;  // mask, not branch
        sum += within * y;
        count += within;
      }
      next_[a] = sum / count;
    }
  }

  void commit() {
    double largest = 0.0;
    for (std::uint32_t a = 0; a < population_.size(); ++a) {
      largest = std::max(largest, std::fabs(next_[a] - opinion_[a]));
      opinion_[a] = next_[a];
    }
    max_change_ = largest;
  }

  HkParams params_;
  std::span<double> opinion_;
  std::span<double> next_;
  std::vector<double> sorted_;
  std::vector<double> prefix_;
  double max_change_ = 0.0;
  double converged_day_ = -1;
  std::size_t mean_;
  std::size_t sd_;
  std::size_t change_;
};

ModelInfo make_info() {
  ModelInfo info;
  info.name = "hegselmann_krause";
  info.summary = "Hegselmann-Krause: everyone moves to the mean of the opinions within epsilon.";
  info.source = "Hegselmann and Krause (2002), JASSS 5(3)";
  info.params = binder().section("Hegselmann-Krause bounded confidence.");
  info.metrics = {{"opinion_mean", "opinion", "mean opinion", "", {}},
                  {"opinion_sd", "opinion", "standard deviation of opinions", "", {}},
                  {"max_change", "opinion", "largest change of anyone's opinion that day", "", {}}};
  info.summaries = {
      {"clusters", "clusters", "opinion clusters at the horizon (gaps > 0.01 separate them)"},
      {"major_clusters", "clusters", "clusters holding at least 5% of people"},
      {"largest_cluster_share", "share", "share of people in the largest cluster"},
      {"converged_day", "day", "first day no opinion changed by 1e-10 or more (NaN if never)"}};
  info.supports_complete_mixing = true;
  info.create = [](const ModelContext& ctx) -> std::unique_ptr<Model> {
    return std::make_unique<HegselmannKrause>(ctx, binder().bind(ctx.params));
  };
  return info;
}

}  // namespace

const ModelInfo& hegselmann_krause_model() {
  static const ModelInfo info = make_info();
  return info;
}

}  // namespace commsim::models
