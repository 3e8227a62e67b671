// The voter model with node update (Clifford and Sudbury 1973; Holley and
// Liggett 1975).
//
// Rule. Everyone holds one of two opinions, +1 or -1. An update picks a
// person uniformly at random and sets their opinion to that of one uniformly
// chosen contact (the "node update": pick a person, then a neighbour).
// `update: asynchronous` (the default, as in the literature) makes N such
// updates a day, one after another, each seeing the opinions the previous
// ones left (random sequential update; a day is one Monte Carlo sweep).
// Opinions drift until consensus, which every finite connected graph reaches.
//
// `update: synchronous` instead lets everyone copy at once from yesterday's
// opinions. It keeps the martingale below, but on bipartite graphs it can
// oscillate forever: two connected people with different opinions swap them
// every day, and a star or a complete bipartite graph whose two sides each
// agree internally but disagree with each other flips sides daily (about
// half the runs on a star or K5,5 fall into such a cycle and never settle).
//
// What it conserves. With node update the expected degree-weighted density
// of +1, omega = sum_i k_i s_i / sum_i k_i, is a martingale: the probability
// that the population ends at +1 equals omega at the start (Sood and Redner
// 2005, PRL 94:178701), which is the plain density on the complete graph. On
// the complete graph the time to consensus grows in proportion to N.
//
// Cost per day: O(N), one random contact per update; nothing after
// consensus. The asynchronous update is serial (each update depends on the
// last); the synchronous one runs in parallel.
#include <cmath>
#include <numeric>

#include "commsim/parallel.hpp"
#include "models/classic/classic_models.hpp"
#include "models/common/agent_model.hpp"

namespace commsim::models {
namespace {

struct VoterParams {
  double initial_density = 0.5;
  std::string seeding = "random";
  std::string update = "asynchronous";
};

ParamBinder<VoterParams> binder() {
  return ParamBinder<VoterParams>{}
      .real("initial_density", &VoterParams::initial_density, 0.5, Range::closed(0, 1),
            "Share of people holding +1 on day 0.")
      .choice("seeding", &VoterParams::seeding, "random", {"random", "high_degree"},
              "Who holds +1 on day 0: a uniformly random set, or the best-connected people "
              "(which raises the degree-weighted density above the plain one).")
      .choice("update", &VoterParams::update, "asynchronous", {"asynchronous", "synchronous"},
              "asynchronous: N random sequential updates a day, each seeing the last (the "
              "literature's voter model; reaches consensus on every connected graph); "
              "synchronous: everyone copies yesterday's opinions at once (oscillates forever "
              "on some bipartite graphs: a pair, stars, K5,5).");
}

class Voter final : public AgentModel {
 public:
  Voter(const ModelContext& ctx, VoterParams params)
      : AgentModel(ctx),
        params_(std::move(params)),
        state_(population_.add<std::uint8_t>("opinion", 0, "1 for +1, 0 for -1")),
        next_(population_.add_scratch<std::uint8_t>("opinion_next", 0, "opinion after this day")),
        density_(recorder_.metric("density")),
        weighted_(recorder_.metric("degree_weighted_density")) {
    if (params_.update == "asynchronous") {
      schedule_.phases = {
          {"update", PhaseKind::Serial,
           "N times, one after another: a random person copies the opinion of one random contact",
           [this](const PhaseStep& step) { update(step); }},
      };
    } else {
      schedule_.phases = {
          {"copy", PhaseKind::PerAgent,
           "each person copies yesterday's opinion of one random contact (synchronous)",
           [this](const PhaseStep& step) { copy(step); }},
          {"commit", PhaseKind::Serial, "new opinions take effect; consensus is detected",
           [this](const PhaseStep&) { commit(); }},
      };
    }
  }

  void initialize(const RunRng& rng) override {
    const std::uint32_t n = population_.size();
    const auto k = static_cast<std::uint32_t>(std::llround(params_.initial_density * n));
    if (params_.seeding == "high_degree") {
      std::vector<std::uint32_t> order(n);
      std::iota(order.begin(), order.end(), 0U);
      std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return graph_.degree(AgentId{a}) > graph_.degree(AgentId{b});
      });
      for (std::uint32_t i = 0; i < k; ++i) {
        state_[order[i]] = 1;
      }
    } else {
      auto stream = rng.stream(Day{0}, kInitPhase, 0);
      for (std::uint32_t a : sample_without_replacement(stream, n, k)) {
        state_[a] = 1;
      }
    }
    ones_ = k;
    recorder_.summarize(recorder_.summary("initial_degree_weighted_density"), weighted_density());
  }

