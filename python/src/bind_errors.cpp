// commsim's error hierarchy, one Python exception per C++ type.
#include "bindings.hpp"

#include "commsim/error.hpp"

namespace commsim::python {

void bind_errors(pybind11::module_& m) {
  // Registered base first: pybind11 tries translators newest first, so the
  // derived types below win over Error.
  static pybind11::exception<Error> error(m, "Error", PyExc_RuntimeError);
  static pybind11::exception<InputError> input_error(m, "InputError", error.ptr());
  pybind11::register_exception<ScenarioError>(m, "ScenarioError", input_error.ptr());
  pybind11::register_exception<Interrupted>(m, "Interrupted", error.ptr());
  pybind11::register_exception<IoError>(m, "IoError", error.ptr());
  pybind11::register_exception<InvariantError>(m, "InvariantError", error.ptr());
}

}  // namespace commsim::python
