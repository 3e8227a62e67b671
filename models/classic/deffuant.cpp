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
//
// Random numbers. The synchronous scheme needs one word per person a day
// (Lemire's multiply-shift picks the contact), so four people share a Philox
// block (word_each in distributions.hpp) instead of each opening a stream
// and discarding three of its four words; the pairwise scheme draws from the
// phase's one stream. The move is branch-free (a mask ANDed with mu d):
// whether the contact is within epsilon is a coin toss while opinions are
// spread, and a mispredicted jump costs more than the multiply.
#include <array>
#include <bit>
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
          {"commit", PhaseKind::Serial, "new opinions take effect (the two opinion buffers swap)",
           [this](const PhaseStep&) { population_.swap_values(opinion_, next_); }},
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

  // Out of line so that profiles and bench/check_kernel_code.py find it by
  // name; the call is once per block of people.
  [[gnu::noinline]] void move(const PhaseStep& step) {
    const PhaseRng rng = step.rng();
    std::array<std::uint32_t, kWordBatch> words{};
    // The CSR rows themselves, read once: the loop then reloads nothing.
    const EdgeIndex* rowstart = graph_.csr().m_forward.m_rowstart.data();
    const VertexIndex* column = graph_.csr().m_forward.m_column.data();
    const std::uint32_t n = population_.size();
    // Locals, not members: a store to next (a double) might alias the double
    // members epsilon and mu, which the compiler would then reload each time.
    const double eps = params_.epsilon;
    const double mu = params_.mu;
    const double* opinion = opinion_.data();
    double* next = next_.data();
    const auto move_toward = [=](std::uint32_t a, VertexIndex j) {
      const double x = opinion[a];
      const double d = opinion[j] - x;
      const std::uint64_t within = std::fabs(d) < eps ? 1 : 0;  // setcc, no jump
      // x + mu d, or x + 0.0 when the contact is too far: the mask clears mu d.
      next[a] = x + std::bit_cast<double>(std::bit_cast<std::uint64_t>(mu * d) & (0 - within));
    };
    for (std::uint32_t first = step.begin(); first < step.end(); first += kWordBatch) {
      const std::uint32_t count = std::min(kWordBatch, step.end() - first);
      word_each(rng, first, std::span(words.data(), count));
      if (graph_.is_complete()) {
        for (std::uint32_t a = first; a < first + count; ++a) {
          // Anyone else: an index among the n - 1 others, shifted past a.
          VertexIndex j = a;
          if (n > 1) {
            j = uniform_index(words[a - first], n - 1, rng, a);
            j += j >= a ? 1 : 0;
          }
          move_toward(a, j);
        }
        continue;
      }
      for (std::uint32_t a = first; a < first + count; ++a) {
        const auto degree = static_cast<std::uint32_t>(rowstart[a + 1] - rowstart[a]);
        // Someone without contacts moves toward themselves: d = 0, no move.
        const VertexIndex j =
            degree == 0 ? a : column[rowstart[a] + uniform_index(words[a - first], degree, rng, a)];
        move_toward(a, j);
      }
    }
  }

  // People whose contact words are drawn together: enough to keep several
  // Philox blocks in flight, few enough to stay in L1.
  static constexpr std::uint32_t kWordBatch = 256;

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
