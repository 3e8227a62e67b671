// Writing an observed community's metrics (python/commsim/observe.py, from
// a chat export) as a results file: one run, laid out by the same
// results_layout and written by the same ResultsWriter as simulated runs, so
// every reader, plot and comparison treats both alike.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>

#include "bindings.hpp"
#include "commsim/error.hpp"
#include "commsim/io/output_claim.hpp"
#include "commsim/io/results_writer.hpp"

namespace commsim::python {

namespace py = pybind11;

void bind_observed(py::module_& m) {
  m.def(
      "write_observed",
      [](const std::filesystem::path& path,
         const std::map<std::string,
                        py::array_t<double, py::array::c_style | py::array::forcecast>>& timeseries,
         const std::map<std::string, double>& summary,
         const std::map<std::string, std::string>& units,
         const std::map<std::string, std::string>& docs,
         const std::vector<std::pair<std::string, std::string>>& attributes, bool overwrite,
         const std::vector<std::filesystem::path>& inputs) {
        // The export it was measured from is an input: never its output.
        const OutputClaim claim(OutputRequest{path, overwrite, inputs});
        if (timeseries.empty()) {
          throw InputError("write_observed: no daily metric to write");
        }
        const auto text = [](const std::map<std::string, std::string>& table,
                             const std::string& name) {
          const auto it = table.find(name);
          return it == table.end() ? std::string() : it->second;
        };
        std::vector<MetricDecl> metrics;
        RunResult run;
        py::ssize_t days = -1;
        for (const auto& [name, values] : timeseries) {
          if (values.ndim() != 1 || (days >= 0 && values.shape(0) != days) || values.shape(0) < 1) {
            throw InputError("write_observed: daily metric `" + name +
                             "` must be one value per day, as long as the others");
          }
          days = values.shape(0);
          metrics.push_back({name, text(units, name), text(docs, name), "", {}});
          run.series.series.emplace_back(values.data(), values.data() + values.shape(0));
        }
        std::vector<SummaryDecl> summaries;
        for (const auto& [name, value] : summary) {
          summaries.push_back({name, text(units, name), text(docs, name)});
          run.series.summaries.push_back(value);
        }
        run.plan = {0, 0, 0, 0};
        run.status = RunStatus::Done;
        const auto horizon = static_cast<std::uint32_t>(days - 1);
        ResultsHeader header;
        header.texts = attributes;
        header.integers = {{"days", horizon}, {"replicates", 1}};
        {
          py::gil_scoped_release release;
          ResultsWriter writer(
              path, results_layout(metrics, summaries, {run.plan}, horizon, {}, 0, {}), header);
          writer.deliver(run);
          writer.finish();
        }
      },
      py::arg("path"), py::arg("timeseries"), py::arg("summary"), py::arg("units"), py::arg("docs"),
      py::arg("attributes"), py::arg("overwrite"),
      py::arg("inputs") = std::vector<std::filesystem::path>{},
      "Write an observed community's daily metrics (one value per day) and summaries as a "
      "results file of one run.");
}

}  // namespace commsim::python
