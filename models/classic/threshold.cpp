// Threshold models of collective behaviour: Granovetter (1978, "Threshold
// models of collective behavior", Am. J. Sociology 83:1420) and Watts (2002,
// "A simple model of global cascades on random networks", PNAS 99:5766).
//
// Rule. Each person has a threshold. Every day, at once, an inactive person
// becomes active when enough of their contacts are active: with
// `rule: fraction` (Watts) when the active share of contacts is at least the
// threshold; with `rule: count` (Granovetter) when the number of active
// contacts is. Activation is permanent. `seeds` random people, or the
// people listed in `seed_ids`, are active on day 0.
//
// Thresholds are `threshold` for everyone, or normal around it with sd
// `threshold_sd` (cut at 0), or given one per person in `thresholds`.
//
// Known results: thresholds 0, 1, ..., 99 among 100 people under complete
// mixing with `rule: count` make all 100 join, one a day; raising the
// threshold 1 to 2 stops the cascade after one person. On Erdos-Renyi graphs
// with threshold 0.18, a single seed sets off global cascades only for mean
// degrees inside the window where vulnerable people percolate.
//
// Cost per day: O(N + M), a branch-free count over each inactive person's
// contacts (O(N) under complete mixing).
#include <cmath>

#include "commsim/error.hpp"
#include "commsim/parallel.hpp"
#include "models/classic/classic_models.hpp"
#include "models/common/agent_model.hpp"

namespace commsim::models {
namespace {

struct ThresholdParams {
  std::string rule = "fraction";
  double threshold = 0.18;
  double threshold_sd = 0.0;
  std::vector<double> thresholds;
  std::int64_t seeds = 1;
  std::vector<std::int64_t> seed_ids;
};

ParamBinder<ThresholdParams> binder() {
  return ParamBinder<ThresholdParams>{}
      .choice("rule", &ThresholdParams::rule, "fraction", {"fraction", "count"},
              "fraction: active share of contacts (Watts 2002); count: number of active "
              "contacts, everyone else under complete mixing (Granovetter 1978).")
      .real("threshold", &ThresholdParams::threshold, 0.18, Range::at_least(0),
            "Threshold of everyone (or the mean when threshold_sd > 0). Default 0.18, the value "
            "of Watts (2002)'s main figures.")
      .real("threshold_sd", &ThresholdParams::threshold_sd, 0.0, Range::at_least(0),
            "Standard deviation of normally distributed thresholds (cut at 0); 0: all equal.")
      .real_list("thresholds", &ThresholdParams::thresholds, {}, Range::at_least(0),
                 "One threshold per person, in id order; overrides threshold and threshold_sd. "
                 "Must have population.size entries.")
      .integer("seeds", &ThresholdParams::seeds, 1, Range::at_least(0),
               "People active on day 0, chosen uniformly at random.")
      .int_list("seed_ids", &ThresholdParams::seed_ids, {}, Range::at_least(0),
                "The people active on day 0, by id; overrides seeds.");
}

class Threshold final : public AgentModel {
 public:
  Threshold(const ModelContext& ctx, ThresholdParams params)
      : AgentModel(ctx),
        params_(std::move(params)),
        active_(population_.add<std::uint8_t>("active", 0, "1 once the person is active")),
        threshold_(population_.add<double>("threshold", 0.0, "the person's threshold")),
        next_(population_.add_scratch<std::uint8_t>("active_next", 0, "active after this day")),
        share_(recorder_.metric("active_share")),
        fraction_rule_(params_.rule == "fraction") {
    schedule_.phases = {
        {"activate", PhaseKind::PerAgent,
         "each inactive person becomes active if their active contacts reach their threshold",
         [this](const PhaseStep& step) { activate(step); }},
        {"commit", PhaseKind::Serial, "activations take effect",
         [this](const PhaseStep& step) { commit(step); }},
    };
  }

