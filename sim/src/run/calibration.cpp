#include "commsim/run/calibration.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "commsim/error.hpp"
#include "commsim/rng.hpp"
#include "commsim/run/stop.hpp"

namespace commsim {
namespace {

// Keeps candidate seeds apart from the seeds of sweeps of the same scenario.
constexpr std::uint64_t kCandidateSeedTag = 0x63616e646964ULL;  // "candid"
// Batches are at least this large, so that every thread and rank has work.
constexpr std::size_t kMinBatch = 64;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

calibrate::SimulatedTargets targets_of(const CalibrationSpec& spec, const ModelInfo& model,
                                       const RunResult& result) {
  calibrate::SimulatedTargets out;
  out.reserve(spec.targets.size());
  for (const CalibrationTarget& t : spec.targets) {
    std::vector<double> values(t.summary ? 1 : t.days.size(), kNaN);
    if (result.status == RunStatus::Done) {
      if (t.summary) {
        const auto it = std::find_if(model.summaries.begin(), model.summaries.end(),
                                     [&](const SummaryDecl& s) { return s.name == t.metric; });
        values[0] = result.series.summaries.at(
            static_cast<std::size_t>(it - model.summaries.begin()));
      } else {
        const auto it = std::find_if(model.metrics.begin(), model.metrics.end(),
                                     [&](const MetricDecl& m) { return m.name == t.metric; });
        const std::size_t m = static_cast<std::size_t>(it - model.metrics.begin());
        const std::size_t width = it->categories();
        const auto& series = result.series.series.at(m);
        for (std::size_t k = 0; k < t.days.size(); ++k) {
          values[k] = series.at(std::size_t{t.days[k]} * width + t.category);
        }
      }
    }
    out.push_back(std::move(values));
  }
  return out;
}

std::vector<std::string> calibration_warnings(const calibrate::AbcSmc& sampler,
                                              const CalibrationSpec& spec) {
  std::vector<std::string> out;
  const calibrate::Distance& distance = sampler.distance();
  if (distance.scales().empty()) {
    return out;
  }
  for (std::size_t t = 0; t < spec.targets.size(); ++t) {
    const CalibrationTarget& target = spec.targets[t];
    std::size_t observed = 0;
    std::vector<std::string> constant;
    for (std::size_t c = 0; c < target.observed.size(); ++c) {
      if (std::isnan(target.observed[c])) {
        continue;
      }
      ++observed;
      if (distance.scales()[distance.offset(t) + c] == 0.0) {
        constant.push_back(target.summary ? "" : "day " + std::to_string(target.days[c]));
      }
    }
    if (constant.empty() || target.weight == 0.0) {
      continue;
    }
    if (constant.size() == observed) {
      out.push_back("target `" + target.name +
                    "` came out the same in every simulation of the prior sample, so it cannot "
                    "tell candidates apart and is left out of the distance (a candidate whose "
                    "simulation gives no value for it is still ruled out)");
    } else {
      std::string days;
      for (std::size_t k = 0; k < constant.size() && k < 5; ++k) {
        days += (k ? ", " : "") + constant[k];
      }
      out.push_back(std::to_string(constant.size()) + " of " + std::to_string(observed) +
                    " values of target `" + target.name +
                    "` came out the same in every simulation of the prior sample and are left "
                    "out of the distance (" +
                    days + (constant.size() > 5 ? ", ..." : "") + ")");
    }
  }
  return out;
}

BatchRunner local_batch_runner(Threads threads) {
  return [threads](Experiment& batch) {
    batch.prepare();
    const Scenario& s = batch.scenario();
    const CalibrationSpec& spec = *s.calibration;
    TargetSink targets(spec, batch.model(), batch.plans().size());
    Executor executor(batch, {}, {&targets});
    run_local(executor, threads);
    return targets.take();
  };
}

namespace {

std::vector<calibrate::ObservedTarget> observed_targets(const CalibrationSpec& spec) {
  std::vector<calibrate::ObservedTarget> out;
  for (const CalibrationTarget& t : spec.targets) {
    out.push_back({t.name, t.observed, t.weight});
  }
  return out;
}

}  // namespace

Calibration::Calibration(const Scenario& scenario, const ModelInfo& model,
                         std::vector<calibrate::Generation> history)
    : scenario_(scenario),
      point_template_(scenario),
      model_(model),
      sampler_(calibrate::AbcSmc::resume(scenario.calibration.value().priors,
                                         observed_targets(*scenario.calibration),
                                         scenario.calibration->settings, std::move(history))),
      graphs_(std::make_shared<GraphCache>()) {
  // Candidates copy the template: keep it small.
  point_template_.points.clear();
  point_template_.source_text.clear();
  point_template_.effective_text.clear();
  point_template_.calibration.reset();
  point_template_.replicates = 1;
}

Scenario Calibration::candidate_scenario(std::span<const double> parameters) const {
  const CalibrationSpec& c = spec();
  Scenario point = point_template_;
  for (std::size_t i = 0; i < c.paths.size(); ++i) {
    const double x = parameters[i];
    switch (c.types[i]) {
      case ParamType::Int:
        point.values.set(c.paths[i], static_cast<std::int64_t>(std::llround(x)));
        break;
      case ParamType::Choice:
        point.values.set(c.paths[i], c.priors[i].choices().at(static_cast<std::size_t>(x)));
        break;
      default:
        point.values.set(c.paths[i], x);
    }
    point.swept.emplace_back(c.paths[i], format_value(point.values.at(c.paths[i])));
  }
  return point;
}

Experiment Calibration::batch_experiment(const calibrate::Batch& batch) const {
  Scenario s = point_template_;
  s.calibration = scenario_.calibration;  // the targets, for the batch runner
  std::vector<RunPlan> plans;
  const std::uint64_t generation_seed =
      derive_seed(derive_seed(scenario_.seed, kCandidateSeedTag), batch.generation);
  for (std::size_t k = 0; k < batch.size(); ++k) {
    s.points.push_back(candidate_scenario(batch.parameters[k]));
    plans.push_back({k, k, 0, derive_seed(generation_seed, batch.first + k)});
  }
  return {std::move(s), model_, std::move(plans), graphs_};
}

std::size_t Calibration::next_batch_size() const {
  const std::size_t n = sampler_.settings().population_size;
  const std::size_t needed = n - std::min(n, sampler_.accepted());
  const auto& history = sampler_.history();
  // Generation 0 simulates exactly N; later ones accept a share of what
  // they simulate, estimated by the previous generation's rate.
  const double rate = sampler_.generation() == 0 || history.empty()
                          ? 1.0
                          : std::max(history.back().acceptance_rate, 1e-6);
  const double wanted = std::ceil(static_cast<double>(needed) / rate);
  return std::clamp<std::size_t>(static_cast<std::size_t>(std::min(wanted, 1e9)), kMinBatch,
                                 std::max(n, kMinBatch));
}

void Calibration::run(const BatchRunner& run_batch, CalibrationObserver& observer) {
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  const auto start = Clock::now();
  while (!sampler_.done()) {
    throw_if_stopped();
    const calibrate::Batch batch = sampler_.next_batch(next_batch_size());
    if (!batch.empty()) {
      Experiment experiment = batch_experiment(batch);
      const auto simulating = Clock::now();
      const std::vector<calibrate::SimulatedTargets> targets = run_batch(experiment);
      seconds_simulating_ += seconds_since(simulating);
      sampler_.accept(batch, targets);
      observer.batch_done(sampler_);
    }
    if (sampler_.generation_complete() && sampler_.outstanding() == 0) {
      const calibrate::Generation& generation = sampler_.finish_generation();
      observer.generation_done(sampler_, generation);
    } else if (batch.empty() && !sampler_.done()) {
      throw Error("internal: the calibration's sampler handed out no candidates but is not done");
    }
    seconds_total_ = seconds_since(start);
  }
}

}  // namespace commsim
