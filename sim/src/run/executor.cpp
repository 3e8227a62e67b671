#include "commsim/run/executor.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "commsim/run/stop.hpp"

namespace commsim {

Executor::Executor(const Experiment& experiment, std::vector<bool> done,
                   std::vector<RunSink*> sinks)
    : experiment_(experiment), sinks_(std::move(sinks)) {
  const auto& plans = experiment.plans();
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (done.empty() || !done.at(i)) {
      to_run_.push_back(i);
    }
  }
  report_.runs = plans.size();
  report_.resumed = plans.size() - to_run_.size();
  for (RunSink* sink : sinks_) {
    sink->start({report_.runs, to_run_.size()});
  }
}

void Executor::finished(RunResult result) {
  const std::lock_guard lock(delivery_);
  if (sink_failed_) {
    return;  // the experiment is stopping with that failure
  }
  const auto index = static_cast<std::size_t>(result.plan.run);
  ready_.emplace(index, std::move(result));
  for (auto it = ready_.begin();
       it != ready_.end() && delivered_ < to_run_.size() && it->first == to_run_[delivered_];
       it = ready_.erase(it), ++delivered_) {
    const RunResult& r = it->second;
    if (r.status == RunStatus::Failed) {
      report_.failures.push_back("run " + std::to_string(r.plan.run) + ": " + r.error);
    }
    try {
      for (RunSink* sink : sinks_) {
        sink->deliver(r);
      }
    } catch (...) {
      sink_failed_ = true;
      throw;
    }
  }
}

void Executor::finish() {
  if (sink_failed_) {
    return;
  }
  for (RunSink* sink : sinks_) {
    sink->finish();
  }
}

void run_local(Executor& executor, Threads threads) {
  tbb::task_arena arena(threads.count());
  const auto& to_run = executor.to_run();
  const auto& plans = executor.experiment().plans();
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, to_run.size(), 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t i = range.begin(); i < range.end(); ++i) {
                          throw_if_stopped();
                          executor.finished(executor.experiment().run(plans[to_run[i]]));
                        }
                      });
  });
  executor.finish();
}

Driver local_driver(Threads threads) {
  return [threads](Executor& executor) { run_local(executor, threads); };
}

}  // namespace commsim
