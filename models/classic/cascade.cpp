// Independent cascade (Goldenberg, Libai and Muller 2001, "Talk of the
// network", Marketing Letters 12:211; Kempe, Kleinberg and Tardos 2003).
//
// Rule. `seeds` random people (or those listed in `seed_ids`) are active on
// day 0. A person who became active
// yesterday gets one chance, today, to activate each inactive contact, each
// succeeding independently with probability p. An inactive person with k
// contacts activated yesterday therefore activates with 1 - (1 - p)^k. The
// cascade stops when a day brings no new activations. Its final extent is
// the seeds' cluster in the graph with each edge kept with probability p
// (bond percolation), so p = 1 activates the seeds' connected components.
//
// Cost per day: O(N + M), a branch-free count over each inactive person's
// contacts (O(N) under complete mixing).
#include <cmath>

#include "commsim/parallel.hpp"
#include "models/classic/classic_models.hpp"
#include "models/common/agent_model.hpp"

namespace commsim::models {
namespace {

struct CascadeParams {
  double p = 0.1;
  std::int64_t seeds = 1;
  std::vector<std::int64_t> seed_ids;
};

ParamBinder<CascadeParams> binder() {
  return ParamBinder<CascadeParams>{}
      .real("p", &CascadeParams::p, 0.1, Range::closed(0, 1),
            "Probability that a newly active person activates a given inactive contact.")
      .integer("seeds", &CascadeParams::seeds, 1, Range::at_least(0),
               "People active on day 0, chosen uniformly at random.")
      .int_list("seed_ids", &CascadeParams::seed_ids, {}, Range::at_least(0),
                "The people active on day 0, by id; overrides seeds.");
}

class Cascade final : public AgentModel {
 public:
  Cascade(const ModelContext& ctx, CascadeParams params)
      : AgentModel(ctx),
        params_(params),
        day_(population_.add<std::int32_t>("activation_day", -1,
                                           "day the person became active; -1 never, 0 seed")),
        next_(population_.add_scratch<std::int32_t>("activation_day_next", -1,
                                                    "activation day after today")),
        share_(recorder_.metric("active_share")),
        fresh_(recorder_.metric("new_active")) {
    schedule_.phases = {
        {"try", PhaseKind::PerAgent,
         "each inactive person is activated by each contact activated yesterday with "
         "probability p",
         [this](const PhaseStep& step) { attempt(step); }},
        {"commit", PhaseKind::Serial, "activations take effect",
         [this](const PhaseStep& step) { commit(step); }},
    };
  }

  void initialize(const RunRng& rng) override {
    auto stream = rng.stream(Day{0}, kInitPhase, 0);
    const auto seeds = choose_seeds(params_.seed_ids, params_.seeds, population_.size(), stream);
    for (std::uint32_t a : seeds) {
      day_[a] = next_[a] = 0;
    }
    active_ = newest_ = seeds.size();
  }

  void record(Day day) override {
    recorder_.record(share_, day, static_cast<double>(active_) / population_.size());
    recorder_.record(fresh_, day, static_cast<double>(newest_));
  }

  void finish() override {
    recorder_.summarize(recorder_.summary("final_share"),
                        static_cast<double>(active_) / population_.size());
    recorder_.summarize(recorder_.summary("last_activation_day"), last_day_);
  }

 private:
  void attempt(const PhaseStep& step) {
    const auto yesterday = static_cast<std::int32_t>(step.day().value()) - 1;
    const double log_miss = std::log1p(-std::min(params_.p, 1.0 - 1e-16));
    for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
      if (day_[a] >= 0 || newest_ == 0) {
        continue;
      }
      std::uint64_t fresh = newest_;  // under complete mixing, every new activation
      if (!graph_.is_complete()) {
        fresh = 0;
        for (VertexIndex v : graph_.neighbors(AgentId{a})) {
          fresh += day_[v] == yesterday ? 1U : 0U;
        }
      }
      if (fresh == 0) {
        continue;
      }
      const double probability =
          params_.p >= 1.0 ? 1.0 : -std::expm1(static_cast<double>(fresh) * log_miss);
      auto rng = step.stream(a);
      if (uniform01(rng) < probability) {
        next_[a] = static_cast<std::int32_t>(step.day().value());
      }
    }
  }

  void commit(const PhaseStep& step) {
    const auto today = static_cast<std::int32_t>(step.day().value());
    std::copy(next_.begin(), next_.end(), day_.begin());
    newest_ = deterministic_sum<std::uint64_t>(
        population_.size(), [&](std::uint32_t a) { return day_[a] == today ? 1ULL : 0ULL; });
    active_ += newest_;
    if (newest_ > 0) {
      last_day_ = today;
    }
  }

  CascadeParams params_;
  std::span<std::int32_t> day_;
  std::span<std::int32_t> next_;
  std::size_t share_;
  std::size_t fresh_;
  std::uint64_t active_ = 0;
  std::uint64_t newest_ = 0;
  double last_day_ = 0;
};

std::vector<KeyProblem> check(const CheckContext& ctx) {
  const CascadeParams p = binder().bind(ctx.params);
  return seed_problems(p.seed_ids, p.seeds, ctx.people, "cascade");
}

ModelInfo make_info() {
  ModelInfo info;
  info.name = "cascade";
  info.summary = "Independent cascade: each new activation gets one chance per contact.";
  info.source = "Goldenberg, Libai, Muller (2001), Marketing Letters 12:211; Kempe et al. (2003)";
  info.params = binder().section("Independent cascade.");
  info.metrics = {{"active_share", "share", "share of people active", "", {}},
                  {"new_active", "people/day", "people activated that day", "", {}}};
  info.summaries = {{"final_share", "share", "share of people active at the horizon"},
                    {"last_activation_day", "day", "last day anyone became active (0: none)"}};
  info.objective = declare_objective("final_share", Direction::Maximize);
  info.supports_complete_mixing = true;
  info.check = check;
  info.bytes_per_agent = 16;
  info.create = [](const ModelContext& ctx) -> std::unique_ptr<Model> {
    return std::make_unique<Cascade>(ctx, binder().bind(ctx.params));
  };
  return info;
}

}  // namespace

const ModelInfo& cascade_model() {
  static const ModelInfo info = make_info();
  return info;
}

}  // namespace commsim::models
