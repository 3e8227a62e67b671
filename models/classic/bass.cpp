#include "models/classic/bass.hpp"

#include <cmath>

#include "commsim/distributions.hpp"
#include "commsim/error.hpp"
#include "commsim/parallel.hpp"
#include "models/common/agent_model.hpp"

namespace commsim::models {

double bass_flow_with_decay(double f, double p, double q, double decay) {
  if (f >= 1.0) {
    return 1.0;
  }
  if (p <= 0.0) {
    // Pure imitation: the logistic equation; decay is e^{-q dt} here.
    return f / (f + (1.0 - f) * decay);
  }
  // Shift time so that the closed form passes through f, then advance dt:
  // x = e^{-(p+q)(t0 + dt)} with e^{-(p+q)t0} = (1 - f) / (1 + f q / p).
  const double x = (1.0 - f) / (1.0 + f * q / p) * decay;
  return (1.0 - x) / (1.0 + (q / p) * x);
}

double bass_flow(double f, double p, double q, double dt) {
  return bass_flow_with_decay(f, p, q, std::exp(-(p > 0.0 ? p + q : q) * dt));
}

double bass_closed_form(double t, double p, double q) {
  return bass_flow(0.0, p, q, t);
}

namespace {

enum Channel : std::uint8_t { kNone = 0, kInnovation = 1, kImitation = 2 };

ParamBinder<BassParams> bass_binder() {
  return ParamBinder<BassParams>{}
      .real("p", &BassParams::p, 0.03, Range::closed(0, 1),
            "Innovation coefficient: adoption rate per day from outside influence. Default "
            "0.03, the mean p of the Bass fits collected by Sultan, Farley and Lehmann (1990); "
            "those were fitted per year, so a day here stands for their period.")
      .real("q", &BassParams::q, 0.38, Range::closed(0, 10),
            "Imitation coefficient: adoption rate per day when every contact has adopted. "
            "Default 0.38, the mean q of the same meta-analysis (per period, as for p).")
      .real("initial_adopters", &BassParams::initial_adopters, 0.0, Range::closed(0, 1),
            "Share of people who have adopted on day 0 (drawn uniformly at random).")
      .choice("time_step", &BassParams::time_step, "flow", {"flow", "hazard"},
              "How a step turns the rate into a probability: flow follows the Bass flow within "
              "the step (exact under complete mixing), hazard holds the start-of-step rate.")
      .integer("substeps", &BassParams::substeps, 1, Range::closed(1, 1000),
               "Steps per day; the share of adopted contacts is refreshed at each.");
}

class Bass final : public AgentModel {
 public:
  Bass(const ModelContext& ctx, BassParams params)
      : AgentModel(ctx),
        params_(std::move(params)),
        adopted_(population_.add<std::uint8_t>("adopted", 0, "1 once the person has adopted")),
        next_(population_.add_scratch<std::uint8_t>("adopted_next", 0,
                                                    "adopted, as written this step")),
        channel_(population_.add<std::uint8_t>(
            "adoption_channel", kNone,
            "how the person adopted: 0 not yet or initially, 1 innovation, "
            "2 imitation")),
        adoption_day_(population_.add<std::int32_t>("adoption_day", -1,
                                                    "day of adoption; -1 not yet, 0 initial")),
        dt_(1.0 / params_.substeps),
        flow_(params_.time_step == "flow"),
        flow_decay_(std::exp(-(params_.p > 0.0 ? params_.p + params_.q : params_.q) * dt_)),
        adopted_share_(ctx.recorder.metric("adopted_share")),
        new_adopters_(ctx.recorder.metric("new_adopters")),
        final_share_(ctx.recorder.summary("final_share")),
        peak_day_(ctx.recorder.summary("peak_day")),
        half_day_(ctx.recorder.summary("half_day")),
        imitation_share_(ctx.recorder.summary("imitation_share")) {
    schedule_.substeps_per_day = params_.substeps;
    schedule_.phases = {
        {"adopt", PhaseKind::PerAgent,
         "each person who has not adopted adopts with the step's probability given the adopted "
         "share of their contacts at the start of the step",
         [this](const PhaseStep& step) { adopt(step); }},
        {"commit", PhaseKind::Serial, "new adoptions take effect and are counted by channel",
         [this](const PhaseStep& step) { commit(step); }},
    };
  }

