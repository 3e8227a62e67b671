// Progress on a terminal: runs done out of the total, time elapsed and an
// estimate of the time remaining, redrawn on one line of stderr. Silent when
// stderr is not a terminal (logs, CI) or when asked to be quiet. A sink: the
// executor tells it how many runs there are to do and delivers each one.
#pragma once

#include <chrono>
#include <cstddef>

#include "commsim/run/sink.hpp"

namespace commsim::cli {

class Progress final : public RunSink {
 public:
  explicit Progress(bool quiet);
  ~Progress() override { end_line(); }

  void start(const ExecutionStart& start) override;
  void deliver(const RunResult& result) override;
  void finish() override { end_line(); }
  // Ends the progress line so later output starts on a fresh line.
  void end_line();
  [[nodiscard]] std::size_t delivered() const { return done_; }

 private:
  std::size_t total_ = 0;
  std::size_t done_ = 0;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace commsim::cli
