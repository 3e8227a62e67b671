// commsim calibrate: fit a scenario's `calibrate:` parameters to its targets
// by ABC-SMC, on this machine's threads or across MPI ranks, writing the
// posterior file generation by generation (resumable).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "commsim/error.hpp"
#include "commsim/io/posterior_file.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/calibration.hpp"
#include "commsim/run/stop.hpp"
#include "models/registry.hpp"
#include "progress.hpp"
#ifdef COMMSIM_HAS_MPI
#include "commsim/run/mpi.hpp"
#endif

namespace commsim::cli {
namespace {

std::string number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

// One line per generation on a terminal (stderr), and the posterior file.
class CalibrationReport final : public CalibrationObserver {
 public:
  CalibrationReport(PosteriorWriter* writer, const CalibrationSpec& spec, bool quiet, bool speak)
      : writer_(writer),
        spec_(spec),
        line_(quiet),
        speak_(speak),
        start_(std::chrono::steady_clock::now()) {}

  void batch_done(const calibrate::AbcSmc& sampler) override {
    line_.show("generation " + std::to_string(sampler.generation()) + ": " +
               std::to_string(sampler.accepted()) + " of " +
               std::to_string(sampler.settings().population_size) + " accepted, " +
               std::to_string(sampler.total_simulations()) + " simulations, " + elapsed());
  }
  void generation_done(const calibrate::AbcSmc& sampler, const calibrate::Generation& g) override {
    if (writer_ != nullptr) {
      writer_->generation_done(sampler, g);
    }
    line_.show("generation " + std::to_string(g.index) + " done: tolerance " + number(g.tolerance) +
               ", acceptance " + number(100 * g.acceptance_rate) + "%, ESS " + number(g.ess) +
               ", " + std::to_string(sampler.total_simulations()) + " simulations, " + elapsed());
    line_.end_line();
    warn_once(sampler);
  }
  void end() { line_.end_line(); }

  // What the prior sample says about the targets (a target no candidate can
  // differ on), on stderr once the distance scales are known, even with
  // --quiet; the posterior file's `warnings` attribute keeps the same lines.
  void warn_once(const calibrate::AbcSmc& sampler) {
    if (warned_ || !speak_) {
      return;
    }
    const auto warnings = calibration_warnings(sampler, spec_);
    warned_ = !sampler.distance().scales().empty();
    for (const std::string& w : warnings) {
      std::cerr << "warning: " << w << "\n";
    }
  }

