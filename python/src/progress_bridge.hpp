// Progress from a worker thread to the calling Python thread. The work runs
// on a worker (the GIL released); the Python thread wakes about five times a
// second, or when the worker posts news, and calls a report function (a
// notebook display, a terminal line) where the caller is. An exception from
// the report stops the work between days (request_stop) and is raised once
// the worker has finished; an exception from the work is raised after it.
#pragma once

#include <pybind11/pybind11.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace commsim::python {

class ProgressBoard {
 public:
  // Something changed: wake the Python thread.
  void notify();
  // The work ended (normally or not).
  void end();
  // Waits up to `timeout` for news; true once the work has ended.
  bool wait(std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable woken_;
  bool ended_ = false;
};

void run_with_progress(const std::function<void()>& work, ProgressBoard& board,
                       const std::function<void()>& report);

}  // namespace commsim::python
