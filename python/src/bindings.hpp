// Each bind_* function adds one group of bindings to commsim._core.
#pragma once

#include <pybind11/pybind11.h>

namespace commsim::python {

void bind_errors(pybind11::module_& m);
void bind_scenario(pybind11::module_& m);
void bind_run(pybind11::module_& m);
void bind_models(pybind11::module_& m);

}  // namespace commsim::python
