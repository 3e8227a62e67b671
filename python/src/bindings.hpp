// Each bind_* function adds one group of bindings to commsim._core.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <utility>
#include <vector>

namespace commsim::python {

// Hands a vector's buffer to NumPy without copying; the capsule frees it.
template <class T>
pybind11::array_t<T> to_array(std::vector<T>&& data, std::vector<pybind11::ssize_t> shape) {
  auto* owned = new std::vector<T>(std::move(data));
  pybind11::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return pybind11::array_t<T>(shape, owned->data(), free_when_done);
}

void bind_errors(pybind11::module_& m);
void bind_scenario(pybind11::module_& m);
void bind_run(pybind11::module_& m);
void bind_models(pybind11::module_& m);
void bind_calibrate(pybind11::module_& m);
void bind_observed(pybind11::module_& m);
void bind_output(pybind11::module_& m);
void bind_trace(pybind11::module_& m);

}  // namespace commsim::python
