#include "commsim/run/threads.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <cstddef>

#include <string>

#include "commsim/error.hpp"

namespace commsim {

namespace {
constexpr long long kMostThreads = 4096;
}

Threads Threads::all() {
  return Threads(tbb::info::default_concurrency());
}

Threads Threads::from_setting(long long requested) {
  if (requested == 0) {
    return all();
  }
  if (requested < 0 || requested > kMostThreads) {
    throw InputError("threads: expected 0 (all cores) or a whole number from 1 to " +
                     std::to_string(kMostThreads) + ", found " + std::to_string(requested));
  }
  return Threads(static_cast<int>(requested));
}

void Threads::run(const std::function<void()>& work) const {
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(count_));
  tbb::task_arena arena(count_);
  arena.execute(work);
}

}  // namespace commsim
