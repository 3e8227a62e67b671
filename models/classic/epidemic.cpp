// SIS and SIR spreading of information (or infection) on a contact graph:
// the discrete-time network versions of Kermack and McKendrick (1927); see
// Pastor-Satorras, Castellano, Van Mieghem and Vespignani (2015), "Epidemic
// processes in complex networks", Rev. Mod. Phys. 87:925.
//
// Rule. Each day, at once: a susceptible person with k infected contacts is
// infected with probability 1 - (1 - beta)^k; an infected person recovers
// with probability gamma, back to susceptible (SIS) or to removed for good
// (SIR). Day 0 has `initial_infected` of the people infected.
//
// Thresholds. In the heterogeneous mean-field picture the SIS epidemic
// persists when beta/gamma exceeds <k>/<k^2>; SIR outbreaks are large when
// the transmissibility T = beta / (beta + gamma - beta gamma) (the chance an
// infection passes along an edge before recovery) exceeds
// <k>/(<k^2> - <k>) (Newman 2002). Both fall as degrees grow more unequal.
//
// Cost per day: O(N + M): a branch-free count of infected contacts per
// susceptible person, and a table of 1 - (1 - beta)^k by k.
//
// Random numbers. Each person draws one uniform a day (recovery, or
// infection given k infected contacts), so two people share a Philox block
// (uniform01_each in distributions.hpp), drawn a batch at a time before the
// contact sweep, instead of each opening a stream and discarding half its
// block; Philox had been 60% of the day's time.
#include <array>
#include <cmath>

#include "commsim/parallel.hpp"
#include "models/classic/classic_models.hpp"
#include "models/common/agent_model.hpp"

namespace commsim::models {
namespace {

enum State : std::uint8_t { kSusceptible = 0, kInfected = 1, kRemoved = 2 };

struct EpidemicParams {
  double beta = 0.05;
  double gamma = 0.1;
  double initial_infected = 0.01;
};

ParamBinder<EpidemicParams> binder() {
  return ParamBinder<EpidemicParams>{}
      .real("beta", &EpidemicParams::beta, 0.05, Range::closed(0, 1),
            "Daily probability that an infected contact passes it on.")
      .real("gamma", &EpidemicParams::gamma, 0.1, Range::closed(0, 1),
            "Daily probability that an infected person recovers (mean duration 1/gamma days).")
      .real("initial_infected", &EpidemicParams::initial_infected, 0.01, Range::closed(0, 1),
            "Share of people infected on day 0, chosen uniformly at random.");
}

class Epidemic final : public AgentModel {
 public:
  Epidemic(const ModelContext& ctx, EpidemicParams params, bool immune)
      : AgentModel(ctx),
        params_(params),
        immune_(immune),
        state_(population_.add<std::uint8_t>("state", kSusceptible,
                                             "0 susceptible, 1 infected, 2 removed (SIR)")),
        next_(population_.add_scratch<std::uint8_t>("state_next", kSusceptible,
                                                    "state after this day")),
        infected_(recorder_.metric("infected_share")) {
    schedule_.phases = {
        {"transmit", PhaseKind::PerAgent,
         "susceptible people are infected by their infected contacts; infected people recover",
         [this](const PhaseStep& step) { transmit(step); }},
        {"commit", PhaseKind::Serial, "new states take effect and are counted",
         [this](const PhaseStep&) { commit(); }},
    };
    const std::uint32_t max_degree =
        graph_.is_complete() ? population_.size() : max_degree_of(graph_);
    infection_.resize(std::size_t{max_degree} + 1);
    for (std::size_t k = 0; k < infection_.size(); ++k) {
      infection_[k] =
          -std::expm1(static_cast<double>(k) * std::log1p(-std::min(params_.beta, 1.0 - 1e-16)));
    }
  }

  void initialize(const RunRng& rng) override {
    const std::uint32_t n = population_.size();
    const auto k = static_cast<std::uint32_t>(std::llround(params_.initial_infected * n));
    auto stream = rng.stream(Day{0}, kInitPhase, 0);
    for (std::uint32_t a : sample_without_replacement(stream, n, k)) {
      state_[a] = next_[a] = kInfected;
    }
    infected_count_ = k;
  }

  void record(Day day) override {
    const double share = static_cast<double>(infected_count_) / population_.size();
    recorder_.record(infected_, day, share);
    if (immune_) {
      recorder_.record(recorder_.metric("removed_share"), day,
                       static_cast<double>(removed_count_) / population_.size());
    }
    if (share > peak_) {
      peak_ = share;
      peak_day_ = day.value();
    }
    shares_.push_back(share);
  }

  void finish() override {
    if (immune_) {
      recorder_.summarize(
          recorder_.summary("final_size"),
          static_cast<double>(removed_count_ + infected_count_) / population_.size());
      recorder_.summarize(recorder_.summary("peak_infected"), peak_);
      recorder_.summarize(recorder_.summary("peak_day"), peak_day_);
      return;
    }
    // Prevalence: the mean over the last quarter of the days (the
    // quasi-stationary state when the horizon is long enough).
    const std::size_t from = shares_.size() - (shares_.size() + 3) / 4;
    double sum = 0;
    for (std::size_t d = from; d < shares_.size(); ++d) {
      sum += shares_[d];
    }
    recorder_.summarize(recorder_.summary("prevalence"),
                        sum / static_cast<double>(shares_.size() - from));
    recorder_.summarize(recorder_.summary("extinct"), infected_count_ == 0 ? 1.0 : 0.0);
  }

