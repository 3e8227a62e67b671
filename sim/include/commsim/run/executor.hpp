// The executor core, shared by every driver: which runs of an experiment to
// do (the skip list of a resumed file), the delivery of finished runs to the
// sinks one at a time and in plan order however they finished, and the
// failure count. Drivers decide where runs execute: run_local (TBB, this
// process) here, the MPI coordinator and workers in mpi.hpp.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "commsim/run/experiment.hpp"
#include "commsim/run/sink.hpp"
#include "commsim/run/threads.hpp"

namespace commsim {

struct ExecuteReport {
  std::size_t runs = 0;               // runs of the experiment
  std::size_t resumed = 0;            // of which done before this execution
  std::vector<std::string> failures;  // "run N: why"
  // A results file was written: at least one run of it is done (a file with
  // none is never published, and never replaces an existing one).
  bool written = false;
};

class Executor {
 public:
  // done: per plan, whether it is already finished (a resumed file); empty:
  // none is. Sinks are told the execution starts.
  Executor(const Experiment& experiment, std::vector<bool> done, std::vector<RunSink*> sinks);
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  [[nodiscard]] const Experiment& experiment() const { return experiment_; }
  // The plan indices to run, in plan order.
  [[nodiscard]] const std::vector<std::size_t>& to_run() const { return to_run_; }

  // A finished run, from any thread: kept until every earlier run to do has
  // been delivered, then handed to the sinks in plan order. Delivery never
  // starts parallel work, so holding the lock cannot deadlock with work
  // stealing.
  void finished(RunResult result);
  // After the last run: tells the sinks the execution is complete.
  void finish();

  [[nodiscard]] const ExecuteReport& report() const { return report_; }

 private:
  const Experiment& experiment_;
  std::vector<RunSink*> sinks_;
  std::vector<std::size_t> to_run_;
  std::mutex delivery_;
  std::map<std::size_t, RunResult> ready_;  // plan index -> finished, not yet delivered
  std::size_t delivered_ = 0;               // position in to_run_
  bool sink_failed_ = false;                // a sink threw (a full disk): nothing more is delivered
  ExecuteReport report_;
};

// Runs the executor's runs in this process, several at once when threads
// allow, each with its own parallel phases, all under one TBB arena so that
// `threads` caps both levels.
void run_local(Executor& executor, Threads threads);

// A way to run an executor's runs: run_local, or an MPI coordinator.
using Driver = std::function<void(Executor&)>;
[[nodiscard]] Driver local_driver(Threads threads);

}  // namespace commsim