  void record(Day day) override {
    const std::uint32_t n = population_.size();
    recorder_.record(density_, day, static_cast<double>(ones_) / n);
    recorder_.record(weighted_, day, weighted_density());
    if (consensus_day_ < 0 && (ones_ == 0 || ones_ == n)) {
      consensus_day_ = day.value();
    }
  }

  void finish() override {
    const std::uint32_t n = population_.size();
    const bool consensus = ones_ == 0 || ones_ == n;
    recorder_.summarize(recorder_.summary("final_density"), static_cast<double>(ones_) / n);
    recorder_.summarize(recorder_.summary("consensus_day"),
                        consensus ? consensus_day_ : std::nan(""));
    recorder_.summarize(recorder_.summary("winner"),
                        consensus ? (ones_ == n ? 1.0 : 0.0) : std::nan(""));
  }

 private:
  [[nodiscard]] double weighted_density() const {
    const std::uint32_t n = population_.size();
    const double ones = deterministic_sum<double>(n, [&](std::uint32_t a) {
      return state_[a] * static_cast<double>(graph_.degree(AgentId{a}));
    });
    const double all = deterministic_sum<double>(
        n, [&](std::uint32_t a) { return static_cast<double>(graph_.degree(AgentId{a})); });
    return all > 0 ? ones / all : std::nan("");
  }

  // Random sequential update: N draws of a person, each copying a contact's
  // current opinion; one stream for the day, since each update depends on
  // the one before.
  void update(const PhaseStep& step) {
    const std::uint32_t n = population_.size();
    auto rng = step.stream(0);
    for (std::uint32_t k = 0; k < n && ones_ != 0 && ones_ != n; ++k) {
      const std::uint32_t a = uniform_index(rng, n);
      const auto j = random_contact(a, rng);
      if (!j || state_[*j] == state_[a]) {
        continue;
      }
      ones_ = state_[*j] != 0 ? ones_ + 1 : ones_ - 1;
      state_[a] = state_[*j];
    }
  }

  void copy(const PhaseStep& step) {
    const bool settled = ones_ == 0 || ones_ == population_.size();
    for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
      if (settled) {
        next_[a] = state_[a];
        continue;
      }
      auto rng = step.stream(a);
      const auto j = random_contact(a, rng);
      next_[a] = j ? state_[*j] : state_[a];
    }
  }

  void commit() {
    std::copy(next_.begin(), next_.end(), state_.begin());
    ones_ = deterministic_sum<std::uint64_t>(
        population_.size(), [&](std::uint32_t a) { return std::uint64_t{state_[a]}; });
  }

  VoterParams params_;
  std::span<std::uint8_t> state_;
  std::span<std::uint8_t> next_;
  std::uint64_t ones_ = 0;
  double consensus_day_ = -1;
  std::size_t density_;
  std::size_t weighted_;
};

ModelInfo make_info() {
  ModelInfo info;
  info.name = "voter";
  info.summary =
      "Voter model, node update: a random person copies a random contact's opinion, N times a "
      "day (or everyone at once).";
  info.source = "Clifford and Sudbury (1973); Holley and Liggett (1975); Sood and Redner (2005)";
  info.params = binder().section("Voter model.");
  info.metrics = {{"density", "share", "share of people holding +1", "", {}},
                  {"degree_weighted_density",
                   "share",
                   "share of +1 weighted by degree (the conserved quantity)",
                   "",
                   {}}};
  info.summaries = {
      {"final_density", "share", "share holding +1 at the horizon"},
      {"consensus_day", "day", "first day everyone agreed (NaN if never)"},
      {"winner", "opinion", "1 if consensus on +1, 0 if on -1, NaN without consensus"},
      {"initial_degree_weighted_density", "share", "degree-weighted density of +1 on day 0"}};
  info.supports_complete_mixing = true;
  info.bytes_per_agent = 8;
  info.create = [](const ModelContext& ctx) -> std::unique_ptr<Model> {
    return std::make_unique<Voter>(ctx, binder().bind(ctx.params));
  };
  return info;
}

}  // namespace

const ModelInfo& voter_model() {
  static const ModelInfo info = make_info();
  return info;
}

}  // namespace commsim::models