  void initialize(const RunRng& rng) override {
    const std::uint32_t n = population_.size();
    for (std::uint32_t a = 0; a < n; ++a) {
      if (!params_.thresholds.empty()) {
        threshold_[a] = params_.thresholds[a];
      } else if (params_.threshold_sd > 0) {
        auto stream = rng.stream(Day{0}, kInitPhase, a);
        threshold_[a] = std::max(0.0, normal(stream, params_.threshold, params_.threshold_sd));
      } else {
        threshold_[a] = params_.threshold;
      }
    }
    auto stream = rng.stream(Day{0}, kInitPhase + 1, 0);
    const auto seeds = choose_seeds(params_.seed_ids, params_.seeds, n, stream);
    for (std::uint32_t a : seeds) {
      active_[a] = next_[a] = 1;
    }
    active_count_ = seeds.size();
  }

  void record(Day day) override {
    recorder_.record(share_, day, static_cast<double>(active_count_) / population_.size());
  }

  void finish() override {
    recorder_.summarize(recorder_.summary("final_share"),
                        static_cast<double>(active_count_) / population_.size());
    recorder_.summarize(recorder_.summary("last_activation_day"), last_day_);
  }

 private:
  void activate(const PhaseStep& step) {
    const bool complete = graph_.is_complete();
    for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
      if (active_[a] != 0) {
        continue;
      }
      std::uint64_t active_contacts = active_count_;  // everyone else, under complete mixing
      double contacts = population_.size() - 1.0;
      if (!complete) {
        const auto row = graph_.neighbors(AgentId{a});
        active_contacts = 0;
        for (VertexIndex v : row) {
          active_contacts += active_[v];
        }
        contacts = static_cast<double>(row.size());
      }
      const double pressure =
          fraction_rule_ ? (contacts > 0 ? static_cast<double>(active_contacts) / contacts : 0.0)
                         : static_cast<double>(active_contacts);
      next_[a] = pressure >= threshold_[a] ? 1 : 0;
    }
  }

  void commit(const PhaseStep& step) {
    const std::uint64_t before = active_count_;
    std::copy(next_.begin(), next_.end(), active_.begin());
    active_count_ = deterministic_sum<std::uint64_t>(
        population_.size(), [&](std::uint32_t a) { return std::uint64_t{active_[a]}; });
    if (active_count_ > before) {
      last_day_ = step.day().value();
    }
  }

  ThresholdParams params_;
  std::span<std::uint8_t> active_;
  std::span<double> threshold_;
  std::span<std::uint8_t> next_;
  std::size_t share_;
  bool fraction_rule_;
  std::uint64_t active_count_ = 0;
  double last_day_ = 0;
};

// One threshold per person when listed; seeds that exist.
std::vector<KeyProblem> check(const CheckContext& ctx) {
  const ThresholdParams p = binder().bind(ctx.params);
  std::vector<KeyProblem> problems = seed_problems(p.seed_ids, p.seeds, ctx.people, "threshold");
  if (!p.thresholds.empty() && p.thresholds.size() != ctx.people) {
    problems.push_back({"threshold.thresholds", "has " + std::to_string(p.thresholds.size()) +
                                                    " entries, but population.size is " +
                                                    std::to_string(ctx.people) +
                                                    " (one threshold per person, in id order)"});
  }
  return problems;
}

ModelInfo make_info() {
  ModelInfo info;
  info.name = "threshold";
  info.summary = "Threshold contagion: people join once enough of their contacts have.";
  info.source = "Granovetter (1978), Am. J. Sociology 83:1420; Watts (2002), PNAS 99:5766";
  info.params = binder().section("Granovetter / Watts threshold model.");
  info.metrics = {{"active_share", "share", "share of people active", "", {}}};
  info.summaries = {{"final_share", "share", "share of people active at the horizon"},
                    {"last_activation_day", "day", "last day anyone became active (0: none)"}};
  info.objective = declare_objective("final_share", Direction::Maximize);
  info.supports_complete_mixing = true;
  info.check = check;
  info.bytes_per_agent = 24;
  info.create = [](const ModelContext& ctx) -> std::unique_ptr<Model> {
    return std::make_unique<Threshold>(ctx, binder().bind(ctx.params));
  };
  return info;
}

}  // namespace

const ModelInfo& threshold_model() {
  static const ModelInfo info = make_info();
  return info;
}

}  // namespace commsim::models
