// Running a scenario from Python. The GIL is released for the whole
// experiment; results come back as NumPy arrays, one per metric, shaped
// (run, day[, category]) or (run).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <csignal>
#include <cstring>

#include "bindings.hpp"
#include "commsim/io/execute.hpp"
#include "models/registry.hpp"

namespace commsim::python {

namespace py = pybind11;

namespace {

// Per-run results copied into preallocated contiguous arrays as each run
// finishes, so that nothing per-run outlives its run.
struct Collected {
  std::vector<std::vector<double>> series;     // metric -> run-major block
  std::vector<std::vector<double>> summaries;  // summary -> per run
  AgentSnapshots agents;                       // column -> (run, snapshot, agent)
  std::vector<std::string> status;
  std::vector<std::string> error;
  std::vector<double> wall_seconds;
};

// While a run started from Python's main thread is simulating (without the
// GIL), Ctrl-C must stop it: route SIGINT to the engine's stop request and
// restore Python's own handler afterwards.
class SigintToStop {
 public:
  explicit SigintToStop(bool active) : active_(active) {
    clear_stop_request();
    if (active_) {
      struct sigaction action {};
      action.sa_handler = [](int) { request_stop(); };
      sigemptyset(&action.sa_mask);
      sigaction(SIGINT, &action, &previous_);
    }
  }
  ~SigintToStop() {
    if (active_) {
      sigaction(SIGINT, &previous_, nullptr);
    }
  }
  SigintToStop(const SigintToStop&) = delete;
  SigintToStop& operator=(const SigintToStop&) = delete;

 private:
  bool active_;
  struct sigaction previous_ {};
};

// Hands a vector's buffer to NumPy without copying; the capsule frees it.
template <class T>
py::array_t<T> to_array(std::vector<T>&& data, std::vector<py::ssize_t> shape) {
  auto* owned = new std::vector<T>(std::move(data));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(shape, owned->data(), free_when_done);
}

// Copies one run's snapshots into the (run, snapshot, agent) arrays,
// allocating them at the first run that has any.
void collect_agents(const AgentSnapshots& run, std::size_t row, std::size_t runs, Collected& c) {
  if (c.agents.names.empty()) {
    c.agents.names = run.names;
    c.agents.docs = run.docs;
    for (const auto& column : run.values) {
      c.agents.values.push_back(std::visit(
          [&](const auto& v) {
            using Vector = std::decay_t<decltype(v)>;
            return Population::Storage{Vector(v.size() * runs)};
          },
          column));
    }
  }
  for (std::size_t k = 0; k < run.values.size(); ++k) {
    std::visit(
        [&](const auto& source) {
          auto& dest = std::get<std::decay_t<decltype(source)>>(c.agents.values[k]);
          std::copy(source.begin(), source.end(),
                    dest.begin() + static_cast<std::ptrdiff_t>(row * source.size()));
        },
        run.values[k]);
  }
}

}  // namespace

void bind_run(py::module_& m) {
  m.def(
      "run",
      [](const Scenario& scenario, std::optional<std::filesystem::path> output, int threads,
         bool overwrite, const std::string& command_line, bool handle_sigint) {
        const ModelInfo& model = *find_model(models::catalog(), scenario.model);
        Experiment experiment(scenario, model);
        const std::size_t runs = experiment.plans().size();
        const std::size_t days = std::size_t{scenario.days} + 1;
        Collected c;
        for (const auto& metric : model.metrics) {
          c.series.emplace_back(runs * days * metric.categories(), std::nan(""));
        }
        c.summaries.assign(model.summaries.size(), std::vector<double>(runs, std::nan("")));
        c.status.assign(runs, "pending");
        c.error.assign(runs, "");
        c.wall_seconds.assign(runs, std::nan(""));

        ExecuteOptions options;
        options.output = std::move(output);
        options.overwrite = overwrite;
        options.threads = threads;
        options.command_line = command_line;
        options.on_run_done = [&](const RunResult& r) {
          const std::size_t row = r.plan.run;
          c.status[row] = to_string(r.status);
          c.error[row] = r.error;
          c.wall_seconds[row] = r.wall_seconds;
          if (r.status != RunStatus::Done) {
            return;
          }
          for (std::size_t k = 0; k < c.series.size(); ++k) {
            const auto& src = r.series.series[k];
            std::memcpy(c.series[k].data() + row * src.size(), src.data(),
                        src.size() * sizeof(double));
          }
          for (std::size_t k = 0; k < c.summaries.size(); ++k) {
            c.summaries[k][row] = r.series.summaries[k];
          }
          collect_agents(r.agents, row, runs, c);
        };
        ExecuteReport report;
        {
          const SigintToStop sigint(handle_sigint);
          py::gil_scoped_release release;
          report = execute(experiment, options);
        }

        py::dict timeseries;
        for (std::size_t k = 0; k < model.metrics.size(); ++k) {
          const auto& metric = model.metrics[k];
          std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(runs),
                                         static_cast<py::ssize_t>(days)};
          if (!metric.axis.empty()) {
            shape.push_back(static_cast<py::ssize_t>(metric.labels.size()));
          }
          timeseries[py::str(metric.name)] = to_array(std::move(c.series[k]), shape);
        }
        py::dict summary;
        for (std::size_t k = 0; k < model.summaries.size(); ++k) {
          summary[py::str(model.summaries[k].name)] =
              to_array(std::move(c.summaries[k]), {static_cast<py::ssize_t>(runs)});
        }
        py::dict runs_table;
        std::vector<std::int64_t> point;
        std::vector<std::int64_t> replicate;
        std::vector<std::uint64_t> seed;
        for (const auto& p : experiment.plans()) {
          point.push_back(static_cast<std::int64_t>(p.point));
          replicate.push_back(static_cast<std::int64_t>(p.replicate));
          seed.push_back(p.seed);
        }
        runs_table["point"] =
            py::array_t<std::int64_t>(static_cast<py::ssize_t>(runs), point.data());
        runs_table["replicate"] =
            py::array_t<std::int64_t>(static_cast<py::ssize_t>(runs), replicate.data());
        runs_table["seed"] =
            py::array_t<std::uint64_t>(static_cast<py::ssize_t>(runs), seed.data());
        runs_table["status"] = c.status;
        runs_table["error"] = c.error;
        runs_table["wall_seconds"] =
            to_array(std::move(c.wall_seconds), {static_cast<py::ssize_t>(runs)});
        py::dict axes;
        for (const auto& metric : model.metrics) {
          if (!metric.axis.empty()) {
            axes[py::str(metric.axis)] = metric.labels;
          }
        }
        py::dict agents;
        const auto snapshots = static_cast<py::ssize_t>(scenario.snapshot_days.size());
        for (std::size_t k = 0; k < c.agents.names.size(); ++k) {
          std::visit(
              [&](auto& values) {
                agents[py::str(c.agents.names[k])] = to_array(
                    std::move(values), {static_cast<py::ssize_t>(runs), snapshots,
                                        static_cast<py::ssize_t>(scenario.population_size)});
              },
              c.agents.values[k]);
        }
        py::dict out;
        out["agents"] = agents;
        out["snapshot_days"] = scenario.snapshot_days;
        out["timeseries"] = timeseries;
        out["summary"] = summary;
        out["runs"] = runs_table;
        out["axes"] = axes;
        out["failures"] = report.failures;
        return out;
      },
      py::arg("scenario"), py::arg("output"), py::arg("threads"), py::arg("overwrite"),
      py::arg("command_line"), py::arg("handle_sigint"),
      "Run every run of a scenario; write a results file when output is given.");
}

}  // namespace commsim::python
