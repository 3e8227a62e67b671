#include "commsim/parallel.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

namespace commsim {

void parallel_blocks(std::uint32_t n, std::uint32_t grain,
                     const std::function<void(std::uint32_t, std::uint32_t)>& body) {
  if (n == 0) {
    return;
  }
  // An isolated context: cancelling an enclosing parallel loop (the runs of
  // an experiment, when one throws) must not silently cut a run's phase
  // short; runs stop only at day boundaries, through the stop request.
  tbb::task_group_context context(tbb::task_group_context::isolated);
  tbb::parallel_for(
      tbb::blocked_range<std::uint32_t>(0, n, grain == 0 ? 1 : grain),
      [&](const tbb::blocked_range<std::uint32_t>& r) { body(r.begin(), r.end()); },
      tbb::auto_partitioner(), context);
}

}  // namespace commsim
