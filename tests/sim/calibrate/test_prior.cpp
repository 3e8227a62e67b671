// Priors of ABC-SMC: sample moments against the analytic ones, log
// densities against hand values, supports, word consumption and argument
// checks. Moment checks allow 5 standard errors of the estimate (a false
// failure about once in 3.5 million), with the standard error of the
// variance from the sample's own fourth central moment.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "commsim/calibrate/prior.hpp"
#include "commsim/error.hpp"

using namespace commsim;
using namespace commsim::calibrate;

namespace {

constexpr int kDraws = 200000;
constexpr double kInf = std::numeric_limits<double>::infinity();

struct SampleMoments {
  double mean = 0;
  double variance = 0;
  double mu4 = 0;
  double lo = kInf;
  double hi = -kInf;
  bool all_in_support = true;
};

SampleMoments draw(const Prior& prior) {
  RandomStream rng(987654321, 3, 1, 4);
  std::vector<double> xs(kDraws);
  SampleMoments m;
  for (double& x : xs) {
    x = prior.sample(rng);
    m.mean += x;
    m.lo = std::min(m.lo, x);
    m.hi = std::max(m.hi, x);
    m.all_in_support = m.all_in_support && prior.in_support(x);
  }
  m.mean /= kDraws;
  for (double x : xs) {
    const double d = (x - m.mean) * (x - m.mean);
    m.variance += d;
    m.mu4 += d * d;
  }
  m.variance /= kDraws;
  m.mu4 /= kDraws;
  return m;
}

// Mean within 5 standard errors (sd / sqrt(n)); variance within 5 standard
// errors (sqrt((mu4 - sigma^4) / n)).
void check_moments(const Prior& prior) {
  INFO(prior.describe());
  const SampleMoments m = draw(prior);
  const double var = prior.sd() * prior.sd();
  CHECK(m.all_in_support);
  CHECK(std::fabs(m.mean - prior.mean()) <= 5 * prior.sd() / std::sqrt(kDraws));
  CHECK(std::fabs(m.variance - var) <= 5 * std::sqrt((m.mu4 - var * var) / kDraws));
}

// The next word after one draw equals the stream's (words + 1)-th word.
void check_words(const Prior& prior, int words) {
  INFO(prior.describe());
  RandomStream a(42, 0, 0, 7);
  RandomStream b(42, 0, 0, 7);
  static_cast<void>(prior.sample(a));
  for (int i = 0; i < words; ++i) {
    static_cast<void>(b.next_u32());
  }
  CHECK(a.next_u32() == b.next_u32());
}

}  // namespace

TEST_CASE("prior sample moments match the analytic mean and sd", "[calibrate][prior]") {
  check_moments(Prior::uniform("u", 2.0, 5.0));
  check_moments(Prior::log_uniform("r", 0.01, 10.0));
  check_moments(Prior::normal("n", 3.0, 2.0));
  check_moments(Prior::truncated_normal("t", 0.0, 1.0, 0.5, 2.5));
  check_moments(Prior::truncated_normal("t", 1.0, 2.0, -kInf, 0.0));
  check_moments(Prior::truncated_normal("t", 0.0, 1.0, 6.0, kInf));
  check_moments(Prior::integer("k", -3, 7));
  check_moments(Prior::categorical("c", {"a", "b", "c"}, {0.2, 0.0, 0.8}));
  check_moments(Prior::categorical("c", {"x", "y", "z", "w"}));
}

TEST_CASE("prior means and sds agree with independent values", "[calibrate][prior]") {
  // mpmath, 30 digits: the truncated normal's mean phi(a)-phi(b) / Z etc.
  const Prior t1 = Prior::truncated_normal("t", 0.0, 1.0, 0.5, 2.5);
  CHECK(t1.mean() == Approx(1.10653715950260021680).epsilon(1e-12));
  CHECK(t1.sd() == Approx(0.46139844392891894472).epsilon(1e-10));
  const Prior t2 = Prior::truncated_normal("t", 1.0, 2.0, -kInf, 0.0);
  CHECK(t2.mean() == Approx(-1.28215554073612896176).epsilon(1e-12));
  CHECK(t2.sd() == Approx(1.03630190032804426230).epsilon(1e-10));
  // Six sd into the tail the mean keeps its digits; the variance loses
  // some to the cancellation in 1 + a lambda - lambda^2.
  const Prior t3 = Prior::truncated_normal("t", 0.0, 1.0, 6.0, kInf);
  CHECK(t3.mean() == Approx(6.15848260454459891727).epsilon(1e-12));
  CHECK(t3.sd() == Approx(0.15487942661685822158).epsilon(1e-7));
  CHECK(Prior::integer("k", 1, 6).mean() == 3.5);
  CHECK(Prior::integer("k", 1, 6).sd() == Approx(std::sqrt(35.0 / 12.0)));
  CHECK(Prior::log_uniform("r", 1.0, std::numbers::e).mean() == Approx(std::numbers::e - 1.0));
}

