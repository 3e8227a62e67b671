#include "commsim/run/executor.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <limits>

#include "commsim/run/stop.hpp"

namespace commsim {

Executor::Executor(const Experiment& experiment, std::vector<bool> done,
                   std::vector<RunSink*> sinks, Rounds* rounds)
    : experiment_(experiment), sinks_(std::move(sinks)), rounds_(rounds), done_(std::move(done)) {
  const auto& plans = experiment.plans();
  done_.resize(plans.size(), false);
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (!done_[i]) {
      to_run_.push_back(i);
    }
  }
  if (rounds_ != nullptr) {
    ends_ = rounds_->ends();
  }
  report_.runs = plans.size();
  report_.resumed = plans.size() - to_run_.size();
  for (RunSink* sink : sinks_) {
    sink->start({report_.runs, to_run_.size()});
  }
}

std::vector<std::size_t> Executor::next_batch() {
  if (over_) {
    return {};
  }
  const auto& plans = experiment_.plans();
  if (rounds_ == nullptr) {
    over_ = true;
    report_.replicates = experiment_.scenario().replicates;
    const std::lock_guard lock(delivery_);
    order_ = to_run_;
    return to_run_;
  }
  while (round_ < ends_.size()) {
    if (round_ > 0 && rounds_->settled(ends_[round_ - 1])) {
      // Settled: the later rounds are not needed.
      const std::uint32_t end = ends_[round_ - 1];
      report_.replicates = end;
      over_ = true;
      const std::lock_guard lock(delivery_);
      for (const std::size_t i : to_run_) {
        if (plans[i].replicate >= end) {
          RunResult r;
          r.plan = plans[i];
          r.status = RunStatus::Unneeded;
          r.wall_seconds = std::numeric_limits<double>::quiet_NaN();
          deliver(r);
          ++report_.unneeded;
        }
      }
      return {};
    }
    const std::uint32_t begin = round_ == 0 ? 0 : ends_[round_ - 1];
    const std::uint32_t end = ends_[round_];
    ++round_;
    std::vector<std::size_t> batch;
    for (const std::size_t i : to_run_) {
      if (plans[i].replicate >= begin && plans[i].replicate < end) {
        batch.push_back(i);
      }
    }
    if (!batch.empty()) {
      const std::lock_guard lock(delivery_);
      order_.insert(order_.end(), batch.begin(), batch.end());
      return batch;
    }
  }
  report_.replicates = ends_.empty() ? 0 : ends_.back();
  over_ = true;
  return {};
}

void Executor::deliver(const RunResult& r) {
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

void Executor::finished(RunResult result) {
  const std::lock_guard lock(delivery_);
  if (sink_failed_) {
    return;  // the experiment is stopping with that failure
  }
  const auto index = static_cast<std::size_t>(result.plan.run);
  ready_.emplace(index, std::move(result));
  while (delivered_ < order_.size()) {
    const auto it = ready_.find(order_[delivered_]);
    if (it == ready_.end()) {
      break;
    }
    deliver(it->second);
    ready_.erase(it);
    ++delivered_;
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
  threads.run([&] {
    const auto& plans = executor.experiment().plans();
    for (auto batch = executor.next_batch(); !batch.empty(); batch = executor.next_batch()) {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, batch.size(), 1),
                        [&](const tbb::blocked_range<std::size_t>& range) {
                          for (std::size_t i = range.begin(); i < range.end(); ++i) {
                            throw_if_stopped();
                            executor.finished(executor.experiment().run(plans[batch[i]]));
                          }
                        });
    }
  });
  executor.finish();
}

Driver local_driver(Threads threads) {
  return [threads](Executor& executor) { run_local(executor, threads); };
}

}  // namespace commsim
