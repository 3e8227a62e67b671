// The model catalogue, from the same declarations `commsim describe` prints.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "commsim/error.hpp"
#include "models/registry.hpp"

namespace commsim::python {

namespace py = pybind11;

namespace {

py::list params_list(const Section& section) {
  py::list out;
  for (const auto& row : documented_params(section)) {
    const ParamDecl& p = *row.decl;
    py::dict d;
    d["name"] = row.path;
    d["when"] = row.when;
    d["type"] = type_name(p.type);
    d["default"] = p.default_value ? py::cast(*p.default_value) : py::none();
    d["expected"] = p.expectation();
    d["choices"] = p.choices;
    d["doc"] = p.doc;
    out.append(d);
  }
  return out;
}

py::object objective_dict(const Objective& o) {
  if (o.empty()) {
    return py::none();
  }
  py::list parts;
  for (const auto& p : o.parts) {
    parts.append(py::make_tuple(p.summary, p.sign));
  }
  py::list constraints;
  for (const auto& c : o.constraints) {
    constraints.append(py::make_tuple(c.summary, c.at_least ? ">=" : "<=", c.bound));
  }
  return py::dict(py::arg("name") = o.name, py::arg("direction") = to_string(o.direction),
                  py::arg("parts") = parts, py::arg("explain") = o.explain,
                  py::arg("constraints") = constraints, py::arg("confidence") = o.confidence,
                  py::arg("recorded") = o.recorded, py::arg("origin") = o.origin);
}

}  // namespace

void bind_models(py::module_& m) {
  m.def(
      "models",
      [] {
        std::vector<std::string> names;
        for (const auto& info : models::catalog()) {
          names.push_back(info.name);
        }
        return names;
      },
      "Names of the registered models.");

  m.def(
      "describe",
      [](const std::string& name) {
        const ModelInfo* info = find_model(models::catalog(), name);
        if (info == nullptr) {
          throw ScenarioError("unknown model `" + name + "`");
        }
        py::dict d;
        d["name"] = info->name;
        d["summary"] = info->summary;
        d["source"] = info->source;
        d["params"] = params_list(info->params);
        d["behaviour"] = params_list(info->behaviour);
        d["population"] = params_list(info->population);
        py::list metrics;
        for (const auto& metric : info->metrics) {
          metrics.append(py::dict(py::arg("name") = metric.name, py::arg("unit") = metric.unit,
                                  py::arg("doc") = metric.doc, py::arg("axis") = metric.axis,
                                  py::arg("labels") = metric.labels));
        }
        d["metrics"] = metrics;
        py::list summaries;
        for (const auto& s : info->summaries) {
          summaries.append(
              py::dict(py::arg("name") = s.name, py::arg("unit") = s.unit, py::arg("doc") = s.doc));
        }
        d["summaries"] = summaries;
        d["headline"] = info->headline;
        d["objective"] = objective_dict(info->objective);
        py::list rules;
        for (const auto& r : info->fixed_by_rule) {
          rules.append(py::dict(py::arg("summary") = r.summary, py::arg("value") = r.value,
                                py::arg("rule") = r.rule));
        }
        d["fixed_by_rule"] = rules;
        return d;
      },
      py::arg("model"), "A model's parameters, metrics and summaries as plain data.");
}

}  // namespace commsim::python
