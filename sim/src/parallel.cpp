#include "commsim/parallel.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <bit>
#include <boost/sort/pdqsort/pdqsort.hpp>
#include <utility>

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

void sort_by_person(std::vector<std::uint64_t>& keys) {
#ifdef COMMSIM_CHECKED
  for (std::size_t k = 1; k < keys.size(); ++k) {
    if ((keys[k] & 0xffffffffU) <= (keys[k - 1] & 0xffffffffU)) {
      throw Error("sort_by_person: the places (low 32 bits) must ascend in the input");
    }
  }
#endif
  // Below this many keys a comparison sort is as quick as clearing the
  // radix counts; it gives the same order (the keys are distinct).
  constexpr std::size_t kCompareBelow = 1024;
  if (keys.size() < kCompareBelow) {
    boost::sort::pdqsort_branchless(keys.begin(), keys.end());
    return;
  }
  std::uint64_t highest = 0;
  for (const std::uint64_t k : keys) {
    highest = std::max(highest, k);
  }
  // The person's bits, in as few digits of at most 12 bits (4,096 counts,
  // 32 KiB: in the first-level cache) as cover them: two at 10^7 people.
  const auto bits = static_cast<unsigned>(std::bit_width(highest >> 32U));
  constexpr unsigned kMaxDigit = 12;
  const unsigned passes = (bits + kMaxDigit - 1) / kMaxDigit;
  if (passes == 0) {
    return;  // one person: already in place order
  }
  const unsigned digit = (bits + passes - 1) / passes;
  const std::uint64_t mask = (std::uint64_t{1} << digit) - 1;
  // The other half of each pass, kept by the thread (no page faults a day).
  thread_local std::vector<std::uint64_t> buffer;
  buffer.resize(keys.size());
  std::vector<std::size_t> next(std::size_t{1} << digit);
  for (unsigned pass = 0; pass < passes; ++pass) {
    const unsigned shift = 32 + pass * digit;
    std::fill(next.begin(), next.end(), 0);
    for (const std::uint64_t k : keys) {
      ++next[(k >> shift) & mask];
    }
    std::size_t start = 0;
    for (std::size_t& n : next) {
      start += std::exchange(n, start);
    }
    for (const std::uint64_t k : keys) {
      buffer[next[(k >> shift) & mask]++] = k;
    }
    keys.swap(buffer);
  }
}

void person_runs(const std::vector<std::uint64_t>& keys, std::vector<std::size_t>& runs) {
  runs.clear();
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (k == 0 || keys[k] >> 32U != keys[k - 1] >> 32U) {
      runs.push_back(k);
    }
  }
  runs.push_back(keys.size());
}

}  // namespace commsim
