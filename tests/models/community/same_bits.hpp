// Bit-for-bit equality of recorded series: NaN (a share with nothing to
// share, such as a day without posts) equals NaN when its bits do, which
// operator== on doubles would deny.
#pragma once

#include <cstring>
#include <vector>

namespace commsim::testing {

inline bool same_bits(const std::vector<std::vector<double>>& a,
                      const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size() ||
        (!a[i].empty() &&
         std::memcmp(a[i].data(), b[i].data(), a[i].size() * sizeof(double)) != 0)) {
      return false;
    }
  }
  return true;
}

}  // namespace commsim::testing
