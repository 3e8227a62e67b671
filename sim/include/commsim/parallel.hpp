// Parallel loops and reductions for models, without exposing TBB to them.
//
// deterministic_sum cuts [0, n) into fixed blocks, sums each block in index
// order and then adds the block sums in block order: the floating-point
// result is the same for every thread count (unlike a plain parallel reduce,
// whose association order follows work stealing).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "commsim/error.hpp"

namespace commsim {

inline constexpr std::uint32_t kReduceBlock = 4096;

// Calls body(begin, end) over blocks covering [0, n), in parallel.
void parallel_blocks(std::uint32_t n, std::uint32_t grain,
                     const std::function<void(std::uint32_t, std::uint32_t)>& body);

// Sorts keys person << 32 | place whose places ascend, as ByPerson makes
// them, into ascending order (integer keys have one sorted order, so the
// result does not depend on threads or on how it is sorted): a stable
// least-significant-digit radix sort on the person alone (Knuth, TAOCP
// vol. 3, 5.2.5), in two passes of 12-bit digits up to 2^24 people.
// Serial: at a day's 10^4-10^5 keys it beat a parallel bucket sort with
// Boost's pdqsort on two threads (bench/README.md, BM_SortByPerson).
void sort_by_person(std::vector<std::uint64_t>& keys);

// Where each run of sorted (person << 32 | place) keys with the same person
// starts, then keys.size(): run r is [runs[r], runs[r + 1]).
void person_runs(const std::vector<std::uint64_t>& keys, std::vector<std::size_t>& runs);

// A day's items about people (invitations reaching outsiders, words heard),
// made in fixed blocks in parallel and then grouped by person: the blocks'
// lists laid end to end, in block order, and sorted by person (ascending),
// in list order within a person. Threads therefore change nothing.
//
// It keeps its buffers from day to day: at 10^7 people a day's items fill
// megabytes, which fresh vectors would fault in from the kernel page by page
// every day.
template <class T>
class ByPerson {
 public:
  // Starts a day with `blocks` empty lists (their memory is kept).
  void start(std::size_t blocks) {
    lists_.resize(blocks);
    for (auto& list : lists_) {
      list.clear();
    }
  }
  [[nodiscard]] std::vector<T>& list(std::size_t block) { return lists_[block]; }

  // Groups the lists' items by person(item) (a std::uint32_t).
  template <class Person>
  void group(Person&& person) {
    all_.clear();
    for (const auto& list : lists_) {
      all_.insert(all_.end(), list.begin(), list.end());
    }
    if (all_.size() > (std::size_t{1} << 32U)) {  // the place must fit the low 32 bits
      throw Error("more than 2^32 events of one kind in a day: " + std::to_string(all_.size()));
    }
    keys_.resize(all_.size());
    for (std::size_t i = 0; i < all_.size(); ++i) {
      keys_[i] = std::uint64_t{person(all_[i])} << 32U | i;
    }
    sort_by_person(keys_);
    person_runs(keys_, runs_);
  }

  // After group(): how many people have items, the r-th of them (ids
  // ascending), and their items, indices [first(r), first(r + 1)) of item().
  [[nodiscard]] std::size_t people() const { return runs_.size() - 1; }
  [[nodiscard]] std::uint32_t person(std::size_t r) const {
    return static_cast<std::uint32_t>(keys_[runs_[r]] >> 32U);
  }
  [[nodiscard]] std::size_t first(std::size_t r) const { return runs_[r]; }
  [[nodiscard]] const T& item(std::size_t k) const { return all_[keys_[k] & 0xffffffffU]; }

 private:
  std::vector<std::vector<T>> lists_;
  std::vector<T> all_;
  std::vector<std::uint64_t> keys_;  // person << 32 | place in all_, sorted
  std::vector<std::size_t> runs_;    // person_runs(keys_)
};

// Sum of term(i) for i in [0, n), independent of thread count.
template <class T, class Term>
T deterministic_sum(std::uint32_t n, Term&& term) {
  const std::uint32_t blocks = (n + kReduceBlock - 1) / kReduceBlock;
  std::vector<T> partial(blocks, T{});
  const auto sum_block = [&](std::uint32_t b) {
    const std::uint32_t begin = b * kReduceBlock;
    const std::uint32_t end = begin + kReduceBlock < n ? begin + kReduceBlock : n;
    T s{};
    for (std::uint32_t i = begin; i < end; ++i) {
      s += term(i);
    }
    partial[b] = s;
  };
  if constexpr (std::is_floating_point_v<T>) {
    // Threads take groups of four whole blocks and sum the four side by
    // side. Each block is still summed alone, in index order, so the result
    // is unchanged; but a floating-point sum is one chain of dependent adds
    // (3-4 cycles each), and four chains overlap.
    constexpr std::uint32_t kGroup = 4;
    parallel_blocks((blocks + kGroup - 1) / kGroup, 1,
                    [&](std::uint32_t first, std::uint32_t last) {
                      for (std::uint32_t g = first; g < last; ++g) {
                        const std::uint32_t b = g * kGroup;
                        if ((b + kGroup) * kReduceBlock > n) {  // the last, partial group
                          for (std::uint32_t k = b; k < blocks; ++k) {
                            sum_block(k);
                          }
                          continue;
                        }
                        const std::uint32_t begin = b * kReduceBlock;
                        T s0{};
                        T s1{};
                        T s2{};
                        T s3{};
                        for (std::uint32_t i = begin; i < begin + kReduceBlock; ++i) {
                          s0 += term(i);
                          s1 += term(i + kReduceBlock);
                          s2 += term(i + 2 * kReduceBlock);
                          s3 += term(i + 3 * kReduceBlock);
                        }
                        partial[b] = s0;
                        partial[b + 1] = s1;
                        partial[b + 2] = s2;
                        partial[b + 3] = s3;
                      }
                    });
  } else {
    parallel_blocks(blocks, 1, [&](std::uint32_t first, std::uint32_t last) {
      for (std::uint32_t b = first; b < last; ++b) {
        sum_block(b);
      }
    });
  }
  T total{};
  for (const T& s : partial) {
    total += s;
  }
  return total;
}

}  // namespace commsim
