// commsim._core: a flat list of bindings. Analysis lives in pure Python.
#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "Compiled core of commsim: scenario loading and running.";
  m.attr("__version__") = COMMSIM_VERSION;
  commsim::python::bind_errors(m);
  commsim::python::bind_scenario(m);
  commsim::python::bind_run(m);
  commsim::python::bind_models(m);
  commsim::python::bind_calibrate(m);
  commsim::python::bind_observed(m);
  commsim::python::bind_output(m);
  commsim::python::bind_trace(m);
}
