// commsim's error hierarchy, one Python exception per C++ type.
#include "bindings.hpp"

#include "commsim/error.hpp"

namespace commsim::python {

void bind_errors(pybind11::module_& m) {
  // Base first: pybind11 tries translators newest first, so the derived
  // types registered after it win over Error for their own exceptions.
  auto& error = pybind11::register_exception<Error>(m, "Error", PyExc_RuntimeError);
  auto& input_error = pybind11::register_exception<InputError>(m, "InputError", error.ptr());
  pybind11::register_exception<ScenarioError>(m, "ScenarioError", input_error.ptr());
  pybind11::register_exception<Interrupted>(m, "Interrupted", error.ptr());
  pybind11::register_exception<IoError>(m, "IoError", error.ptr());
  pybind11::register_exception<InvariantError>(m, "InvariantError", error.ptr());
}

}  // namespace commsim::python
