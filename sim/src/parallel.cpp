#include "commsim/parallel.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace commsim {

void parallel_blocks(std::uint32_t n, std::uint32_t grain,
                     const std::function<void(std::uint32_t, std::uint32_t)>& body) {
  if (n == 0) {
    return;
  }
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, n, grain == 0 ? 1 : grain),
                    [&](const tbb::blocked_range<std::uint32_t>& r) { body(r.begin(), r.end()); });
}

}  // namespace commsim