TEST_CASE("prior log densities match hand values", "[calibrate][prior]") {
  const double log_sqrt_2pi = 0.5 * std::log(2 * std::numbers::pi);
  CHECK(Prior::uniform("u", 2, 5).log_density(3) == Approx(-std::log(3.0)));
  CHECK(Prior::uniform("u", 2, 5).log_density(2) == Approx(-std::log(3.0)));
  CHECK(Prior::uniform("u", 2, 5).log_density(5.5) == -kInf);
  CHECK(Prior::log_uniform("r", 0.01, 10).log_density(1) == Approx(-std::log(std::log(1000.0))));
  CHECK(Prior::log_uniform("r", 0.01, 10).log_density(0.5) ==
        Approx(-std::log(0.5) - std::log(std::log(1000.0))));
  CHECK(Prior::log_uniform("r", 0.01, 10).log_density(0.001) == -kInf);
  CHECK(Prior::normal("n", 3, 2).log_density(4) == Approx(-std::log(2.0) - log_sqrt_2pi - 0.125));
  // log(phi(1) / (Phi(2.5) - Phi(0.5))), mpmath.
  CHECK(Prior::truncated_normal("t", 0, 1, 0.5, 2.5).log_density(1) ==
        Approx(-0.22269535619076052703).epsilon(1e-12));
  CHECK(Prior::truncated_normal("t", 0, 1, 0.5, 2.5).log_density(0.4) == -kInf);
  CHECK(Prior::integer("k", -3, 7).log_density(2) == Approx(-std::log(11.0)));
  CHECK(Prior::integer("k", -3, 7).log_density(2.5) == -kInf);
  CHECK(Prior::integer("k", -3, 7).log_density(8) == -kInf);
  const Prior c = Prior::categorical("c", {"a", "b", "c"}, {0.2, 0.0, 0.8});
  CHECK(c.log_density(0) == Approx(std::log(0.2)));
  CHECK(c.log_density(2) == Approx(std::log(0.8)));
  CHECK(c.log_density(1) == -kInf);  // probability 0 is outside the support
  CHECK(c.log_density(3) == -kInf);
  CHECK(c.log_density(0.5) == -kInf);
}

TEST_CASE("prior supports", "[calibrate][prior]") {
  CHECK(Prior::normal("n", 0, 1).in_support(1e300));
  CHECK_FALSE(Prior::normal("n", 0, 1).in_support(std::nan("")));
  CHECK_FALSE(Prior::normal("n", 0, 1).in_support(kInf));
  const Prior t = Prior::truncated_normal("t", 0, 1, 0, kInf);
  CHECK(t.in_support(0));
  CHECK(t.in_support(40));
  CHECK_FALSE(t.in_support(-1e-12));
  CHECK_FALSE(t.in_support(kInf));
  CHECK(Prior::integer("k", 0, 3).in_support(3));
  CHECK_FALSE(Prior::integer("k", 0, 3).in_support(-1));
  CHECK_FALSE(Prior::uniform("u", 0, 1).in_support(std::nan("")));
  CHECK(Prior::categorical("c", {"a"}).in_support(0));
  CHECK_FALSE(Prior::categorical("c", {"a"}).in_support(1));
}

TEST_CASE("prior draws consume the documented number of words", "[calibrate][prior]") {
  check_words(Prior::uniform("u", 0, 1), 2);
  check_words(Prior::log_uniform("r", 0.1, 1), 2);
  check_words(Prior::normal("n", 0, 1), 4);
  check_words(Prior::truncated_normal("t", 0, 1, 6, kInf), 2);
  check_words(Prior::categorical("c", {"a", "b"}), 2);
  check_words(Prior::integer("k", 0, 9), 1);  // 10 values: rejection is rare
}

