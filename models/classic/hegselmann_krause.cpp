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
//
// The contact sweep is branch-free: whether a contact is within epsilon is
// about as predictable as a coin toss while opinions are still spread, and
// g++ 12 compiles `within ? y : 0` (or `within * y` with a 0/1 double) into a
// conditional jump that mispredicts half the time and made this model 3.6x
// slower than a hand-written loop. The test becomes an all-ones or all-zeros
// mask that is ANDed with the contact's opinion, and the count an integer;
// bench/check_kernel_code.py checks the generated code. The sum runs in
// contact order as before, so results are bit-identical to the branching
// form.
#include <atomic>
#include <bit>
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
         "under complete mixing: sort opinions and take prefix sums (on a graph: only reset the "
         "day's largest change)",
         [this](const PhaseStep&) { sort_opinions(); }},
        {"average", PhaseKind::PerAgent,
         "each person computes the mean opinion within epsilon among contacts and self; the "
         "largest change is kept",
         [this](const PhaseStep& step) { average(step); }},
        {"commit", PhaseKind::Serial, "new opinions take effect (the two opinion buffers swap)",
         [this](const PhaseStep&) { population_.swap_values(opinion_, next_); }},
    };
  }

  void record(Day day) override {
    OpinionModel::record(day);
    max_change_ = std::bit_cast<double>(max_change_bits_.load(std::memory_order_relaxed));
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
    max_change_bits_.store(0, std::memory_order_relaxed);
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
    keep_largest_change(graph_.is_complete() ? window_means(step) : contact_means(step));
  }

  // Under complete mixing: each window of opinions within epsilon, found by
  // binary search in the sorted opinions, and its mean from the prefix sums.
  // Returns the block's largest change.
  double window_means(const PhaseStep& step) {
    const double eps = params_.epsilon;
    double largest = 0.0;
    for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
      const double x = opinion_[a];
      const auto lo = std::lower_bound(sorted_.begin(), sorted_.end(), x - eps);
      const auto hi = std::upper_bound(sorted_.begin(), sorted_.end(), x + eps);
      const auto i = static_cast<std::size_t>(lo - sorted_.begin());
      const auto j = static_cast<std::size_t>(hi - sorted_.begin());
      next_[a] = (prefix_[j] - prefix_[i]) / static_cast<double>(j - i);
      largest = std::max(largest, std::fabs(next_[a] - x));
    }
    return largest;
  }

  // On a graph: the masked sweep over each person's contacts. Returns the
  // block's largest change. Out of line so that profiles and
  // bench/check_kernel_code.py find it by name; the call is once per block of
  // people.
  [[gnu::noinline]] double contact_means(const PhaseStep& step) {
    const double eps = params_.epsilon;
    double largest = 0.0;
    const double* opinion = opinion_.data();
    double* next = next_.data();
    for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
      const double x = opinion[a];
      double sum = x;
      std::uint64_t count = 1;
      for (VertexIndex v : graph_.neighbors(AgentId{a})) {
        const double y = opinion[v];
        const std::uint64_t within = std::fabs(y - x) <= eps ? 1 : 0;  // setcc, no jump
        // y or +0.0: the all-ones mask keeps y, the zero mask clears it.
        sum += std::bit_cast<double>(std::bit_cast<std::uint64_t>(y) & (0 - within));
        count += within;
      }
      next[a] = sum / static_cast<double>(count);
      largest = std::max(largest, std::fabs(next[a] - x));
    }
    return largest;
  }

  // Folds a block's largest change into the day's. max is exact and
  // order-free, so the result does not depend on how blocks are cut or
  // scheduled; changes are non-negative, and the bit patterns of
  // non-negative doubles order as integers do.
  void keep_largest_change(double largest) {
    const auto bits = std::bit_cast<std::uint64_t>(largest);
    auto seen = max_change_bits_.load(std::memory_order_relaxed);
    while (bits > seen &&
           !max_change_bits_.compare_exchange_weak(seen, bits, std::memory_order_relaxed)) {
    }
  }

  HkParams params_;
  std::vector<double> sorted_;
  std::vector<double> prefix_;
  // The day's largest change as the bits of a non-negative double.
  std::atomic<std::uint64_t> max_change_bits_{0};
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
