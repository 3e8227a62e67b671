// The grounded mechanisms of the community model (model.md §10; docs/model.md,
// "Grounding"): one test per mechanism with everything else fixed (same seed
// on both sides: common random numbers). Statistical checks state their
// tolerance next to them. The calibration targets themselves are checked
// against the published figures by the validation suite
// (python/commsim/validation.py, docs/validation.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <variant>

#include "commsim/distributions.hpp"
#include "commsim/rng.hpp"
#include "models/community/base_scenario.hpp"
#include "models/community/red_packets.hpp"
#include "models/community/same_bits.hpp"
#include "support/run_scenario.hpp"

namespace commsim::testing {
namespace {

const std::string& kBase = kCommunityBase;

// Mean over runs of a summary, and its standard error over runs.
struct MeanSe {
  double mean = 0;
  double se = 0;
};

MeanSe summary_over_runs(const Runs& runs, const std::string& name) {
  std::vector<double> v;
  for (std::size_t r = 0; r < runs.results.size(); ++r) {
    const double x = runs.summary(r, name);
    if (std::isfinite(x)) {
      v.push_back(x);
    }
  }
  MeanSe out;
  if (v.empty()) {
    out.mean = std::nan("");
    return out;
  }
  out.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) {
    ss += (x - out.mean) * (x - out.mean);
  }
  out.se = v.size() > 1
               ? std::sqrt(ss / static_cast<double>(v.size() - 1) / static_cast<double>(v.size()))
               : 0.0;
  return out;
}

double series_total(const std::vector<double>& v, std::size_t categories = 1,
                    std::size_t category = 0) {
  double s = 0;
  for (std::size_t d = 1; d < v.size() / categories; ++d) {
    s += v[d * categories + category];
  }
  return s;
}

template <class T>
const std::vector<T>& column(const RunResult& r, const std::string& name) {
  for (std::size_t i = 0; i < r.agents.names.size(); ++i) {
    if (r.agents.names[i] == name) {
      return std::get<std::vector<T>>(r.agents.values[i]);
    }
  }
  FAIL("no agent column " << name);
  throw;
}

}  // namespace

TEST_CASE("the lucky draw splits a packet exactly and marks the largest share", "[community]") {
  using models::community::luckiest_grabber;
  using models::community::lucky_draw;
  const RunRng run(42);
  for (std::uint32_t p = 0; p < 5000; ++p) {
    auto rng = run.stream(Day{1}, 1, p);
    const std::int64_t cents = 1 + uniform_index(rng, 100000);
    const std::int64_t shares = 1 + uniform_index(rng, 20);
    const std::int64_t floor_cents = 1 + uniform_index(rng, 3);
    const auto split = lucky_draw(rng, cents, shares, floor_cents);
    REQUIRE(std::accumulate(split.begin(), split.end(), std::int64_t{0}) == cents);
    REQUIRE(static_cast<std::int64_t>(split.size()) ==
            std::clamp<std::int64_t>(cents / floor_cents, 1, shares));
    if (cents >= floor_cents) {
      REQUIRE(*std::min_element(split.begin(), split.end()) >= floor_cents);
    }
    // However many grabbed, the luckiest holds the largest of their shares.
    const std::size_t taken = 1 + uniform_index(rng, static_cast<std::uint32_t>(split.size()));
    const std::size_t lucky = luckiest_grabber(split, taken);
    REQUIRE(lucky < taken);
    REQUIRE(split[lucky] ==
            *std::max_element(split.begin(), split.begin() + static_cast<std::ptrdiff_t>(taken)));
  }
  // WeChat's draw is fair in expectation: each grabbing position gets the mean
  // share. 20 yuan in 5 shares, 20,000 packets: each position's mean within 4
  // standard errors of 400 cents (SE = sd / sqrt(20000); sd <= 400).
  constexpr int kPackets = 20000;
  std::array<double, 5> sum{};
  std::array<double, 5> sq{};
  for (std::uint32_t p = 0; p < kPackets; ++p) {
    auto rng = run.stream(Day{2}, 1, p);
    const auto split = lucky_draw(rng, 2000, 5, 1);
    for (std::size_t k = 0; k < 5; ++k) {
      sum[k] += static_cast<double>(split[k]);
      sq[k] += static_cast<double>(split[k] * split[k]);
    }
  }
  for (std::size_t k = 0; k < 5; ++k) {
    const double mean = sum[k] / kPackets;
    const double se = std::sqrt((sq[k] / kPackets - mean * mean) / kPackets);
    INFO("position " << k << ": mean " << mean << " cents, SE " << se);
    CHECK(std::abs(mean - 400) < 4 * se);
  }
}

