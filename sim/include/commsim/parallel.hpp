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

// Sorts keys ascending, in parallel: the keys are dealt into buckets by
// their high bits (in order), and the buckets sorted side by side with
// Boost's pdqsort. Integer keys have one sorted order, so the result does
// not depend on threads. Models sort (person << 32 | place) keys to group a
// day's reaches by person.
void sort_keys(std::vector<std::uint64_t>& keys);

// The items of `lists` laid end to end in `all`, and their keys
// person(item) << 32 | place in `all`, sorted (sort_keys): the items grouped
// by person, in list order within a person.
template <class T, class Person>
std::vector<std::uint64_t> group_by_person(const std::vector<std::vector<T>>& lists,
                                           std::vector<T>& all, Person&& person) {
  all.clear();
  for (const auto& list : lists) {
    all.insert(all.end(), list.begin(), list.end());
  }
  if (all.size() > (std::size_t{1} << 32U)) {  // the place must fit the low 32 bits
    throw Error("more than 2^32 events of one kind in a day: " + std::to_string(all.size()));
  }
  std::vector<std::uint64_t> keys(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    keys[i] = std::uint64_t{person(all[i])} << 32U | i;
  }
  sort_keys(keys);
  return keys;
}

// Where each run of sorted (person << 32 | place) keys with the same person
// starts, then keys.size(): run r is [runs[r], runs[r + 1]).
std::vector<std::size_t> person_runs(const std::vector<std::uint64_t>& keys);

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
