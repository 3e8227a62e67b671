// Cooperative stopping: request_stop() (async-signal-safe) makes running
// experiments throw Interrupted at the next day boundary; executors check it
// between runs too.
#pragma once

#include <memory>
#include <vector>

namespace commsim {

void request_stop();
// Forgets an earlier request, so that a later experiment can run.
void clear_stop_request();
[[nodiscard]] bool stop_requested();
// Throws Interrupted when a stop was requested.
void throw_if_stopped();

// Routes the given signals (SIGINT, SIGTERM) to request_stop() while it
// lives, and restores the handlers that were there before.
class StopOnSignals {
 public:
  explicit StopOnSignals(std::vector<int> signals);
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  struct Saved;
  std::vector<int> signals_;
  std::unique_ptr<Saved> saved_;  // the previous handlers
};

}  // namespace commsim
