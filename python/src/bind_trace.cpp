// One run's events (joins, leaves, posts with their reply targets) for
// commsim.event_log, which turns them into a chat event stream. The run is
// the one commsim.run gives for the same scenario and run number: tracing
// draws nothing (commsim/event_trace.hpp).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "commsim/error.hpp"
#include "commsim/event_trace.hpp"
#include "commsim/run/experiment.hpp"
#include "models/registry.hpp"

namespace commsim::python {

namespace py = pybind11;

namespace {

template <class To, class From>
py::array_t<To> codes(const std::vector<From>& values) {
  std::vector<To> out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    out[i] = static_cast<To>(values[i]);
  }
  return to_array(std::move(out), {static_cast<py::ssize_t>(values.size())});
}

template <class T>
py::array_t<T> column(std::vector<T>& values) {
  const auto n = static_cast<py::ssize_t>(values.size());
  return to_array(std::move(values), {n});
}

}  // namespace

void bind_trace(py::module_& m) {
  m.def(
      "event_log",
      [](const Scenario& scenario, std::uint64_t run) {
        Experiment experiment(scenario, *find_model(models::catalog(), scenario.model));
        const auto& plans = experiment.plans();
        if (run >= plans.size()) {
          throw InputError("event_log: run " + std::to_string(run) + " does not exist (the " +
                           "scenario has " + std::to_string(plans.size()) + " runs, 0 to " +
                           std::to_string(plans.size() - 1) + ")");
        }
        EventTrace trace;
        RunResult result;
        {
          py::gil_scoped_release release;
          experiment.prepare();
          result = experiment.run(plans[run], &trace);
        }
        if (result.status != RunStatus::Done) {
          throw Error("event_log: run " + std::to_string(run) + " failed: " + result.error);
        }
        py::dict out;
        out["days"] = scenario.days;
        out["day"] = column(trace.day);
        out["kind"] = codes<std::int8_t>(trace.kind);
        out["person"] = column(trace.person);
        out["group"] = column(trace.group);
        out["reply_to"] = column(trace.reply_to);
        out["cause"] = codes<std::int8_t>(trace.cause);
        out["by"] = column(trace.by);
        return out;
      },
      py::arg("scenario"), py::arg("run"),
      "One run's events as columns: day, kind (0 post, 1 join, 2 leave), person (an agent, or -2 "
      "for the host), group (-1 for a leave), reply_to (row of the post answered, -1 none), "
      "cause (commsim.chat.CAUSES) and by (who added or invited: an agent, -2 the host, -1 "
      "nobody). Empty for a model without such events.");
}

}  // namespace commsim::python
