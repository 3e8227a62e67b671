// Running a scenario from Python. The GIL is released for the whole
// experiment; results come back as NumPy arrays, one per metric, shaped
// (run, day[, category]) or (run).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <exception>
#include <mutex>

#include "bindings.hpp"
#include "commsim/error.hpp"
#include "commsim/io/execute.hpp"
#include "commsim/run/memory.hpp"
#include "commsim/run/results_layout.hpp"
#include "commsim/run/stop.hpp"
#include "models/registry.hpp"
#include "progress_bridge.hpp"

namespace commsim::python {

namespace py = pybind11;

namespace {

py::ssize_t ssize(std::size_t n) {
  return static_cast<py::ssize_t>(n);
}

// A variable's known values (coordinates, the plan's run-table columns) as
// a NumPy array or a list of str.
py::object values_to_python(LayoutValues values, const std::vector<std::size_t>& shape) {
  std::vector<py::ssize_t> dims;
  for (const std::size_t n : shape) {
    dims.push_back(ssize(n));
  }
  return std::visit(
      [&](auto& v) -> py::object {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return py::none();
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          return py::cast(v);
        } else {
          return to_array(std::move(v), dims);
        }
      },
      values);
}

// Gathers finished runs into arrays laid out as the results file is
// (results_layout.hpp), preallocated and filled as runs arrive, so that
// nothing per run outlives its run; then hands them to NumPy without
// copying.
class Collector final : public RunSink {
 public:
  explicit Collector(const Experiment& experiment)
      : layout_(results_layout(experiment)),
        common_random_numbers_(experiment.scenario().design.common_random_numbers) {
    for (const Variable& v : layout_.timeseries) {
      series_.emplace_back(layout_.runs * layout_.days * (v.shape.size() == 3 ? v.shape[2] : 1),
                           std::nan(""));
    }
    summaries_.assign(layout_.summaries.size(), std::vector<double>(layout_.runs, std::nan("")));
  }