TEST_CASE("a truncated normal far in the tail stays inside its bounds", "[calibrate][prior]") {
  const Prior t = Prior::truncated_normal("t", 0, 1, 20, 21);
  RandomStream rng(5, 0, 0, 0);
  for (int i = 0; i < 10000; ++i) {
    const double x = t.sample(rng);
    REQUIRE(x >= 20);
    REQUIRE(x <= 21);
  }
  // Between 20 and 21 sd the density falls by exp(-20.5) per sd: the mean
  // is about 20 + 1/20.
  CHECK(t.mean() == Approx(20.0 + 1.0 / 20.0).epsilon(1e-2));
}

TEST_CASE("log-uniform priors are flat on the kernel's log scale", "[calibrate][prior]") {
  const Prior r = Prior::log_uniform("r", 0.01, 10);
  CHECK(r.kernel_scale() == KernelScale::Log);
  CHECK(r.kernel_log_density(0.02) == Approx(-std::log(std::log(1000.0))));
  CHECK(r.kernel_log_density(7) == Approx(-std::log(std::log(1000.0))));
  CHECK(r.from_kernel(r.to_kernel(10.0)) <= 10.0);
  CHECK(r.from_kernel(std::log(10.0)) == 10.0);
  CHECK(Prior::normal("n", 0, 1).kernel_scale() == KernelScale::Identity);
  CHECK(Prior::normal("n", 0, 1).kernel_log_density(0.3) ==
        Prior::normal("n", 0, 1).log_density(0.3));
}

TEST_CASE("bad prior arguments name the parameter and what is allowed", "[calibrate][prior]") {
  using Catch::Contains;
  CHECK_THROWS_AS(Prior::uniform("beta", 1, 1), InputError);
  CHECK_THROWS_WITH(Prior::uniform("beta", 1, 0),
                    Contains("'beta'") && Contains("lo < hi") && Contains("lo = 1, hi = 0"));
  CHECK_THROWS_WITH(Prior::uniform("beta", 0, kInf), Contains("'beta'") && Contains("finite hi"));
  CHECK_THROWS_WITH(Prior::log_uniform("rate", 0, 1), Contains("'rate'") && Contains("lo > 0"));
  CHECK_THROWS_WITH(Prior::log_uniform("rate", -1, 1), Contains("'rate'") && Contains("lo > 0"));
  CHECK_THROWS_WITH(Prior::log_uniform("rate", 2, 1), Contains("'rate'") && Contains("lo < hi"));
  CHECK_THROWS_WITH(Prior::normal("mu", 0, 0), Contains("'mu'") && Contains("sd > 0"));
  CHECK_THROWS_WITH(Prior::normal("mu", 0, -1), Contains("'mu'") && Contains("sd > 0"));
  CHECK_THROWS_WITH(Prior::normal("mu", std::nan(""), 1), Contains("'mu'") && Contains("mean"));
  CHECK_THROWS_WITH(Prior::truncated_normal("tn", 0, 0, 0, 1),
                    Contains("'tn'") && Contains("sd > 0"));
  CHECK_THROWS_WITH(Prior::truncated_normal("tn", 0, 1, 1, 1),
                    Contains("'tn'") && Contains("lo < hi"));
  CHECK_THROWS_WITH(Prior::truncated_normal("tn", 0, 1, 40, 50),
                    Contains("'tn'") && Contains("no probability"));
  CHECK_THROWS_WITH(Prior::integer("seeds", 3, 3), Contains("'seeds'") && Contains("lo < hi"));
  CHECK_THROWS_WITH(Prior::integer("seeds", 0, std::int64_t{1} << 40),
                    Contains("'seeds'") && Contains("2^32"));
  CHECK_THROWS_WITH(Prior::categorical("policy", {}), Contains("'policy'"));
  CHECK_THROWS_WITH(Prior::categorical("policy", {"free", "free"}),
                    Contains("'policy'") && Contains("twice"));
  CHECK_THROWS_WITH(Prior::categorical("policy", {"free", "paid"}, {1.0}),
                    Contains("'policy'") && Contains("2 choices but 1 probabilities"));
  CHECK_THROWS_WITH(Prior::categorical("policy", {"free", "paid"}, {0.5, 0.6}),
                    Contains("'policy'") && Contains("sum to 1"));
  CHECK_THROWS_WITH(Prior::categorical("policy", {"free", "paid"}, {1.5, -0.5}),
                    Contains("'policy'") && Contains("'paid'"));
}
