// Huge pages are a hint: the arrays must hold the same values whatever the
// kernel does, and where Linux has transparent huge pages enabled the
// advised range must carry the hint (VmFlags "hg" in /proc/self/smaps).
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "commsim/huge_pages.hpp"
#include "commsim/population.hpp"

using namespace commsim;

namespace {

// The VmFlags of the mapping that holds address p ("" when not found).
std::string vm_flags_at(const void* p) {
  std::ifstream smaps("/proc/self/smaps");
  const auto address = reinterpret_cast<std::uintptr_t>(p);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= address && address < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

bool huge_pages_on_request() {
  std::ifstream setting("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string text;
  std::getline(setting, text);
  return text.find("[madvise]") != std::string::npos || text.find("[always]") != std::string::npos;
}

}  // namespace

TEST_CASE("huge_page_vector holds n copies of its value at every size", "[huge_pages]") {
  CHECK(huge_page_vector<double>(0, 1.5).empty());
  const auto small = huge_page_vector<std::int32_t>(3, -1);
  CHECK(small == std::vector<std::int32_t>{-1, -1, -1});
  // 12 MiB: above kHugePageMinBytes, so advised.
  const std::size_t n = std::size_t{3} << 20U;
  const auto large = huge_page_vector<std::uint32_t>(n, 7U);
  REQUIRE(large.size() == n);
  CHECK(large.front() == 7U);
  CHECK(large[n / 2] == 7U);
  CHECK(large.back() == 7U);
}

TEST_CASE("advise_huge_pages never fails, whatever the range", "[huge_pages]") {
  advise_huge_pages(nullptr, 0);
  advise_huge_pages(nullptr, kHugePageMinBytes * 2);
  const std::vector<char> bytes(100, 'x');
  advise_huge_pages(bytes.data() + 1, bytes.size() - 1);  // small and unaligned
  CHECK(bytes[99] == 'x');
}

TEST_CASE("large population columns carry the huge-page hint", "[huge_pages]") {
  Population pop(std::uint32_t{2} << 20U);  // 16 MiB of doubles
  const auto column = pop.add<double>("x", 0.25, "");
  CHECK(column[column.size() - 1] == 0.25);
#if defined(__linux__)
  if (!huge_pages_on_request()) {
    WARN("transparent huge pages are off here: only the values are checked");
    return;
  }
  // An address inside the column's whole 2 MiB pages (the column spans at
  // least seven of them).
  const auto middle = reinterpret_cast<std::uintptr_t>(column.data() + column.size() / 2);
  const auto aligned = middle & ~((std::uintptr_t{2} << 20U) - 1);
  const std::string flags = vm_flags_at(reinterpret_cast<const void*>(aligned));
  INFO(flags);
  CHECK(flags.find(" hg") != std::string::npos);
#endif
}
