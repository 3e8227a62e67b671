// Unit-cube designs: the structural properties each method promises.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "commsim/design.hpp"

using namespace commsim;

TEST_CASE("a Latin hypercube puts exactly one point in each stratum of each axis", "[design]") {
  RandomStream rng(11, 0, 0, 0);
  const UnitPoints points = latin_hypercube(50, 3, rng);
  REQUIRE(points.size() == 50);
  for (std::size_t axis = 0; axis < 3; ++axis) {
    std::set<int> strata;
    for (const auto& p : points) {
      REQUIRE(p[axis] >= 0.0);
      REQUIRE(p[axis] < 1.0);
      strata.insert(static_cast<int>(std::floor(p[axis] * 50)));
    }
    CHECK(strata.size() == 50);
  }
}

TEST_CASE("Saltelli points come as A, B, then A with one column from B", "[design]") {
  RandomStream rng(12, 0, 0, 0);
  const std::size_t n = 16;
  const std::size_t k = 3;
  const UnitPoints points = saltelli(n, k, rng);
  REQUIRE(points.size() == n * (k + 2));
  for (std::size_t j = 0; j < n; ++j) {
    const auto& a = points[j * (k + 2)];
    const auto& b = points[j * (k + 2) + 1];
    for (std::size_t i = 0; i < k; ++i) {
      const auto& ab = points[j * (k + 2) + 2 + i];
      for (std::size_t axis = 0; axis < k; ++axis) {
        REQUIRE(ab[axis] == (axis == i ? b[axis] : a[axis]));
      }
    }
  }
}

TEST_CASE("Morris trajectories move one axis at a time by delta on the grid", "[design]") {
  RandomStream rng(13, 0, 0, 0);
  const std::size_t r = 10;
  const std::size_t k = 4;
  const std::size_t levels = 4;
  const MorrisDesign d = morris(r, k, levels, rng);
  REQUIRE(d.points.size() == r * (k + 1));
  const double delta = static_cast<double>(levels) / (2.0 * (levels - 1));  // 2/3
  for (std::size_t t = 0; t < r; ++t) {
    std::set<int> moved;
    CHECK(d.changed_axis[t * (k + 1)] == -1);
    for (std::size_t s = 1; s <= k; ++s) {
      const auto& before = d.points[t * (k + 1) + s - 1];
      const auto& after = d.points[t * (k + 1) + s];
      const int axis = d.changed_axis[t * (k + 1) + s];
      moved.insert(axis);
      for (std::size_t i = 0; i < k; ++i) {
        const double step = after[i] - before[i];
        REQUIRE(step == Approx(static_cast<int>(i) == axis ? delta : 0.0).margin(1e-12));
        REQUIRE(after[i] <= 1.0 + 1e-12);
      }
    }
    CHECK(moved.size() == k);  // every axis moved once
  }
}

TEST_CASE("designs are a pure function of the stream", "[design]") {
  RandomStream a(99, 0, 0, 0);
  RandomStream b(99, 0, 0, 0);
  CHECK(latin_hypercube(20, 2, a) == latin_hypercube(20, 2, b));
}