  void initialize(const RunRng& rng) override {
    const std::uint32_t n = population_.size();
    const auto k = static_cast<std::uint32_t>(std::llround(params_.initial_adopters * n));
    auto stream = rng.stream(Day{0}, kInitPhase, 0);
    for (std::uint32_t a : sample_without_replacement(stream, n, k)) {
      adopted_[a] = next_[a] = 1;
      adoption_day_[a] = 0;
    }
    adopted_count_ = k;
    initial_count_ = k;
  }

  void record(Day day) override {
    const double n = population_.size();
    recorder_.record(adopted_share_, day, n > 0 ? static_cast<double>(adopted_count_) / n : 0.0);
    recorder_.record(new_adopters_, day, 0, static_cast<double>(today_[0]));
    recorder_.record(new_adopters_, day, 1, static_cast<double>(today_[1]));
    if (today_[0] + today_[1] > peak_count_) {
      peak_count_ = today_[0] + today_[1];
      peak_day_value_ = day.value();
    }
    if (half_day_value_ < 0 && 2 * adopted_count_ >= population_.size() && population_.size() > 0) {
      half_day_value_ = day.value();
    }
    total_[0] += today_[0];
    total_[1] += today_[1];
    today_ = {0, 0};
  }

  void finish() override {
    const double nan = std::nan("");
    const double n = population_.size();
    const double adoptions = static_cast<double>(total_[0] + total_[1]);
    recorder_.summarize(final_share_, n > 0 ? static_cast<double>(adopted_count_) / n : 0.0);
    recorder_.summarize(peak_day_, peak_count_ > 0 ? peak_day_value_ : nan);
    recorder_.summarize(half_day_, half_day_value_ >= 0 ? half_day_value_ : nan);
    recorder_.summarize(imitation_share_,
                        adoptions > 0 ? static_cast<double>(total_[1]) / adoptions : nan);
  }

  void check_invariants() const override {
    const std::uint64_t counted = deterministic_sum<std::uint64_t>(
        population_.size(), [this](std::uint32_t i) { return std::uint64_t{adopted_[i]}; });
    COMMSIM_CHECK(counted == adopted_count_, "adopted count matches the adopted flags");
    COMMSIM_CHECK(adopted_count_ <= population_.size(), "at most everyone adopts");
    COMMSIM_CHECK(total_[0] + total_[1] + today_[0] + today_[1] + initial_count_ == adopted_count_,
                  "every adoption is counted in exactly one channel");
  }

 private:
  // The adoption probability over one step for adopted-contact share s.
  [[nodiscard]] double step_probability(double s) const {
    if (flow_) {
      return s >= 1.0
                 ? 1.0 - std::exp(-(params_.p + params_.q) * dt_)
                 : (bass_flow_with_decay(s, params_.p, params_.q, flow_decay_) - s) / (1.0 - s);
    }
    return 1.0 - std::exp(-(params_.p + params_.q * s) * dt_);
  }