  void deliver(const RunResult& r) override {
    const std::size_t row = r.plan.run;
    column<std::string>("status")[row] = to_string(r.status);
    column<std::string>("error")[row] = r.error;
    column<double>("wall_seconds")[row] = r.wall_seconds;
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

  // Moves the collected arrays into a dict of NumPy arrays and lists, with
  // each variable's dimension names (`dims`) as the layout declares them.
  py::dict to_python(const ExecuteReport& report) {
    py::dict timeseries;
    py::dict dims;
    py::dict axes;
    py::dict metric_axes;  // metric -> the name of its category axis
    for (std::size_t k = 0; k < layout_.timeseries.size(); ++k) {
      const Variable& v = layout_.timeseries[k];
      std::vector<py::ssize_t> shape;
      for (const std::size_t n : v.shape) {
        shape.push_back(ssize(n));
      }
      timeseries[py::str(v.name)] = to_array(std::move(series_[k]), shape);
      dims[py::str(v.name)] = v.dims;
      if (v.dims.size() == 3) {
        metric_axes[py::str(v.name)] = v.dims[2];
      }
    }
    for (Variable& c : layout_.coordinates) {
      if (c.type == ValueType::Text) {  // category axes
        axes[py::str(c.name)] = values_to_python(std::move(c.values), c.shape);
      }
    }
    py::dict summary;
    for (std::size_t k = 0; k < layout_.summaries.size(); ++k) {
      summary[py::str(layout_.summaries[k].name)] =
          to_array(std::move(summaries_[k]), {ssize(layout_.runs)});
    }
    py::dict agents;
    for (std::size_t k = 0; k < agents_.names.size(); ++k) {
      std::visit(
          [&](auto& values) {
            agents[py::str(agents_.names[k])] =
                to_array(std::move(values),
                         {ssize(layout_.runs), ssize(layout_.snapshots), ssize(layout_.people)});
          },
          agents_.values[k]);
    }
    py::dict runs;
    for (Variable& v : layout_.run_table) {
      runs[py::str(v.name)] = values_to_python(std::move(v.values), v.shape);
    }
    py::object labels = py::none();
    for (Variable& v : layout_.agent_table) {
      if (v.name == results::kLabelVariable) {
        labels = values_to_python(std::move(v.values), v.shape);
      }
    }
    std::vector<std::int32_t> snapshot_days;
    for (const Variable& c : layout_.coordinates) {
      if (c.name == results::kSnapshotDim) {
        snapshot_days = std::get<std::vector<std::int32_t>>(c.values);
      }
    }
    py::dict fixed;
    for (Variable& v : layout_.fixed) {
      fixed[py::str(v.name)] =
          py::dict(py::arg("values") = values_to_python(std::move(v.values), v.shape),
                   py::arg("rule") = v.long_name);
    }
    py::dict objective;
    for (const auto& [name, text] : layout_.objective) {
      objective[py::str(name)] = text;
    }
    py::dict out;
    out["fixed_by_rule"] = fixed;
    out["objective"] = objective;
    out["common_random_numbers"] = common_random_numbers_;
    out["timeseries"] = timeseries;
    out["dims"] = dims;
    out["summary"] = summary;
    out["runs"] = runs;
    out["axes"] = axes;
    out["metric_axes"] = metric_axes;
    out["agents"] = agents;
    out["snapshot_days"] = snapshot_days;
    out["labels"] = labels;
    out["failures"] = report.failures;
    return out;
  }

 private:
  // The values of a run-table column the runs fill in.
  template <class T>
  std::vector<T>& column(const std::string& name) {
    for (Variable& v : layout_.run_table) {
      if (v.name == name) {
        return std::get<std::vector<T>>(v.values);
      }
    }
    throw Error("internal: no run-table column " + name);
  }

  // Copies one run's snapshots into the (run, snapshot, agent) arrays,
  // allocated at the first run that has any.
  void add_agents(const AgentSnapshots& run, std::size_t row) {
    if (agents_.names.empty()) {
      agents_.names = run.names;
      agents_.docs = run.docs;
      for (const auto& column : run.values) {
        agents_.values.push_back(std::visit(
            [&](const auto& v) {
              return Population::Storage{std::decay_t<decltype(v)>(v.size() * layout_.runs)};
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

  ResultsLayout layout_;
  bool common_random_numbers_;
  std::vector<std::vector<double>> series_;     // metric -> (run, day, category)
  std::vector<std::vector<double>> summaries_;  // summary -> (run)
  AgentSnapshots agents_;                       // column -> (run, snapshot, agent)
};

// Counts delivered runs for the progress display.
class ProgressCounter final : public RunSink {
 public:
  explicit ProgressCounter(ProgressBoard& board) : board_(board) {}
  void start(const ExecutionStart& start) override {
    const std::lock_guard lock(mutex_);
    total_ = start.to_run;
  }
  void deliver(const RunResult& /*result*/) override {
    {
      const std::lock_guard lock(mutex_);
      ++done_;
    }
    board_.notify();
  }
  [[nodiscard]] std::pair<std::size_t, std::size_t> read() {
    const std::lock_guard lock(mutex_);
    return {done_, total_};
  }

 private:
  ProgressBoard& board_;
  std::mutex mutex_;
  std::size_t done_ = 0;
  std::size_t total_ = 0;
};

// Runs the experiment while this (Python) thread calls
// progress(done, total, elapsed_seconds) (progress_bridge.hpp).
ExecuteReport execute_with_progress(Experiment& experiment, const OutputOptions& output,
                                    std::vector<RunSink*> sinks, const Driver& driver,
                                    const py::object& progress) {
  ProgressBoard board;
  ProgressCounter counter(board);
  sinks.push_back(&counter);
  ExecuteReport report;
  const auto start = std::chrono::steady_clock::now();
  run_with_progress([&] { report = execute(experiment, output, sinks, driver); }, board,
                    [&] {
                      const auto [done, total] = counter.read();
                      const std::chrono::duration<double> elapsed =
                          std::chrono::steady_clock::now() - start;
                      progress(done, total, elapsed.count());
                    });
  return report;
}

}  // namespace

void bind_run(py::module_& m) {
  m.def(
      "run",
      [](const Scenario& scenario, std::optional<std::filesystem::path> output, long long threads,
         bool overwrite, bool resume, const std::string& command_line, bool handle_sigint,
         const py::object& progress) {
        const Threads resolved = Threads::from_setting(threads);
        const Driver driver = local_driver(resolved);
        const ModelInfo& model = *find_model(models::catalog(), scenario.model);
        // The arrays returned hold every run, on top of what the runs need.
        check_memory(scenario, model, static_cast<std::size_t>(resolved.count()), true);
        Experiment experiment(scenario, model);
        Collector collector(experiment);
        const OutputOptions options{std::move(output), overwrite, resume, command_line};
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
            report = execute(experiment, options, {&collector}, driver);
          } else {
            report = execute_with_progress(experiment, options, {&collector}, driver, progress);
          }
        }
        return collector.to_python(report);
      },
      py::arg("scenario"), py::arg("output"), py::arg("threads"), py::arg("overwrite"),
      py::arg("resume"), py::arg("command_line"), py::arg("handle_sigint"),
      py::arg("progress") = py::none(),
      "Run every run of a scenario; write a results file when output is given. threads: 0 for "
      "all cores. progress, when given, is called as progress(runs_done, runs_total, "
      "elapsed_seconds) from the calling thread while the runs execute.");

  // The fixed parts of the results layout (run/results_layout.hpp), for the
  // Python readers.
  py::dict layout;
  layout["format"] = results::kFormat;
  layout["format_version"] = results::kFormatVersion;
  layout["runs_group"] = results::kRunsGroup;
  layout["timeseries_group"] = results::kTimeseriesGroup;
  layout["summary_group"] = results::kSummaryGroup;
  layout["agents_group"] = results::kAgentsGroup;
  layout["design_group"] = results::kDesignGroup;
  layout["fixed_group"] = results::kFixedGroup;
  layout["objective_group"] = results::kObjectiveGroup;
  std::vector<std::string> run_columns(results::kRunColumns.begin(), results::kRunColumns.end());
  layout["run_columns"] = run_columns;
  layout["agent_dims"] =
      std::vector<std::string>{results::kRunDim, results::kSnapshotDim, results::kAgentDim};
  layout["label_variable"] = results::kLabelVariable;
  m.attr("LAYOUT") = layout;
}

}  // namespace commsim::python
