// Test helpers around the executor: run an experiment in this process and
// see each finished run, with or without a results file.
#pragma once

#include <functional>
#include <utility>

#include "commsim/io/execute.hpp"
#include "commsim/run/executor.hpp"

namespace commsim::testing {

using OnRun = std::function<void(const RunResult&)>;

// A sink that hands each delivered run to a function.
class CallbackSink final : public RunSink {
 public:
  explicit CallbackSink(OnRun on_run) : on_run_(std::move(on_run)) {}
  void deliver(const RunResult& result) override { on_run_(result); }

 private:
  OnRun on_run_;
};

// execute() with the local driver (threads 0: all cores) and, when given, a
// function that sees every run in plan order.
inline ExecuteReport execute_local(Experiment& experiment, const OutputOptions& output,
                                   int threads = 0, OnRun on_run = {}) {
  CallbackSink sink(on_run ? std::move(on_run) : [](const RunResult&) {});
  return execute(experiment, output, {&sink}, local_driver(Threads::from_setting(threads)));
}

// Every run of the experiment, in memory.
inline ExecuteReport run_all(Experiment& experiment, int threads, OnRun on_run) {
  return execute_local(experiment, OutputOptions{}, threads, std::move(on_run));
}

}  // namespace commsim::testing
