// Progress on a terminal: runs done out of the total, time elapsed and an
// estimate of the time remaining, redrawn on one line of stderr. Silent when
// stderr is not a terminal (logs, CI) or when asked to be quiet.
#pragma once

#include <chrono>
#include <cstddef>

namespace commsim::cli {

class Progress {
 public:
  Progress(std::size_t total, bool quiet);
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void run_finished();
  // Ends the progress line so later output starts on a fresh line.
  void finish();

 private:
  std::size_t total_;
  std::size_t done_ = 0;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace commsim::cli
