// Parallel loops and reductions for models, without exposing TBB to them.
//
// deterministic_sum cuts [0, n) into fixed blocks, sums each block in index
// order and then adds the block sums in block order: the floating-point
// result is the same for every thread count (unlike a plain parallel reduce,
// whose association order follows work stealing).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace commsim {

inline constexpr std::uint32_t kReduceBlock = 4096;

// Calls body(begin, end) over blocks covering [0, n), in parallel.
void parallel_blocks(std::uint32_t n, std::uint32_t grain,
                     const std::function<void(std::uint32_t, std::uint32_t)>& body);

// Sum of term(i) for i in [0, n), independent of thread count.
template <class T, class Term>
T deterministic_sum(std::uint32_t n, Term&& term) {
  const std::uint32_t blocks = (n + kReduceBlock - 1) / kReduceBlock;
  std::vector<T> partial(blocks, T{});
  parallel_blocks(blocks, 1, [&](std::uint32_t first, std::uint32_t last) {
    for (std::uint32_t b = first; b < last; ++b) {
      const std::uint32_t begin = b * kReduceBlock;
      const std::uint32_t end = begin + kReduceBlock < n ? begin + kReduceBlock : n;
      T s{};
      for (std::uint32_t i = begin; i < end; ++i) {
        s += term(i);
      }
      partial[b] = s;
    }
  });
  T total{};
  for (const T& s : partial) {
    total += s;
  }
  return total;
}

}  // namespace commsim