TEST_CASE("a newcomer whose first post is answered posts again more often", "[community]") {
  // The organizer's welcome duty answers every newcomer's unanswered first
  // post; without it, about half go unanswered. Everything else is the same
  // (seed, people, design). Spam is off so that every first post is a
  // thread starter that can be answered, and the reception effect is made
  // strong (answered newcomers carry on at their rate, unanswered ones at a
  // tenth of it) so that its direction shows beyond the noise of a small
  // community; its calibrated size is checked in docs/validation.md.
  const std::string base = R"(
model: community
seed: 12
days: 150
replicates: 8
population:
  size: 10000
  graph: {kind: barabasi_albert, mean_degree: 10}
community:
  seed_members: 150
behaviour: {spam_rate: 0, answered_posting: 1, unanswered_posting: 0.1}
)";
  const Runs without = run_scenario(base);
  const Runs with = run_scenario(base, {"community.welcome={reply: 1, by: organizer}"});
  const MeanSe answered0 = summary_over_runs(without, "newcomer_answered_share");
  const MeanSe answered1 = summary_over_runs(with, "newcomer_answered_share");
  INFO("answered share without the duty " << answered0.mean << ", with " << answered1.mean);
  CHECK(answered1.mean == 1.0);
  CHECK(answered0.mean < 0.8);
  // The returns: the share of newcomers who posted again within 30 days, with
  // and without the duty, paired by replicate (the same seed: common random
  // numbers); the mean paired difference must exceed 3 standard errors of it.
  std::vector<double> lift;
  for (std::size_t r = 0; r < with.results.size(); ++r) {
    lift.push_back(with.summary(r, "newcomer_return_share") -
                   without.summary(r, "newcomer_return_share"));
  }
  const auto count = static_cast<double>(lift.size());
  const double mean = std::accumulate(lift.begin(), lift.end(), 0.0) / count;
  double ss = 0;
  for (double x : lift) {
    ss += (x - mean) * (x - mean);
  }
  const double se = std::sqrt(ss / (count - 1) / count);
  INFO("return share with the duty minus without, paired: " << mean << " +- " << se);
  CHECK(mean > 3 * se);
  // Within the runs without the duty, answered newcomers return more often.
  const MeanSe yes = summary_over_runs(without, "newcomer_return_share_answered");
  const MeanSe no = summary_over_runs(without, "newcomer_return_share_unanswered");
  INFO("answered " << yes.mean << " +- " << yes.se << ", unanswered " << no.mean << " +- "
                   << no.se);
  CHECK(yes.mean - no.mean > 3 * std::hypot(yes.se, no.se));
  // Welcome replies are the organizer's time: a moderation cost.
  CHECK(summary_over_runs(with, "moderation_costs_total").mean >
        summary_over_runs(without, "moderation_costs_total").mean);
}

TEST_CASE("a larger red packet raises the packets sent back", "[community]") {
  // The organizer puts one packet of 10 or of 40 into the group every week,
  // split among 10 grabbers; members send packets back in proportion to what
  // they grabbed (gift contagion). Nothing else differs.
  const auto sent_back = [](const std::string& amount) {
    const Runs runs = run_scenario(
        kBase, {"community.activities=[{type: red_packet, every_days: 7, amount: " + amount +
                    ", shares: 10}]",
                "replicates=4", "days=90"});
    double members = 0;
    double organizer = 0;
    for (std::size_t r = 0; r < runs.results.size(); ++r) {
      organizer += series_total(runs.series(r, "red_packets"), 2, 0);
      members += series_total(runs.series(r, "red_packets"), 2, 1);
      CHECK(runs.summary(r, "red_packet_costs_total") > 0);
    }
    return members / organizer;
  };
  const double small = sent_back("10");
  const double large = sent_back("40");
  INFO("member packets per organizer packet: amount 10 " << small << ", amount 40 " << large);
  CHECK(small > 0);
  CHECK(large > 2 * small);  // four times the money: p_send is linear in it until it saturates
  // Without gift contagion nobody sends one back.
  const Runs none = run_scenario(
      kBase, {"community.activities=[{type: red_packet, every_days: 7, amount: 40, shares: 10}]",
              "behaviour.packet_return=0", "days=90"});
  for (std::size_t r = 0; r < none.results.size(); ++r) {
    CHECK(series_total(none.series(r, "red_packets"), 2, 1) == 0);
  }
}

