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

#include "commsim/parallel.hpp"
#include "models/classic/agent_model.hpp"
#include "models/classic/classic_models.hpp"

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

class Deffuant final : public AgentModel {
 public:
  Deffuant(const ModelContext& ctx, DeffuantParams params)
      : AgentModel(ctx),
        params_(std::move(params)),
        opinion_(population_.add<double>("opinion", 0.0, "opinion in [0, 1]")),
        next_(population_.add_scratch<double>("opinion_next", 0.0, "opinion after this day")),
        mean_(recorder_.metric("opinion_mean")),
        sd_(recorder_.metric("opinion_sd")) {
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
  }

  void finish() override {
    const OpinionClusters c =
        opinion_clusters(std::vector<double>(opinion_.begin(), opinion_.end()), 0.01, 0.05);
    recorder_.summarize(recorder_.summary("clusters"), static_cast<double>(c.all));
    recorder_.summarize(recorder_.summary("major_clusters"), static_cast<double>(c.major));
    recorder_.summarize(recorder_.summary("largest_cluster_share"), c.largest_share);
  }

  void check_invariants() const override {
    for (double x : opinion_) {
      COMMSIM_CHECK(x >= 0.0 && x <= 1.0, "opinions stay in [0, 1]");
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
  std::span<double> opinion_;
  std::span<double> next_;
  std::size_t mean_;
  std::size_t sd_;
};

ModelInfo make_info() {
  ModelInfo info;
  info.name = "deffuant";
  info.summary = "Deffuant bounded confidence: close opinions converge pairwise.";
  info.source = "Deffuant, Neau, Amblard, Weisbuch (2000), Adv. Complex Systems 3:87-98";
  info.params = binder().section("Deffuant bounded confidence.");
  info.metrics = {{"opinion_mean", "opinion", "mean opinion", "", {}},
                  {"opinion_sd", "opinion", "standard deviation of opinions", "", {}}};
  info.summaries = {
      {"clusters", "clusters", "opinion clusters at the horizon (gaps > 0.01 separate them)"},
      {"major_clusters", "clusters", "clusters holding at least 5% of people"},
      {"largest_cluster_share", "share", "share of people in the largest cluster"}};
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
