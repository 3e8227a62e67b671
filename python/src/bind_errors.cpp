// commsim's error hierarchy, one Python exception per C++ type.
#include "bindings.hpp"

#include <filesystem>
#include <new>

#include "commsim/error.hpp"

namespace commsim::python {

namespace py = pybind11;

namespace {
// The Python types the fallback translator raises (it cannot capture them).
PyObject* error_type = nullptr;
PyObject* io_type = nullptr;
}  // namespace

void bind_errors(py::module_& m) {
  // Base first: pybind11 tries translators newest first, so the derived
  // types registered after it win over Error for their own exceptions.
  auto& error = py::register_exception<Error>(m, "Error", PyExc_RuntimeError);
  auto& input_error = py::register_exception<InputError>(m, "InputError", error.ptr());
  py::register_exception<ScenarioError>(m, "ScenarioError", input_error.ptr());
  py::register_exception<Interrupted>(m, "Interrupted", error.ptr());
  auto& io_error = py::register_exception<IoError>(m, "IoError", error.ptr());
  py::register_exception<InvariantError>(m, "InvariantError", error.ptr());
  // Tried first (newest): every other C++ exception becomes a commsim
  // exception too, never a bare RuntimeError with a library's text.
  error_type = error.ptr();
  io_type = io_error.ptr();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) {
        std::rethrow_exception(p);
      }
    } catch (const Error&) {
      throw;  // registered above
    } catch (const py::error_already_set&) {
      throw;
    } catch (const py::builtin_exception&) {
      throw;
    } catch (const std::bad_alloc&) {
      throw;  // MemoryError
    } catch (const std::filesystem::filesystem_error& e) {
      std::string where = e.path1().string();
      if (!e.path2().empty()) {
        where += " -> " + e.path2().string();
      }
      PyErr_SetString(io_type, (where + ": " + e.code().message()).c_str());
    } catch (const std::exception& e) {
      PyErr_SetString(error_type, (std::string("internal error: ") + e.what()).c_str());
    }
  });
}

}  // namespace commsim::python