TEST_CASE("personalized moderation removes only what each reader finds irrelevant", "[community]") {
  const std::vector<std::string> free_for_all{"community.seed_min_fit=0", "behaviour.spam_rate=0"};
  const auto with = [&](const std::string& policy, const std::string& off_topic) {
    auto o = free_for_all;
    o.push_back("community.moderation.policy=" + policy);
    o.push_back("community.moderation.off_topic=" + off_topic);
    return run_scenario(kBase, o);
  };
  const Runs none = with("none", "0.3");
  const Runs personalized = with("personalized", "0.3");
  const Runs community = with("community", "0.3");
  for (std::size_t r = 0; r < none.results.size(); ++r) {
    // Nobody reads a message irrelevant to them, nothing is removed for
    // everyone, and what some find irrelevant is hidden from them only.
    CHECK(series_total(personalized.series(r, "reads_off_topic")) == 0);
    CHECK(series_total(personalized.series(r, "posts_removed")) == 0);
    CHECK(series_total(personalized.series(r, "hidden")) > 0);
    CHECK(series_total(none.series(r, "reads_off_topic")) > 0);
    CHECK(series_total(none.series(r, "hidden")) == 0);
    // Community moderation removes off-topic posts for everyone instead.
    CHECK(series_total(community.series(r, "posts_removed")) > 0);
    CHECK(series_total(community.series(r, "hidden")) == 0);
  }
  // When nothing is irrelevant to anyone, personalized moderation changes
  // nothing at all: the same runs bit for bit.
  const Runs none0 = with("none", "0");
  const Runs personalized0 = with("personalized", "0");
  for (std::size_t r = 0; r < none0.results.size(); ++r) {
    CHECK(same_bits(none0.results[r].series.series, personalized0.results[r].series.series));
  }
}

TEST_CASE("a weekly fee and a yearly fee of 52 times it give the same joins", "[community]") {
  // Monthly equivalents: 1 x 30 / 7 = 52 x 30 / 364. Willingness to pay is
  // monthly, so who joins cannot depend on how the fee is split; only the
  // renewals differ (weekly ones start on day 7, where the disengaged leave).
  // 8 replicates each; the
  // difference in mean joins must be within 3 standard errors.
  const auto joins = [](const std::string& fee, const std::string& period) {
    const Runs runs = run_scenario(
        kBase, {"community.entry={policy: paid, fee: " + fee + ", period_days: " + period + "}",
                "replicates=8", "days=90", "population.size=5000"});
    return summary_over_runs(runs, "joins_total");
  };
  const MeanSe weekly = joins("1", "7");
  const MeanSe yearly = joins("52", "364");
  const MeanSe weekly_dear = joins("10", "7");
  INFO("joins: weekly 1 " << weekly.mean << " +- " << weekly.se << ", yearly 52 " << yearly.mean
                          << " +- " << yearly.se << ", weekly 10 " << weekly_dear.mean);
  CHECK(weekly.mean > 20);
  CHECK(std::abs(weekly.mean - yearly.mean) < 3 * std::hypot(weekly.se, yearly.se));
  // A fee ten times as high per month keeps people out.
  CHECK(weekly_dear.mean < weekly.mean / 2);
}

TEST_CASE("a dissatisfied paying member stops posting long before renewal", "[community]") {
  // A yearly group with poor content whose members' time is dear: many grow
  // dissatisfied within weeks but cannot leave before day 365. Every
  // person's state is kept daily.
  const Runs runs =
      run_scenario(kBase, {"community.entry={policy: paid, fee: 99, period_days: 365}",
                           "community.content={quality: 0.1}", "behaviour.time_cost=0.12",
                           "output.agents=every_1_days", "days=100", "replicates=1"});
  const RunResult& r = runs.results[0];
  const std::size_t n = 3000;
  const auto& disengaged = column<std::uint8_t>(r, "disengaged");
  const std::size_t snapshots = disengaged.size() / n;  // one a day
  const auto& posts = column<std::uint32_t>(r, "posts_written");
  const auto& status = column<std::uint8_t>(r, "member_status");
  const auto& low = column<std::uint32_t>(r, "low_days");
  std::size_t checked = 0;
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t s = 1; s < snapshots; ++s) {
      if (disengaged[s * n + a] == 0 || disengaged[(s - 1) * n + a] != 0) {
        continue;
      }
      // The day they disengaged: at least patience_days (14) low days in a row.
      CHECK(low[s * n + a] >= 14);
      CHECK(status[s * n + a] == 1);  // still a (paying) member
      // From then on they post nothing while they stay disengaged.
      for (std::size_t t = s + 1; t < snapshots && disengaged[t * n + a] != 0; ++t) {
        CHECK(posts[t * n + a] == posts[s * n + a]);
      }
      ++checked;
    }
  }
  INFO("members who disengaged before day 100: " << checked);
  CHECK(checked > 10);
  const auto& muted = runs.series(0, "members_disengaged");
  CHECK(muted[100] > 0);
  // Nobody has left: the first renewal is on day 365 and there is no refund window.
  CHECK(series_total(runs.series(0, "leaves")) == 0);
  // And retention before the first renewal is fixed by the rules: NaN, not 1.
  CHECK(std::isnan(runs.summary(0, "retention_90")));
}

