// Deffuant bounded confidence (Deffuant, Neau, Amblard and Weisbuch 2000,
// "Mixing beliefs among interacting agents", Adv. Complex Systems 3:87).
//
// Rule. Opinions x in [0, 1] start uniform. When two people meet and their
// opinions differ by less than epsilon, both move toward each other by mu
// times the difference:  x_i += mu (x_j - x_i),  x_j += mu (x_i - x_j).
// Opinions settle into clusters; with uniform initial opinions the number of
// major clusters is about 1 / (2 epsilon), and consensus follows for epsilon
// above 1/2 (Fortunato 2004, Int. J. Mod. Phys. C 15:1301).
//
// Update schemes (`update`):
//   pairwise    (default) - the original: each day N/2 random encounters,
//               taken one after another (a serial phase: exact, not parallel).
//               An encounter is a uniformly chosen person and a uniformly
//               chosen contact (anyone else under complete mixing).
//   synchronous - each day everyone picks a random contact and moves toward
//               them if close enough (only themselves move). Parallel and
//               deterministic; the same clustering, reached at another pace.
//
// Cost per day: O(N) either way (plus O(N log N) once for the final clusters).
#include <cmath>

#include "models/classic/classic_models.hpp"
#include "models/classic/opinion_model.hpp"

namespace commsim::models {
namespace {

struct DeffuantParams {
  double epsilon = 0.2;
  double mu = 0.5;
  std::string update = "pairwise";
};

ParamBinder<DeffuantParams> binder() {
  return ParamBinder<DeffuantParams>{}
      .real("epsilon", &DeffuantParams::epsilon, 0.2, Range::closed(0, 1),
            "Confidence bound: people influence each other only if their opinions differ by "
            "less than this. Default 0.2, the value Deffuant et al. (2000) discuss most.")
      .real("mu", &DeffuantParams::mu, 0.5, Range{0, 0.5, true, false},
            "Convergence parameter: the share of the difference each side moves. 0.5 makes "
            "them meet halfway; it sets the pace, not the final clusters.")
      .choice("update", &DeffuantParams::update, "pairwise", {"pairwise", "synchronous"},
              "pairwise: N/2 sequential random encounters a day (the original); synchronous: "
              "everyone moves toward one random contact at once (parallel).");
}

class Deffuant final : public OpinionModel {
 public:
  Deffuant(const ModelContext& ctx, DeffuantParams params)
      : OpinionModel(ctx), params_(std::move(params)) {
    if (params_.update == "pairwise") {
      schedule_.phases = {{"encounters", PhaseKind::Serial,
                           "N/2 random encounters, one after another; close pairs converge",
                           [this](const PhaseStep& step) { encounters(step); }}};
    } else {
      schedule_.phases = {
          {"move", PhaseKind::PerAgent,
           "each person moves toward one random contact whose opinion is within epsilon",
           [this](const PhaseStep& step) { move(step); }},
          {"commit", PhaseKind::Serial, "new opinions take effect",
           [this](const PhaseStep&) { std::copy(next_.begin(), next_.end(), opinion_.begin()); }},
      };
    }
  }

 private:
  void encounters(const PhaseStep& step) {
    auto rng = step.stream(0);
    const std::uint32_t n = population_.size();
    for (std::uint32_t k = 0; k < n / 2; ++k) {
      const VertexIndex i = uniform_index(rng, n);
      const auto j = random_contact(i, rng);
      if (!j) {
        continue;
      }
      const double d = opinion_[*j] - opinion_[i];
      if (std::fabs(d) < params_.epsilon) {
        opinion_[i] += params_.mu * d;
        opinion_[*j] -= params_.mu * d;
      }
    }
  }

  void move(const PhaseStep& step) {
    for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
      auto rng = step.stream(a);
      const auto j = random_contact(a, rng);
      const double d = j ? opinion_[*j] - opinion_[a] : 0.0;
      // Mask, not branch: an unpredictable branch costs more than the multiply.
      const double within = std::fabs(d) < params_.epsilon ? 1.0 : 0.0;
      next_[a] = opinion_[a] + within * params_.mu * d;
    }
  }

  DeffuantParams params_;
};

ModelInfo make_info() {
  ModelInfo info;
  info.name = "deffuant";
  info.summary = "Deffuant bounded confidence: close opinions converge pairwise.";
  info.source = "Deffuant, Neau, Amblard, Weisbuch (2000), Adv. Complex Systems 3:87-98";
  info.params = binder().section("Deffuant bounded confidence.");
  info.metrics = OpinionModel::metrics();
  info.summaries = OpinionModel::summaries();
  info.supports_complete_mixing = true;
  info.create = [](const ModelContext& ctx) -> std::unique_ptr<Model> {
    return std::make_unique<Deffuant>(ctx, binder().bind(ctx.params));
  };
  return info;
}

}  // namespace

const ModelInfo& deffuant_model() {
  static const ModelInfo info = make_info();
  return info;
}

}  // namespace commsim::models