 private:
  [[nodiscard]] std::string elapsed() const {
    return number(
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count()) +
           " s";
  }
  PosteriorWriter* writer_;
  const CalibrationSpec& spec_;
  StatusLine line_;
  bool speak_;
  bool warned_ = false;
  std::chrono::steady_clock::time_point start_;
};

void print_summary(const Calibration& calibration, const std::filesystem::path& out) {
  const calibrate::AbcSmc& sampler = calibration.sampler();
  const CalibrationSpec& spec = calibration.spec();
  const auto& history = sampler.history();
  std::printf("%s: %s, calibration of %zu parameter(s) to %zu target(s)\n",
              calibration.scenario().name.c_str(), calibration.model().name.c_str(),
              spec.paths.size(), spec.targets.size());
  std::printf("%-10s %12s %11s %8s %12s\n", "generation", "tolerance", "acceptance", "ESS",
              "simulations");
  for (const calibrate::Generation& g : history) {
    std::printf("%-10zu %12s %10s%% %8s %12llu\n", g.index, number(g.tolerance).c_str(),
                number(100 * g.acceptance_rate).c_str(), number(g.ess).c_str(),
                static_cast<unsigned long long>(g.simulations));
  }
  std::printf("stopped: %s after %llu simulations\n",
              calibrate::stop_reason_name(sampler.stop_reason()).c_str(),
              static_cast<unsigned long long>(sampler.total_simulations()));
  const double total = calibration.seconds_total();
  if (total > 0) {
    std::printf("time: %s s, of which %s s simulating (%s%% outside the simulations)\n",
                number(total).c_str(), number(calibration.seconds_simulating()).c_str(),
                number(100 * (total - calibration.seconds_simulating()) / total).c_str());
  }
  if (history.empty()) {
    return;
  }
  const calibrate::Generation& last = history.back();
  std::printf("\nposterior (generation %zu)\n%-36s %12s %12s %12s %12s\n", last.index, "parameter",
              "mean", "sd", "5%", "95%");
  for (std::size_t i = 0; i < spec.paths.size(); ++i) {
    if (spec.types[i] == ParamType::Choice) {
      // Choices have no order: their posterior is a probability per choice.
      const auto& choices = spec.priors[i].choices();
      std::vector<double> mass(choices.size(), 0.0);
      for (std::size_t k = 0; k < last.population_size; ++k) {
        mass.at(static_cast<std::size_t>(last.particles[k * last.dims + i])) += last.weights[k];
      }
      std::string text;
      for (std::size_t c = 0; c < choices.size(); ++c) {
        text += (c ? ", " : "") + choices[c] + " " + number(mass[c]);
      }
      std::printf("%-36s %s\n", spec.paths[i].c_str(), text.c_str());
      continue;
    }
    std::printf("%-36s %12s %12s %12s %12s\n", spec.paths[i].c_str(),
                number(calibrate::posterior_mean(last, i)).c_str(),
                number(calibrate::posterior_sd(last, i)).c_str(),
                number(calibrate::posterior_quantile(last, i, 0.05)).c_str(),
                number(calibrate::posterior_quantile(last, i, 0.95)).c_str());
  }
  std::printf("posterior: %s\n", out.c_str());
}

}  // namespace

int calibrate_command(const RunArgs& args) {
  const Threads threads = Threads::from_setting(args.threads);
  Scenario scenario = load_scenario(args.scenario, args.overrides, models::catalog());
  if (!scenario.calibration) {
    throw ScenarioError(args.scenario +
                        ": has no `calibrate:` section (the parameters to fit and the targets; "
                        "see docs/calibration.md)");
  }
  const ModelInfo& model = *find_model(models::catalog(), scenario.model);
  const std::filesystem::path out =
      args.output.empty()
          ? std::filesystem::path(scenario.source_path.stem().string() + ".posterior.h5")
          : std::filesystem::path(args.output);
  const bool coordinator = args.mpi == nullptr || args.mpi->rank() == 0;
  BatchRunner runner = local_batch_runner(threads);
#ifdef COMMSIM_HAS_MPI
  if (args.mpi != nullptr && args.mpi->size() > 1) {
    runner = mpi_batch_runner(*args.mpi, threads);
  }
#endif
  std::unique_ptr<PosteriorWriter> writer;
  std::vector<calibrate::Generation> history;
  if (coordinator) {
    writer = std::make_unique<PosteriorWriter>(out, scenario, args.command_line, args.overwrite,
                                               args.resume);
    history = writer->resumed();
  } else if (args.resume && std::filesystem::exists(out)) {
    history = read_posterior(out).history;  // every rank resumes from the same generations
  }
  Calibration calibration(scenario, model, std::move(history));
  CalibrationReport report(writer.get(), *scenario.calibration, args.quiet || !coordinator,
                           coordinator);
  try {
    calibration.run(runner, report);
  } catch (const Interrupted&) {
    report.end();
    if (coordinator && calibration.sampler().history().empty()) {
      std::cerr << "interrupted before the first generation (the prior sample) was complete; "
                   "nothing was written\n";
    } else if (coordinator) {
      std::cerr << "interrupted: " << calibration.sampler().history().size()
                << " completed generation(s) are in " << out.string()
                << "; continue with the same command and --resume\n";
    }
    throw;
  }
  report.end();
  report.warn_once(calibration.sampler());  // a resumed calibration past generation 0
  if (!coordinator) {
    return 0;
  }
  writer->finish(calibration.sampler());
  if (calibration.sampler().history().empty()) {
    std::cerr << "error: the calibration completed no generation (" +
                     calibrate::stop_reason_name(calibration.sampler().stop_reason()) +
                     "); nothing was written\n";
    return 2;
  }
  if (!args.quiet) {
    print_summary(calibration, out);
  }
  return 0;
}

}  // namespace commsim::cli