TEST_CASE("inside a refund window, dissatisfied payers ask for their fee back", "[community]") {
  // Every paying joiner who disengages within a year of paying asks for the
  // fee back and leaves.
  const Runs runs = run_scenario(
      kBase, {"community.entry={policy: paid, fee: 99, period_days: 365, refund_days: 365, "
              "refund_ask: 1}",
              "days=120", "replicates=4", "population.size=5000"});
  double refunded = 0;
  for (std::size_t r = 0; r < runs.results.size(); ++r) {
    const double refunds = runs.summary(r, "refunds_total");
    const double churned = series_total(runs.series(r, "churns"), 3, 2);  // reason: refund
    INFO("run " << r << ": refunds " << refunds << ", refund departures " << churned);
    CHECK(refunds == 99 * churned);  // each departure got the one fee it paid back
    CHECK(refunds == series_total(runs.series(r, "refunds")));
    refunded += churned;
  }
  CHECK(refunded > 0);
}

TEST_CASE("net result is revenue minus costs, daily and in total", "[community]") {
  const Runs runs = run_scenario(
      kBase,
      {"community.entry={policy: paid, fee: 20, period_days: 30, refund_days: 10}",
       "community.activities=[{type: lottery, every_days: 7}, {type: meetup, every_days: "
       "30}, {type: red_packet, every_days: 5, amount: 30}]",
       "community.moderation={policy: community}", "community.welcome={reply: 1}", "days=75"});
  for (std::size_t r = 0; r < runs.results.size(); ++r) {
    const auto& fees = runs.series(r, "revenue_fees");
    const auto& sales = runs.series(r, "revenue_sales");
    const auto& refunds = runs.series(r, "refunds");
    const auto& costs = runs.series(r, "costs");  // (day, kind): 4 kinds
    const auto& net = runs.series(r, "net_result");
    double all_costs = 0;
    for (std::size_t d = 0; d <= 75; ++d) {
      double day_costs = 0;
      for (std::size_t k = 0; k < 4; ++k) {
        day_costs += costs[d * 4 + k];
      }
      CHECK(net[d] == fees[d] + sales[d] - refunds[d] - day_costs);
      all_costs += d > 0 ? day_costs : 0;
    }
    CHECK(runs.summary(r, "net_result_total") ==
          runs.summary(r, "revenue_total") - runs.summary(r, "costs_total"));
    CHECK(runs.summary(r, "costs_total") == Approx(all_costs).epsilon(1e-12));
    for (std::size_t k = 0; k < 4; ++k) {
      INFO("cost kind " << k);
      CHECK(series_total(costs, 4, k) > 0);  // prizes, red packets, meetups, moderation
    }
  }
}

TEST_CASE("groups can die: poor content and no activities kill a small free group", "[community]") {
  // The same start; only the organizer's content differs.
  const auto alive = [](const std::string& quality) {
    const Runs runs =
        run_scenario(kBase, {"community.content.quality=" + quality, "community.activities=[]",
                             "replicates=6", "days=120", "community.seed_members=30"});
    double dead = 0;
    for (std::size_t r = 0; r < runs.results.size(); ++r) {
      dead += runs.summary(r, "groups_dead_final") > 0 ? 1 : 0;
    }
    return dead;
  };
  const double poor = alive("0.1");
  const double good = alive("0.9");
  INFO("runs whose group died: quality 0.1 " << poor << " of 6, quality 0.9 " << good << " of 6");
  CHECK(poor >= 4);
  CHECK(good < poor);
}

TEST_CASE("trust and opinion do not pile up at their bounds", "[community]") {
  // 300 days of a yearly paid group (its payers cannot leave before day 365,
  // however they feel) and of a threshold group (the most pleased members):
  // pooled over the replicates, fewer than 5% of the members at the horizon
  // have trust below 0.05 or above 0.95, or an opinion beyond +-0.95.
  for (const std::string entry :
       {"{policy: paid, fee: 99, period_days: 365}", "{policy: threshold, min_fit: 0.6}"}) {
    const Runs runs = run_scenario(kBase, {"community.entry=" + entry, "days=300"});
    double members = 0;
    double trust = 0;
    double opinion = 0;
    for (std::size_t r = 0; r < runs.results.size(); ++r) {
      const double m = runs.summary(r, "members_final");
      members += m;
      trust += m > 0 ? m * runs.summary(r, "trust_extreme_share") : 0;
      opinion += m > 0 ? m * runs.summary(r, "opinion_extreme_share") : 0;
    }
    INFO(entry << ": " << members << " members; trust extremes " << trust / members
               << ", opinion extremes " << opinion / members);
    REQUIRE(members > 50);
    CHECK(trust / members < 0.05);
    CHECK(opinion / members < 0.05);
  }
}

}  // namespace commsim::testing
