// Calibrating from Python: the same loop and posterior file as
// `commsim calibrate`, with the GIL released while simulating; progress
// reaches the calling thread as a dict (generation, accepted, particles,
// simulations, tolerance, acceptance_rate, elapsed).
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <chrono>
#include <csignal>
#include <mutex>
#include <optional>

#include "bindings.hpp"
#include "commsim/io/posterior_file.hpp"
#include "commsim/run/calibration.hpp"
#include "commsim/run/stop.hpp"
#include "models/registry.hpp"
#include "progress_bridge.hpp"

namespace commsim::python {

namespace py = pybind11;

namespace {

// The sampler's state after each batch, for the progress display.
class Status final : public CalibrationObserver {
 public:
  Status(PosteriorWriter& writer, ProgressBoard* board) : writer_(writer), board_(board) {}

  void batch_done(const calibrate::AbcSmc& sampler) override { update(sampler); }
  void generation_done(const calibrate::AbcSmc& sampler,
                       const calibrate::Generation& generation) override {
    writer_.generation_done(sampler, generation);
    {
      const std::lock_guard lock(mutex_);
      tolerance_ = generation.tolerance;
      acceptance_rate_ = generation.acceptance_rate;
      completed_ = generation.index + 1;
    }
    update(sampler);
  }

  [[nodiscard]] py::dict read(double elapsed) {
    const std::lock_guard lock(mutex_);
    py::dict d;
    d["generation"] = generation_;
    d["generations_done"] = completed_;
    d["accepted"] = accepted_;
    d["particles"] = particles_;
    d["simulations"] = simulations_;
    d["tolerance"] = tolerance_;
    d["acceptance_rate"] = acceptance_rate_;
    d["elapsed"] = elapsed;
    return d;
  }

 private:
  void update(const calibrate::AbcSmc& sampler) {
    {
      const std::lock_guard lock(mutex_);
      generation_ = sampler.generation();
      accepted_ = sampler.accepted();
      particles_ = sampler.settings().population_size;
      simulations_ = sampler.total_simulations();
    }
    if (board_ != nullptr) {
      board_->notify();
    }
  }

  PosteriorWriter& writer_;
  ProgressBoard* board_;
  std::mutex mutex_;
  std::size_t generation_ = 0;
  std::size_t completed_ = 0;
  std::size_t accepted_ = 0;
  std::size_t particles_ = 0;
  std::uint64_t simulations_ = 0;
  double tolerance_ = std::numeric_limits<double>::infinity();
  double acceptance_rate_ = 1.0;
};

}  // namespace

void bind_calibrate(py::module_& m) {
  m.def(
      "calibrate",
      [](const Scenario& scenario, const std::filesystem::path& output, long long threads,
         bool overwrite, bool resume, const std::string& command_line, bool handle_sigint,
         const py::object& progress) {
        if (!scenario.calibration) {
          throw ScenarioError(scenario.source_path.string() +
                              ": has no `calibrate:` section (the parameters to fit and the "
                              "targets; see docs/calibration.md)");
        }
        const BatchRunner runner = local_batch_runner(Threads::from_setting(threads));
        const ModelInfo& model = *find_model(models::catalog(), scenario.model);
        PosteriorWriter writer(output, scenario, command_line, overwrite, resume);
        Calibration calibration(scenario, model, writer.resumed());
        ProgressBoard board;
        Status status(writer, progress.is_none() ? nullptr : &board);
        {
          clear_stop_request();
          const std::optional<StopOnSignals> sigint =
              handle_sigint ? std::make_optional<StopOnSignals>(std::vector<int>{SIGINT})
                            : std::nullopt;
          if (progress.is_none()) {
            py::gil_scoped_release release;
            calibration.run(runner, status);
          } else {
            const auto start = std::chrono::steady_clock::now();
            run_with_progress([&] { calibration.run(runner, status); }, board, [&] {
              const std::chrono::duration<double> elapsed =
                  std::chrono::steady_clock::now() - start;
              progress(status.read(elapsed.count()));
            });
          }
        }
        writer.finish(calibration.sampler());
        py::dict out;
        out["generations"] = calibration.sampler().history().size();
        out["simulations"] = calibration.sampler().total_simulations();
        out["stop_reason"] = calibrate::stop_reason_name(calibration.sampler().stop_reason());
        return out;
      },
      py::arg("scenario"), py::arg("output"), py::arg("threads"), py::arg("overwrite"),
      py::arg("resume"), py::arg("command_line"), py::arg("handle_sigint"),
      py::arg("progress") = py::none(),
      "Calibrate a scenario with a calibrate: section by ABC-SMC, writing the posterior file "
      "generation by generation. threads: 0 for all cores. progress, when given, is called with "
      "a dict of the sampler's state from the calling thread.");
}

}  // namespace commsim::python
