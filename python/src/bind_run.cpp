// Running a scenario from Python. The GIL is released for the whole
// experiment; results come back as NumPy arrays, one per metric, shaped
// (run, day[, category]) or (run).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <exception>
#include <mutex>
#include <thread>

#include "bindings.hpp"
#include "commsim/io/execute.hpp"
#include "models/registry.hpp"

namespace commsim::python {

namespace py = pybind11;

namespace {

py::ssize_t ssize(std::size_t n) {
  return static_cast<py::ssize_t>(n);
}

// Gathers finished runs into preallocated (run, ...) arrays as they arrive,
// so that nothing per run outlives its run, then hands the arrays to NumPy
// without copying.
class Collector {
 public:
  explicit Collector(const Experiment& experiment)
      : experiment_(experiment),
        model_(experiment.model()),
        runs_(experiment.plans().size()),
        days_(std::size_t{experiment.scenario().days} + 1) {
    for (const auto& metric : model_.metrics) {
      series_.emplace_back(runs_ * days_ * metric.categories(), std::nan(""));
    }
    summaries_.assign(model_.summaries.size(), std::vector<double>(runs_, std::nan("")));
    status_.assign(runs_, to_string(RunStatus::Pending));
    error_.assign(runs_, "");
    wall_seconds_.assign(runs_, std::nan(""));
  }

  void add(const RunResult& r) {
    const std::size_t row = r.plan.run;
    status_[row] = to_string(r.status);
    error_[row] = r.error;
    wall_seconds_[row] = r.wall_seconds;
    if (r.status != RunStatus::Done) {
      return;
    }
    for (std::size_t k = 0; k < series_.size(); ++k) {
      const auto& src = r.series.series[k];
      std::copy(src.begin(), src.end(),
                series_[k].begin() + static_cast<std::ptrdiff_t>(row * src.size()));
    }
    for (std::size_t k = 0; k < summaries_.size(); ++k) {
      summaries_[k][row] = r.series.summaries[k];
    }
    add_agents(r.agents, row);
  }

  // Moves the collected arrays into a dict of NumPy arrays and lists.
  py::dict to_python(const ExecuteReport& report) {
    py::dict timeseries;
    py::dict axes;
    py::dict metric_axes;  // metric -> the name of its category axis
    for (std::size_t k = 0; k < model_.metrics.size(); ++k) {
      const auto& metric = model_.metrics[k];
      std::vector<py::ssize_t> shape{ssize(runs_), ssize(days_)};
      if (!metric.axis.empty()) {
        shape.push_back(ssize(metric.labels.size()));
        axes[py::str(metric.axis)] = metric.labels;
        metric_axes[py::str(metric.name)] = metric.axis;
      }
      timeseries[py::str(metric.name)] = to_array(std::move(series_[k]), shape);
    }
    py::dict summary;
    for (std::size_t k = 0; k < model_.summaries.size(); ++k) {
      summary[py::str(model_.summaries[k].name)] =
          to_array(std::move(summaries_[k]), {ssize(runs_)});
    }
    const Scenario& scenario = experiment_.scenario();
    py::dict agents;
    for (std::size_t k = 0; k < agents_.names.size(); ++k) {
      std::visit(
          [&](auto& values) {
            agents[py::str(agents_.names[k])] =
                to_array(std::move(values), {ssize(runs_), ssize(scenario.snapshot_days.size()),
                                             ssize(scenario.population_size)});
          },
          agents_.values[k]);
    }
    py::dict out;
    out["timeseries"] = timeseries;
    out["summary"] = summary;
    out["runs"] = runs_table();
    out["axes"] = axes;
    out["metric_axes"] = metric_axes;
    out["agents"] = agents;
    out["snapshot_days"] = scenario.snapshot_days;
    out["failures"] = report.failures;
    return out;
  }

 private:
  // Copies one run's snapshots into the (run, snapshot, agent) arrays,
  // allocated at the first run that has any.
  void add_agents(const AgentSnapshots& run, std::size_t row) {
    if (agents_.names.empty()) {
      agents_.names = run.names;
      agents_.docs = run.docs;
      for (const auto& column : run.values) {
        agents_.values.push_back(std::visit(
            [&](const auto& v) {
              return Population::Storage{std::decay_t<decltype(v)>(v.size() * runs_)};
            },
            column));
      }
    }
    for (std::size_t k = 0; k < run.values.size(); ++k) {
      std::visit(
          [&](const auto& source) {
            auto& dest = std::get<std::decay_t<decltype(source)>>(agents_.values[k]);
            std::copy(source.begin(), source.end(),
                      dest.begin() + static_cast<std::ptrdiff_t>(row * source.size()));
          },
          run.values[k]);
    }
  }

