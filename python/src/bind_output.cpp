// Claiming an output path (io/output_claim.hpp) from Python: the report and
// compare commands, written in Python, check and lock their outputs with
// the same function the run command uses.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <optional>

#include "bindings.hpp"
#include "commsim/io/output_claim.hpp"

namespace commsim::python {

namespace py = pybind11;

namespace {

// A claim that Python can end at will (release, or leaving a with block).
class PyClaim {
 public:
  explicit PyClaim(OutputClaim claim) : claim_(std::move(claim)) {}
  void release() { claim_.reset(); }
  [[nodiscard]] std::filesystem::path path() const {
    return claim_ ? claim_->path() : std::filesystem::path();
  }

 private:
  std::optional<OutputClaim> claim_;
};

}  // namespace

void bind_output(py::module_& m) {
  py::class_<PyClaim>(m, "OutputClaim",
                      "A claimed output path; release() (or leaving a with block) unlocks it.")
      .def_property_readonly("path", &PyClaim::path)
      .def("release", &PyClaim::release)
      .def("__enter__", [](PyClaim& self) -> PyClaim& { return self; })
      .def("__exit__", [](PyClaim& self, const py::args&) {
        self.release();
        return false;
      });
  m.def(
      "claim_output",
      [](const std::filesystem::path& path, const std::vector<std::filesystem::path>& inputs,
         bool overwrite, const std::string& label) {
        return PyClaim(OutputClaim(OutputRequest{path, overwrite, inputs, label}));
      },
      py::arg("path"), py::arg("inputs"), py::arg("overwrite"), py::arg("label"),
      "Check that a command may write path (a regular file in a writable folder, none of its "
      "inputs, not held by another command, existing only when overwrite is true) and lock it; "
      "raises commsim.InputError naming the path (as `label`) and the reason.");
}

}  // namespace commsim::python
