// Loading a scenario: the same loader and messages as the command line.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "bindings.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/runner.hpp"
#include "models/registry.hpp"

namespace commsim::python {

namespace py = pybind11;

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
      .def_property_readonly("values", [](const Scenario& s) { return s.values.all(); })
      .def_property_readonly("runs", [](const Scenario& s) { return plan_runs(s).size(); });

  m.def(
      "load_scenario",
      [](const std::filesystem::path& path, const std::vector<std::string>& overrides) {
        return load_scenario(path, overrides, models::catalog());
      },
      py::arg("path"), py::arg("overrides"),
      "Load and validate a scenario file; overrides are 'path=value' strings.");
}

}  // namespace commsim::python
