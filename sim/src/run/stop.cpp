#include "commsim/run/stop.hpp"

#include <atomic>
#include <csignal>

#include "commsim/error.hpp"

namespace commsim {
namespace {
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");
}  // namespace

void request_stop() {
  g_stop.store(true, std::memory_order_relaxed);
}
void clear_stop_request() {
  g_stop.store(false, std::memory_order_relaxed);
}
bool stop_requested() {
  return g_stop.load(std::memory_order_relaxed);
}
void throw_if_stopped() {
  if (stop_requested()) {
    throw Interrupted("interrupted: stopped at the user's request before the experiment finished");
  }
}

struct StopOnSignals::Saved {
  std::vector<struct sigaction> actions;
};

StopOnSignals::StopOnSignals(std::vector<int> signals)
    : signals_(std::move(signals)), saved_(std::make_unique<Saved>()) {
  struct sigaction action {};
  action.sa_handler = [](int) { request_stop(); };
  sigemptyset(&action.sa_mask);
  saved_->actions.resize(signals_.size());
  for (std::size_t i = 0; i < signals_.size(); ++i) {
    sigaction(signals_[i], &action, &saved_->actions[i]);
  }
}

StopOnSignals::~StopOnSignals() {
  for (std::size_t i = 0; i < signals_.size(); ++i) {
    sigaction(signals_[i], &saved_->actions[i], nullptr);
  }
}

}  // namespace commsim
