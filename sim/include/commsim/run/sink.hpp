// Where finished runs go. The executor hands every finished run to each of
// its sinks, one run at a time and in plan order (whatever order the runs
// finished in); the results file writer, the in-memory collector behind
// commsim.run and progress displays are sinks.
#pragma once

#include <cstddef>

#include "commsim/run/plan.hpp"

namespace commsim {

struct ExecutionStart {
  std::size_t runs = 0;    // runs of the experiment
  std::size_t to_run = 0;  // of which this execution runs (the rest were done before)
};

class RunSink {
 public:
  RunSink() = default;
  RunSink(const RunSink&) = delete;
  RunSink& operator=(const RunSink&) = delete;
  virtual ~RunSink() = default;

  // Before the first run is delivered.
  virtual void start(const ExecutionStart& /*start*/) {}
  // A finished run (done or failed), in plan order; never two at once.
  virtual void deliver(const RunResult& result) = 0;
  // After the last run, when every run was delivered. Not called when the
  // execution stops early (an interruption or an error), so that a sink can
  // tell a complete execution from a partial one.
  virtual void finish() {}
};

}  // namespace commsim