  py::dict runs_table() {
    std::vector<std::int64_t> point;
    std::vector<std::int64_t> replicate;
    std::vector<std::uint64_t> seed;
    for (const auto& p : experiment_.plans()) {
      point.push_back(static_cast<std::int64_t>(p.point));
      replicate.push_back(static_cast<std::int64_t>(p.replicate));
      seed.push_back(p.seed);
    }
    py::dict table;
    table["point"] = to_array(std::move(point), {ssize(runs_)});
    table["replicate"] = to_array(std::move(replicate), {ssize(runs_)});
    table["seed"] = to_array(std::move(seed), {ssize(runs_)});
    table["status"] = status_;
    table["error"] = error_;
    table["wall_seconds"] = to_array(std::move(wall_seconds_), {ssize(runs_)});
    // Swept parameters: numbers when every value is one, else text.
    for (auto& column : swept_columns(experiment_.scenario(), experiment_.plans())) {
      if (column.numbers) {
        table[py::str(column.name)] = to_array(std::move(*column.numbers), {ssize(runs_)});
      } else {
        table[py::str(column.name)] = column.values;
      }
    }
    return table;
  }

  const Experiment& experiment_;
  const ModelInfo& model_;
  std::size_t runs_;
  std::size_t days_;
  std::vector<std::vector<double>> series_;     // metric -> (run, day, category)
  std::vector<std::vector<double>> summaries_;  // summary -> (run)
  AgentSnapshots agents_;                       // column -> (run, snapshot, agent)
  std::vector<std::string> status_;
  std::vector<std::string> error_;
  std::vector<double> wall_seconds_;
};

// Runs the experiment on a worker thread while this (Python) thread calls
// progress(done, total, elapsed_seconds) about five times a second, and once
// at the end, so that the callback only ever runs where the caller is (a
// notebook's display, a terminal). An exception from the callback stops the
// experiment between days and is raised once the worker has finished.
ExecuteReport execute_with_progress(Experiment& experiment, ExecuteOptions options,
                                    const py::object& progress) {
  std::mutex mutex;
  std::condition_variable woken;
  std::size_t done = 0;
  bool finished = false;
  const std::size_t total = runs_to_do(experiment, options);
  auto on_run_done = std::move(options.on_run_done);
  options.on_run_done = [&](const RunResult& r) {
    on_run_done(r);
    const std::lock_guard lock(mutex);
    ++done;
    woken.notify_all();
  };
  ExecuteReport report;
  std::exception_ptr failure;
  const auto start = std::chrono::steady_clock::now();
  std::thread worker([&] {
    try {
      report = execute(experiment, options);
    } catch (...) {
      failure = std::current_exception();
    }
    const std::lock_guard lock(mutex);
    finished = true;
    woken.notify_all();
  });
  try {
    bool last = false;
    while (!last) {
      std::size_t runs_done = 0;
      {
        py::gil_scoped_release release;
        std::unique_lock lock(mutex);
        woken.wait_for(lock, std::chrono::milliseconds(200));
        runs_done = done;
        last = finished;
      }
      const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
      progress(runs_done, total, elapsed.count());
    }
  } catch (...) {
    request_stop();
    {
      py::gil_scoped_release release;
      worker.join();
    }
    throw;
  }
  worker.join();
  if (failure) {
    std::rethrow_exception(failure);
  }
  return report;
}

}  // namespace

void bind_run(py::module_& m) {
  m.def(
      "run",
      [](const Scenario& scenario, std::optional<std::filesystem::path> output, int threads,
         bool overwrite, bool resume, const std::string& command_line, bool handle_sigint,
         const py::object& progress) {
        Experiment experiment(scenario, *find_model(models::catalog(), scenario.model));
        Collector collector(experiment);
        ExecuteOptions options;
        options.output = std::move(output);
        options.overwrite = overwrite;
        options.resume = resume;
        options.threads = threads;
        options.command_line = command_line;
        options.on_run_done = [&](const RunResult& r) { collector.add(r); };
        ExecuteReport report;
        {
          // Ctrl-C during a run started from Python's main thread must stop
          // it (the GIL is released, so Python's own handler cannot run);
          // Python's handler is restored afterwards.
          clear_stop_request();
          const std::optional<StopOnSignals> sigint =
              handle_sigint ? std::make_optional<StopOnSignals>(std::vector<int>{SIGINT})
                            : std::nullopt;
          if (progress.is_none()) {
            py::gil_scoped_release release;
            report = execute(experiment, options);
          } else {
            report = execute_with_progress(experiment, std::move(options), progress);
          }
        }
        return collector.to_python(report);
      },
      py::arg("scenario"), py::arg("output"), py::arg("threads"), py::arg("overwrite"),
      py::arg("resume"), py::arg("command_line"), py::arg("handle_sigint"),
      py::arg("progress") = py::none(),
      "Run every run of a scenario; write a results file when output is given. progress, "
      "when given, is called as progress(runs_done, runs_total, elapsed_seconds) from the "
      "calling thread while the runs execute.");
}

}  // namespace commsim::python