  void adopt(const PhaseStep& step) {
    const bool complete = graph_.is_complete();
    const double others = population_.size() > 1 ? population_.size() - 1.0 : 1.0;
    const double mixed_share = static_cast<double>(adopted_count_) / others;
    for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
      if (adopted_[a] != 0) {
        continue;
      }
      double s = mixed_share;
      if (!complete) {
        const auto contacts = graph_.neighbors(AgentId{a});
        std::uint32_t adopted_contacts = 0;
        for (VertexIndex v : contacts) {
          adopted_contacts += adopted_[v];
        }
        s = contacts.empty()
                ? 0.0
                : static_cast<double>(adopted_contacts) / static_cast<double>(contacts.size());
      }
      const double probability = step_probability(s);
      auto rng = step.stream(a);
      if (uniform01(rng) >= probability) {
        continue;
      }
      const double innovation_share =
          params_.p * dt_ / -std::log1p(-std::min(probability, 1.0 - 1e-16));
      next_[a] = 1;
      channel_[a] = uniform01(rng) < innovation_share ? kInnovation : kImitation;
      adoption_day_[a] = static_cast<std::int32_t>(step.day().value());
    }
  }

  void commit(const PhaseStep& /*step*/) {
    struct Counts {
      std::uint64_t innovation = 0;
      std::uint64_t imitation = 0;
      Counts& operator+=(const Counts& o) {
        innovation += o.innovation;
        imitation += o.imitation;
        return *this;
      }
    };
    const Counts fresh = deterministic_sum<Counts>(population_.size(), [&](std::uint32_t a) {
      Counts c;
      if (next_[a] != adopted_[a]) {
        adopted_[a] = 1;
        c.innovation = channel_[a] == kInnovation ? 1 : 0;
        c.imitation = channel_[a] == kImitation ? 1 : 0;
      }
      return c;
    });
    today_[0] += fresh.innovation;
    today_[1] += fresh.imitation;
    adopted_count_ += fresh.innovation + fresh.imitation;
  }

  BassParams params_;
  std::span<std::uint8_t> adopted_;
  std::span<std::uint8_t> next_;
  std::span<std::uint8_t> channel_;
  std::span<std::int32_t> adoption_day_;
  double dt_;
  bool flow_;
  double flow_decay_;  // the flow's per-step factor, computed once per run

  std::uint64_t adopted_count_ = 0;
  std::uint64_t initial_count_ = 0;
  std::array<std::uint64_t, 2> today_{0, 0};
  std::array<std::uint64_t, 2> total_{0, 0};
  std::uint64_t peak_count_ = 0;
  double peak_day_value_ = 0;
  double half_day_value_ = -1;

  std::size_t adopted_share_;
  std::size_t new_adopters_;
  std::size_t final_share_;
  std::size_t peak_day_;
  std::size_t half_day_;
  std::size_t imitation_share_;
};

ModelInfo make_bass_info() {
  ModelInfo info;
  info.name = "bass";
  info.summary = "Bass diffusion: adoption by innovation (p) and imitation of contacts (q).";
  info.source = "Bass (1969), Management Science 15:215-227";
  info.params = bass_binder().section("Bass diffusion coefficients and time step.");
  info.behaviour.doc = "The Bass model has no behaviour constants beyond its section.";
  info.metrics = {
      {"adopted_share", "share", "share of people who have adopted, at the end of the day", "", {}},
      {"new_adopters",
       "people/day",
       "people who adopted during the day",
       "channel",
       {"innovation", "imitation"}},
  };
  info.summaries = {
      {"final_share", "share", "adopted share at the horizon"},
      {"peak_day", "day", "day with the most new adopters (first if tied; NaN if none)"},
      {"half_day", "day", "first day at which half the people have adopted (NaN if never)"},
      {"imitation_share", "share", "share of adoptions (after day 0) due to imitation"},
  };
  info.objective =
      declare_objective("final_share", Direction::Maximize, {}, {"half_day", "imitation_share"});
  info.supports_complete_mixing = true;
  info.create = [](const ModelContext& ctx) -> std::unique_ptr<Model> {
    return std::make_unique<Bass>(ctx, bass_binder().bind(ctx.params));
  };
  return info;
}

}  // namespace

const ModelInfo& bass_model() {
  static const ModelInfo info = make_bass_info();
  return info;
}

}  // namespace commsim::models
