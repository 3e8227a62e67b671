// Progress on a terminal, redrawn on one line of stderr; silent when stderr
// is not a terminal (logs, CI) or when asked to be quiet. StatusLine is the
// line; Progress, a sink, shows runs done out of the total, time elapsed
// and an estimate of the time remaining.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "commsim/run/sink.hpp"

namespace commsim::cli {

class StatusLine {
 public:
  explicit StatusLine(bool quiet);
  ~StatusLine() { end_line(); }
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;

  // Replaces the line's text.
  void show(const std::string& text);
  // Ends the line so later output starts on a fresh one.
  void end_line();

 private:
  bool enabled_;
  bool shown_ = false;
};

class Progress final : public RunSink {
 public:
  explicit Progress(bool quiet) : line_(quiet) {}

  void start(const ExecutionStart& start) override;
  void deliver(const RunResult& result) override;
  void finish() override { line_.end_line(); }
  void end_line() { line_.end_line(); }
  [[nodiscard]] std::size_t delivered() const { return done_; }

 private:
  StatusLine line_;
  std::size_t total_ = 0;
  std::size_t done_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace commsim::cli
