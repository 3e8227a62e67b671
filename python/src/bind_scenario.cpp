// Loading a scenario: the same loader and messages as the command line.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "bindings.hpp"
#include "commsim/error.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "commsim/run/memory.hpp"
#include "models/registry.hpp"

namespace commsim::python {

namespace py = pybind11;

namespace {

// The social graph run `run` of the scenario uses (its design point's graph,
// with its seed), built as the run builds it.
std::shared_ptr<const Graph> graph_of_run(const Scenario& scenario, std::uint64_t run) {
  const Experiment experiment(scenario, *find_model(models::catalog(), scenario.model));
  const auto& plans = experiment.plans();
  if (run >= plans.size()) {
    throw InputError("run " + std::to_string(run) + " is out of range: the scenario has " +
                     std::to_string(plans.size()) + " runs");
  }
  return experiment.graph_for(plans[run]);
}

const Scenario& point_of_run(const Scenario& scenario, std::uint64_t run) {
  const auto plans = plan_runs(scenario);
  if (run >= plans.size()) {
    throw InputError("run " + std::to_string(run) + " is out of range: the scenario has " +
                     std::to_string(plans.size()) + " runs");
  }
  return scenario.point(plans[run].point);
}

}  // namespace

void bind_scenario(py::module_& m) {
  py::class_<Scenario>(m, "Scenario", "A validated scenario (see commsim.Scenario).")
      .def_readonly("name", &Scenario::name)
      .def_readonly("description", &Scenario::description)
      .def_readonly("model", &Scenario::model)
      .def_readonly("seed", &Scenario::seed)
      .def_readonly("days", &Scenario::days)
      .def_readonly("replicates", &Scenario::replicates)
      .def_readonly("population_size", &Scenario::population_size)
      .def_readonly("snapshot_days", &Scenario::snapshot_days)
      .def_readonly("source_path", &Scenario::source_path)
      .def_readonly("source_text", &Scenario::source_text)
      .def_readonly("overrides", &Scenario::overrides)
      .def_readonly("text", &Scenario::effective_text)
      .def_readonly("warnings", &Scenario::warnings)
      .def_property_readonly("values", [](const Scenario& s) { return s.values.all(); })
      .def_property_readonly("design",
                             [](const Scenario& s) {
                               py::dict d;
                               d["method"] = s.design.method;
                               d["parameters"] = s.design.parameters;
                               d["unit"] = s.design.unit;
                               d["changed_axis"] = s.design.changed_axis;
                               d["base_points"] = s.design.base_points;
                               d["points"] = s.point_count();
                               std::vector<std::string> names;
                               for (std::size_t p = 0; p < s.point_count(); ++p) {
                                 names.push_back(s.point(p).design_name);
                               }
                               d["names"] = names;
                               d["common_random_numbers"] = s.design.common_random_numbers;
                               return d;
                             })
      .def_property_readonly("runs", [](const Scenario& s) { return run_count(s); });

  m.def(
      "load_scenario",
      [](const std::filesystem::path& path, const std::vector<std::string>& overrides) {
        return load_scenario(path, overrides, models::catalog());
      },
      py::arg("path"), py::arg("overrides"),
      "Load and validate a scenario file; overrides are 'path=value' strings.");
  m.def(
      "degrees",
      [](const Scenario& scenario, std::uint64_t run) {
        std::vector<std::uint32_t> out;
        {
          py::gil_scoped_release release;
          const auto graph = graph_of_run(scenario, run);
          const Graph& g = *graph;
          out.resize(g.num_vertices());
          for (VertexIndex v = 0; v < g.num_vertices(); ++v) {
            out[v] = g.degree(AgentId{v});
          }
        }
        const auto n = static_cast<py::ssize_t>(out.size());
        return to_array(std::move(out), {n});
      },
      py::arg("scenario"), py::arg("run"),
      "Degrees of the graph the given run of a scenario uses (its design point's graph).");
  m.def(
      "edges",
      [](const Scenario& scenario, std::uint64_t run) {
        std::vector<std::uint32_t> pairs;
        {
          py::gil_scoped_release release;
          const auto graph = graph_of_run(scenario, run);
          const Graph& g = *graph;
          if (g.is_complete()) {
            throw InputError(
                "the scenario uses complete mixing (population.graph.kind: "
                "complete), which has no edge list to return");
          }
          pairs.reserve(2 * g.num_edges());
          for (VertexIndex v = 0; v < g.num_vertices(); ++v) {
            for (const VertexIndex u : g.neighbors(AgentId{v})) {
              if (v < u) {
                pairs.insert(pairs.end(), {v, u});
              }
            }
          }
        }
        const auto rows = static_cast<py::ssize_t>(pairs.size() / 2);
        return to_array(std::move(pairs), {rows, py::ssize_t{2}});
      },
      py::arg("scenario"), py::arg("run"),
      "Edges (u < v, one row each, sorted) of the graph the given run of a scenario uses.");
  m.def(
      "labels",
      [](const Scenario& scenario, std::uint64_t run) -> py::object {
        const Scenario& point = point_of_run(scenario, run);
        std::vector<std::string> labels = point.labels();
        if (!point.integer_labels()) {
          return py::cast(labels);
        }
        std::vector<std::int64_t> numbers(labels.size());
        for (std::size_t i = 0; i < labels.size(); ++i) {
          numbers[i] = std::stoll(labels[i]);
        }
        const auto n = static_cast<py::ssize_t>(numbers.size());
        return to_array(std::move(numbers), {n});
      },
      py::arg("scenario"), py::arg("run"),
      "Each person's label in the graph the given run uses: whole numbers as an int64 array, "
      "else a list of str.");
  m.def(
      "people",
      [](const Scenario& scenario, std::uint64_t run) {
        const Scenario& point = point_of_run(scenario, run);
        py::dict out;
        if (point.people) {
          for (std::size_t k = 0; k < point.people->names.size(); ++k) {
            std::vector<double> values = point.people->values[k];
            const auto n = static_cast<py::ssize_t>(values.size());
            out[py::str(point.people->names[k])] = to_array(std::move(values), {n});
          }
        }
        return out;
      },
      py::arg("scenario"), py::arg("run"),
      "The per-person values population.people gives (NaN where not given; choices as their "
      "index), by attribute.");
  m.def(
      "posterior_predictive",
      [](const std::filesystem::path& posterior, std::size_t draws) {
        return posterior_predictive(posterior, draws, models::catalog());
      },
      py::arg("posterior"), py::arg("draws"),
      "The scenario a posterior file was calibrated on, its calibrate: section replaced by a "
      "sweep over draws from the posterior.");
  m.def(
      "parse_scenario",
      [](const std::string& text, const std::filesystem::path& name,
         const std::vector<std::string>& overrides) {
        return parse_scenario(text, name, overrides, models::catalog());
      },
      py::arg("text"), py::arg("name"), py::arg("overrides"),
      "Validate a scenario given as YAML text; name stands for its file in messages and "
      "anchors relative paths.");
}

}  // namespace commsim::python
