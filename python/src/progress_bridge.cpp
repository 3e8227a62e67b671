#include "progress_bridge.hpp"

#include <exception>
#include <thread>

#include "commsim/run/stop.hpp"

namespace commsim::python {

namespace py = pybind11;

void ProgressBoard::notify() {
  const std::lock_guard lock(mutex_);
  woken_.notify_all();
}

void ProgressBoard::end() {
  const std::lock_guard lock(mutex_);
  ended_ = true;
  woken_.notify_all();
}

bool ProgressBoard::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!ended_) {
    woken_.wait_for(lock, timeout);
  }
  return ended_;
}

void run_with_progress(const std::function<void()>& work, ProgressBoard& board,
                       const std::function<void()>& report) {
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      work();
    } catch (...) {
      failure = std::current_exception();
    }
    board.end();
  });
  try {
    for (bool last = false; !last;) {
      {
        py::gil_scoped_release release;
        last = board.wait(std::chrono::milliseconds(200));
      }
      report();
    }
  } catch (...) {
    request_stop();
    {
      py::gil_scoped_release release;
      worker.join();
    }
    throw;
  }
  worker.join();
  if (failure) {
    std::rethrow_exception(failure);
  }
}

}  // namespace commsim::python
