// Large arrays that are read at scattered places (a person's state columns,
// a graph's rows) backed by 2 MiB pages where the kernel allows it.
//
// Why: the community model touches its members' rows, and members are
// scattered over the population. With 4 KiB pages every such read at 10^7
// people is a TLB miss and a page-table walk besides the cache miss (a
// column of 10^7 doubles spans 19,532 pages; a 2 MiB page covers 512 of
// them). Backing the columns with transparent huge pages halved the
// community model's day at 10^7 people (bench/README.md, issue 18).
//
// How: Linux's madvise(MADV_HUGEPAGE) on the array's whole 2 MiB-aligned
// pages before anything is written there, so the first write to each of
// them faults in a huge page. It is a hint: where transparent huge pages
// are off ("never" in /sys/kernel/mm/transparent_hugepage/enabled), on
// other systems or for small arrays it does nothing, and results never
// depend on it.
#pragma once

#include <cstddef>
#include <vector>

namespace commsim {

// Arrays below this many bytes are left alone (they cannot hold a whole
// aligned 2 MiB page, or gain little from one).
inline constexpr std::size_t kHugePageMinBytes = std::size_t{4} << 20U;

// Asks for huge pages over the whole 2 MiB pages inside [data, data + bytes).
// Never fails: a refused hint is ignored.
void advise_huge_pages(const void* data, std::size_t bytes) noexcept;

// A vector of n copies of init whose storage was advised before it was
// filled (see above).
template <class T>
std::vector<T> huge_page_vector(std::size_t n, const T& init) {
  std::vector<T> values;
  values.reserve(n);
  advise_huge_pages(values.data(), n * sizeof(T));
  values.assign(n, init);
  return values;
}

}  // namespace commsim
