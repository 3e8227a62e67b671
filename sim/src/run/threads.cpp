#include "commsim/run/threads.hpp"

#include <tbb/info.h>

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

}  // namespace commsim
