// The settle rule of `replicates: auto` against cases with known answers: two
// designs (the bound is the paired-t posterior tail), exact ties, constraints
// and values fixed by a rule.
#include <catch2/catch.hpp>

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>
#include <numeric>

#include "commsim/objective.hpp"
#include "commsim/scenario.hpp"

using namespace commsim;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Objective maximize(const std::string& name) {
  return declare_objective(name, Direction::Maximize);
}

DesignValues design(std::vector<double> objective) {
  DesignValues d;
  d.objective = std::move(objective);
  return d;
}

}  // namespace

TEST_CASE("two paired designs: the bound is the paired t tail", "[objective]") {
  // B = A + differences d; P(A beats B) = P(T > mean / (sd / sqrt n)).
  const std::vector<double> a{100, 250, 175, 90, 310, 220};
  const std::vector<double> d{1.5, 2.5, -0.5, 3.0, 1.0, 2.0};
  std::vector<double> b(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    b[i] = a[i] + d[i];
  }
  const double n = 6;
  const double mean = std::accumulate(d.begin(), d.end(), 0.0) / n;
  double ss = 0;
  for (double x : d) {
    ss += (x - mean) * (x - mean);
  }
  const double t = mean / std::sqrt(ss / (n - 1) / n);
  const double expected =
      boost::math::cdf(boost::math::complement(boost::math::students_t(n - 1), t));
  const Settlement s = settle({design(a), design(b)}, maximize("x"), true);
  CHECK(s.leader == 1);
  CHECK(s.bound == Approx(expected).epsilon(1e-12));
  CHECK(s.replicates == 6);
  CHECK(s.settled == (expected <= 0.05));

  // Minimizing turns the answer around.
  Objective min = maximize("x");
  min.direction = Direction::Minimize;
  const Settlement m = settle({design(a), design(b)}, min, true);
  CHECK(m.leader == 0);
  CHECK(m.bound == Approx(expected).epsilon(1e-12));
}

TEST_CASE("an exact tie never settles; a difference without noise settles at once", "[objective]") {
  const std::vector<double> a{5, 6, 7};
  CHECK(settle({design(a), design(a)}, maximize("x"), true).bound == 0.5);
  CHECK_FALSE(settle({design(a), design(a)}, maximize("x"), true).settled);
  const Settlement clear = settle({design(a), design({6, 7, 8})}, maximize("x"), true);
  CHECK(clear.leader == 1);
  CHECK(clear.bound == 0.0);
  CHECK(clear.settled);
  // One replicate cannot tell anything.
  CHECK(settle({design({1}), design({2})}, maximize("x"), true).bound == 1.0);
}

TEST_CASE("the shared noise of paired replicates cancels; independent designs keep it",
          "[objective]") {
  std::vector<double> a;
  std::vector<double> b;
  for (int r = 0; r < 8; ++r) {
    const double shared = 1000.0 * std::sin(r * 1.7);  // large replicate-to-replicate noise
    a.push_back(shared);
    b.push_back(shared + 5.0 + 0.1 * std::cos(r * 2.3));
  }
  CHECK(settle({design(a), design(b)}, maximize("x"), true).settled);
  const Settlement independent = settle({design(a), design(b)}, maximize("x"), false);
  CHECK_FALSE(independent.settled);
  CHECK(independent.bound > 0.3);
}

TEST_CASE(
    "constraints pick the best design that meets them; a rule-fixed objective is not "
    "compared",
    "[objective]") {
  Objective o = maximize("x");
  o.constraints.push_back({"retention", true, 0.5});
  DesignValues high = design({10, 11, 12, 13});
  high.constraints = {{0.1, 0.12, 0.09, 0.11}};  // far below 0.5
  DesignValues mid = design({5, 6, 7, 8});
  mid.constraints = {{0.8, 0.82, 0.79, 0.81}};
  DesignValues low = design({1, 2, 3, 4});
  low.constraints = {{0.9, 0.91, 0.92, 0.9}};
  const Settlement s = settle({high, mid, low}, o, true);
  CHECK(s.leader == 1);
  CHECK(s.settled);

  // A design whose objective a rule fixes is never the leader, however high.
  DesignValues fixed = design({100, 100, 100, 100});
  fixed.objective_fixed = true;
  fixed.constraints = {{1, 1, 1, 1}};
  CHECK(settle({fixed, mid, low}, o, true).leader == 1);

  // Nobody can meet 0.95: settled as "no design meets the constraints".
  o.constraints[0].bound = 0.95;
  const Settlement none = settle({high, mid, low}, o, true);
  CHECK(none.leader == -1);
  CHECK(none.settled);

  // A constraint nobody recorded (NaN everywhere) cannot be met.
  DesignValues unknown = design({20, 21, 22, 23});
  unknown.constraints = {{kNaN, kNaN, kNaN, kNaN}};
  o.constraints[0].bound = 0.5;
  CHECK(settle({unknown, mid}, o, true).leader == 1);
}

TEST_CASE("rounds end at min, min + step, ..., the cap", "[objective]") {
  ReplicateRounds r;
  r.min = 4;
  r.step = 3;
  r.max = 12;
  CHECK(r.ends() == std::vector<std::uint32_t>{4, 7, 10, 12});
  r.max = 4;
  CHECK(r.ends() == std::vector<std::uint32_t>{4});
}
