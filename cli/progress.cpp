#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace commsim::cli {

StatusLine::StatusLine(bool quiet) : enabled_(!quiet && isatty(STDERR_FILENO) != 0) {}

void StatusLine::show(const std::string& text) {
  if (!enabled_) {
    return;
  }
  // \033[K clears what a longer earlier text left on the line.
  std::fprintf(stderr, "\r%s\033[K", text.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void StatusLine::end_line() {
  if (enabled_ && shown_) {
    std::fputc('\n', stderr);
  }
  shown_ = false;
}

void Progress::start(const ExecutionStart& start) {
  total_ = start.to_run;
  start_ = std::chrono::steady_clock::now();
}

void Progress::deliver(const RunResult& /*result*/) {
  ++done_;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double remaining =
      elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
  char text[128];
  std::snprintf(text, sizeof text, "runs %zu/%zu  elapsed %.1f s  remaining ~%.1f s", done_,
                total_, elapsed, remaining);
  line_.show(text);
}

}  // namespace commsim::cli
