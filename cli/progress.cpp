#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace commsim::cli {

Progress::Progress(bool quiet)
    : enabled_(!quiet && isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}

void Progress::start(const ExecutionStart& start) {
  total_ = start.to_run;
  start_ = std::chrono::steady_clock::now();
}

void Progress::end_line() {
  if (enabled_ && done_ > 0) {
    std::fputc('\n', stderr);
  }
  enabled_ = false;
}

void Progress::deliver(const RunResult& /*result*/) {
  ++done_;
  if (!enabled_) {
    return;
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double remaining =
      elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
  std::fprintf(stderr, "\rruns %zu/%zu  elapsed %.1f s  remaining ~%.1f s   ", done_, total_,
               elapsed, remaining);
  std::fflush(stderr);
}

}  // namespace commsim::cli