 private:
  static std::uint32_t max_degree_of(const Graph& g) {
    std::uint32_t best = 0;
    for (VertexIndex v = 0; v < g.num_vertices(); ++v) {
      best = std::max(best, g.degree(AgentId{v}));
    }
    return best;
  }

  // Out of line so that profiles find it by name; the call is once per block
  // of people. Locals rather than members inside the loop: every store to
  // next (bytes) may alias any member, which the compiler would reload.
  [[gnu::noinline]] void transmit(const PhaseStep& step) {
    const std::uint8_t* state = state_.data();
    std::uint8_t* next = next_.data();
    if (infected_count_ == 0) {  // nobody infected: nothing changes
      std::copy(state + step.begin(), state + step.end(), next + step.begin());
      return;
    }
    const PhaseRng rng = step.rng();
    const bool complete = graph_.is_complete();
    // Recovery flips kInfected to the recovered state by XOR with this, under
    // a mask rather than a jump: with gamma = 0.1 a jump mispredicts for
    // about one infected person in ten.
    const std::uint8_t recover_flip = kInfected ^ (immune_ ? kRemoved : kSusceptible);
    const double gamma = params_.gamma;
    const double* infection = infection_.data();
    const std::uint64_t everyone_sick = infected_count_;
    const EdgeIndex* rowstart = graph_.csr().m_forward.m_rowstart.data();
    const VertexIndex* column = graph_.csr().m_forward.m_column.data();
    std::array<double, kUniformBatch> u{};
    for (std::uint32_t first = step.begin(); first < step.end(); first += kUniformBatch) {
      const std::uint32_t count = std::min(kUniformBatch, step.end() - first);
      uniform01_each(rng, first, std::span(u.data(), count));
      for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t a = first + i;
        const std::uint8_t s = state[a];
        if (s == kInfected) {
          const auto recovers = static_cast<std::uint8_t>(0U - (u[i] < gamma ? 1U : 0U));
          next[a] = static_cast<std::uint8_t>(kInfected ^ (recover_flip & recovers));
        } else if (s == kSusceptible) {
          std::uint64_t sick = everyone_sick;
          if (!complete) {
            sick = 0;
            for (EdgeIndex e = rowstart[a]; e < rowstart[a + 1]; ++e) {
              sick += state[column[e]] == kInfected ? 1U : 0U;
            }
          }
          next[a] = u[i] < infection[sick] ? kInfected : kSusceptible;
        } else {
          next[a] = s;
        }
      }
    }
  }

  // People whose uniforms are drawn together: enough to keep several Philox
  // blocks in flight, few enough to stay in L1.
  static constexpr std::uint32_t kUniformBatch = 256;

  void commit() {
    std::copy(next_.begin(), next_.end(), state_.begin());
    infected_count_ = deterministic_sum<std::uint64_t>(
        population_.size(), [&](std::uint32_t a) { return state_[a] == kInfected ? 1ULL : 0ULL; });
    if (immune_) {
      removed_count_ = deterministic_sum<std::uint64_t>(
          population_.size(), [&](std::uint32_t a) { return state_[a] == kRemoved ? 1ULL : 0ULL; });
    }
  }

  EpidemicParams params_;
  bool immune_;
  std::span<std::uint8_t> state_;
  std::span<std::uint8_t> next_;
  std::vector<double> infection_;  // 1 - (1 - beta)^k by k
  std::size_t infected_;
  std::uint64_t infected_count_ = 0;
  std::uint64_t removed_count_ = 0;
  std::vector<double> shares_;
  double peak_ = 0;
  double peak_day_ = 0;
};

ModelInfo make_info(bool immune) {
  ModelInfo info;
  info.name = immune ? "sir" : "sis";
  info.summary = immune ? "SIR spreading: infected people recover for good."
                        : "SIS spreading: infected people recover and can be infected again.";
  info.source = "Kermack and McKendrick (1927); Pastor-Satorras et al. (2015), RMP 87:925";
  info.params = binder().section(immune ? "SIR spreading." : "SIS spreading.");
  info.metrics = {{"infected_share", "share", "share of people infected", "", {}}};
  if (immune) {
    info.metrics.push_back(
        {"removed_share", "share", "share of people recovered for good", "", {}});
    info.summaries = {{"final_size", "share", "share ever infected by the horizon"},
                      {"peak_infected", "share", "largest infected share on any day"},
                      {"peak_day", "day", "day of the largest infected share"}};
  } else {
    info.summaries = {
        {"prevalence", "share", "mean infected share over the last quarter of the days"},
        {"extinct", "bool", "1 if nobody is infected at the horizon"}};
  }
  info.supports_complete_mixing = true;
  info.create = [immune](const ModelContext& ctx) -> std::unique_ptr<Model> {
    return std::make_unique<Epidemic>(ctx, binder().bind(ctx.params), immune);
  };
  return info;
}

}  // namespace

const ModelInfo& sis_model() {
  static const ModelInfo info = make_info(false);
  return info;
}

const ModelInfo& sir_model() {
  static const ModelInfo info = make_info(true);
  return info;
}

}  // namespace commsim::models
