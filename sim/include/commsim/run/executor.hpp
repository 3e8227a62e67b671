// The executor core, shared by every driver: which runs of an experiment to
// do (the skip list of a resumed file), the delivery of finished runs to the
// sinks one at a time and in plan order however they finished, and the
// failure count. Drivers decide where runs execute: run_local (TBB, this
// process) here, the MPI coordinator and workers in mpi.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
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
  std::size_t unneeded = 0;           // never run: the answer was settled before their round
  std::size_t replicates = 0;         // replicates per point that ran (all, without rounds)
  std::vector<std::string> failures;  // "run N: why"
  // A results file was written: at least one run of it is done (a file with
  // none is never published, and never replaces an existing one).
  bool written = false;
};

// Runs an experiment's replicates in rounds, deciding after each complete
// round whether more are needed (`replicates: auto`; auto_replicates.hpp).
// Decisions see complete rounds only, so they do not depend on the order in
// which runs finish, the thread count or the number of ranks.
class Rounds {
 public:
  Rounds() = default;
  Rounds(const Rounds&) = delete;
  Rounds& operator=(const Rounds&) = delete;
  virtual ~Rounds() = default;
  // The replicate count after each round, increasing; the last is the cap.
  [[nodiscard]] virtual std::vector<std::uint32_t> ends() const = 0;
  // Called once every run of replicates [0, replicates) has been delivered
  // (or was done before): whether the experiment can stop here.
  [[nodiscard]] virtual bool settled(std::uint32_t replicates) = 0;
};

class Executor {
 public:
  // done: per plan, whether it is already finished (a resumed file); empty:
  // none is. rounds: run in rounds of replicates (null: all at once). Sinks
  // are told the execution starts.
  Executor(const Experiment& experiment, std::vector<bool> done, std::vector<RunSink*> sinks,
           Rounds* rounds = nullptr);
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  [[nodiscard]] const Experiment& experiment() const { return experiment_; }
  // The plan indices that may run, in plan order (with rounds, the most
  // that will).
  [[nodiscard]] const std::vector<std::size_t>& to_run() const { return to_run_; }
  // The plan indices a driver runs next, in plan order; empty when the
  // execution is over. Call it again only once every run of the previous
  // batch has been handed to finished(). With rounds, a batch is one round
  // (rounds whose runs were all done before are decided on and skipped);
  // when a round settles the answer, the plans of later rounds are
  // delivered to the sinks as unneeded and the next batch is empty.
  [[nodiscard]] std::vector<std::size_t> next_batch();

  // A finished run, from any thread: kept until every earlier run to do has
  // been delivered, then handed to the sinks in plan order. Delivery never
  // starts parallel work, so holding the lock cannot deadlock with work
  // stealing.
  void finished(RunResult result);
  // After the last run: tells the sinks the execution is complete.
  void finish();

  [[nodiscard]] const ExecuteReport& report() const { return report_; }

 private:
  void deliver(const RunResult& r);

  const Experiment& experiment_;
  std::vector<RunSink*> sinks_;
  Rounds* rounds_;
  std::vector<bool> done_;
  std::vector<std::size_t> to_run_;
  std::vector<std::uint32_t> ends_;  // replicate count after each round
  std::size_t round_ = 0;            // the next round to hand out
  bool over_ = false;
  std::mutex delivery_;
  std::map<std::size_t, RunResult> ready_;  // plan index -> finished, not yet delivered
  std::vector<std::size_t> order_;          // delivery order: the batches handed out so far
  std::size_t delivered_ = 0;               // position in order_
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
