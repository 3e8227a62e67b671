#include "commsim/design.hpp"

#include <numeric>

#include "commsim/distributions.hpp"

namespace commsim {
namespace {

// Fisher-Yates with the project's own uniform_index.
std::vector<std::size_t> permutation(std::size_t n, RandomStream& rng) {
  std::vector<std::size_t> p(n);
  std::iota(p.begin(), p.end(), std::size_t{0});
  for (std::size_t i = n; i > 1; --i) {
    std::swap(p[i - 1], p[uniform_index(rng, static_cast<std::uint32_t>(i))]);
  }
  return p;
}

}  // namespace

UnitPoints latin_hypercube(std::size_t n, std::size_t k, RandomStream& rng) {
  UnitPoints points(n, std::vector<double>(k));
  for (std::size_t axis = 0; axis < k; ++axis) {
    const auto strata = permutation(n, rng);
    for (std::size_t i = 0; i < n; ++i) {
      points[i][axis] = (static_cast<double>(strata[i]) + uniform01(rng)) / static_cast<double>(n);
    }
  }
  return points;
}

UnitPoints saltelli(std::size_t n, std::size_t k, RandomStream& rng) {
  const UnitPoints a = latin_hypercube(n, k, rng);
  const UnitPoints b = latin_hypercube(n, k, rng);
  UnitPoints points;
  points.reserve(n * (k + 2));
  for (std::size_t j = 0; j < n; ++j) {
    points.push_back(a[j]);
    points.push_back(b[j]);
    for (std::size_t i = 0; i < k; ++i) {
      std::vector<double> ab = a[j];
      ab[i] = b[j][i];
      points.push_back(std::move(ab));
    }
  }
  return points;
}

MorrisDesign morris(std::size_t trajectories, std::size_t k, std::size_t levels,
                    RandomStream& rng) {
  MorrisDesign design;
  const double step = 1.0 / static_cast<double>(levels - 1);
  const std::size_t jump = levels / 2;  // delta = jump * step = levels / (2 (levels - 1))
  for (std::size_t t = 0; t < trajectories; ++t) {
    // Start on the grid low enough that one jump stays inside [0, 1].
    std::vector<double> x(k);
    for (auto& xi : x) {
      xi =
          static_cast<double>(uniform_index(rng, static_cast<std::uint32_t>(levels - jump))) * step;
    }
    design.points.push_back(x);
    design.changed_axis.push_back(-1);
    for (std::size_t axis : permutation(k, rng)) {
      x[axis] += static_cast<double>(jump) * step;
      design.points.push_back(x);
      design.changed_axis.push_back(static_cast<int>(axis));
    }
  }
  return design;
}

}  // namespace commsim
