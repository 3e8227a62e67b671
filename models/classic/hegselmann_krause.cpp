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

#include "models/classic/classic_models.hpp"
#include "models/classic/opinion_model.hpp"

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

class HegselmannKrause final : public OpinionModel {
 public:
  HegselmannKrause(const ModelContext& ctx, HkParams params)
      : OpinionModel(ctx), params_(params), change_(recorder_.metric("max_change")) {
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

  void record(Day day) override {
    OpinionModel::record(day);
    recorder_.record(change_, day, day.value() == 0 ? std::nan("") : max_change_);
    if (converged_day_ < 0 && day.value() > 0 && max_change_ < 1e-10) {
      converged_day_ = day.value();
    }
  }

  void finish() override {
    OpinionModel::finish();
    recorder_.summarize(recorder_.summary("converged_day"),
                        converged_day_ >= 0 ? converged_day_ : std::nan(""));
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
  std::vector<double> sorted_;
  std::vector<double> prefix_;
  double max_change_ = 0.0;
  double converged_day_ = -1;
  std::size_t change_;
};

ModelInfo make_info() {
  ModelInfo info;
  info.name = "hegselmann_krause";
  info.summary = "Hegselmann-Krause: everyone moves to the mean of the opinions within epsilon.";
  info.source = "Hegselmann and Krause (2002), JASSS 5(3)";
  info.params = binder().section("Hegselmann-Krause bounded confidence.");
  info.metrics = OpinionModel::metrics();
  info.metrics.push_back(
      {"max_change", "opinion", "largest change of anyone's opinion that day", "", {}});
  info.summaries = OpinionModel::summaries();
  info.summaries.push_back(
      {"converged_day", "day", "first day no opinion changed by 1e-10 or more (NaN if never)"});
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
