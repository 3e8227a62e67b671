// The community model: one directional test per mechanism (everything else
// fixed, same seed on both sides: common random numbers), emergent sanity
// with the defaults, and thread independence. Invariants (status counts,
// group counts, capacity, ranges, no NaN) are checked after every day by the
// checked build these tests run under.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <variant>

#include "models/community/base_scenario.hpp"
#include "models/community/same_bits.hpp"
#include "support/run_scenario.hpp"

namespace commsim::testing {
namespace {

const std::string& kBase = kCommunityBase;

double mean_over(const std::vector<double>& v, std::size_t from, std::size_t to) {
  double s = 0;
  for (std::size_t d = from; d <= to; ++d) {
    s += v[d];
  }
  return s / static_cast<double>(to - from + 1);
}

// The daily series of a metric with a category axis: category c on day d.
double at(const std::vector<double>& series, std::size_t categories, std::size_t d, std::size_t c) {
  return series[d * categories + c];
}

// seed_roles with every seed in one role (the others' defaults set to 0).
std::string only_role(const std::string& role) {
  std::string text = "community.seed_roles={";
  for (const char* r : {"newcomer", "learner", "supporter", "opponent", "opinion_leader"}) {
    text += std::string(r) + ": " + (role == r ? "1" : "0") + ", ";
  }
  return text.substr(0, text.size() - 2) + "}";
}

double total(const std::vector<double>& v) {
  return std::accumulate(v.begin() + 1, v.end(), 0.0);
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

// Mean over runs of a per-run figure.
template <class F>
double over_runs(const Runs& runs, F&& figure) {
  double s = 0;
  for (std::size_t r = 0; r < runs.results.size(); ++r) {
    s += figure(r);
  }
  return s / static_cast<double>(runs.results.size());
}

}  // namespace

TEST_CASE("higher content quality raises mean satisfaction", "[community]") {
  // The same members throughout: no recruitment, no churn.
  const auto satisfaction = [](const std::string& quality) {
    const Runs runs = run_scenario(
        kBase, {"community.content.quality=" + quality, "community.recruitment.invite_rate=0",
                "community.recruitment.poster_rate=0", "behaviour.patience_days=100000"});
    return over_runs(runs, [&](std::size_t r) {
      return mean_over(runs.series(r, "satisfaction_mean"), 10, 60);
    });
  };
  const double low = satisfaction("0.3");
  const double high = satisfaction("0.9");
  INFO("satisfaction at quality 0.3: " << low << ", at 0.9: " << high);
  // Organizer posts are a third or more of what members read; tripling their
  // quality adds about info_weight x 0.6 x relevance x reads a day.
  CHECK(high > low + 0.01);
}

TEST_CASE("more ad removal lowers ads read", "[community]") {
  // Low-fit seeds spam; the organizer posts no ads of its own.
  const std::vector<std::string> common{"community.seed_min_fit=0", "community.content.ad_share=0"};
  const auto ads_read = [&](const std::string& removal) {
    auto o = common;
    o.push_back("community.moderation.ad_removal=" + removal);
    const Runs runs = run_scenario(kBase, o);
    return over_runs(runs, [&](std::size_t r) { return total(runs.series(r, "ads_read")); });
  };
  const double none = ads_read("0");
  const double half = ads_read("0.5");
  const double all = ads_read("1");
  INFO("ads read with removal 0 / 0.5 / 1: " << none << " / " << half << " / " << all);
  CHECK(none > 50);
  CHECK(half < none);
  CHECK(all == 0);
}

TEST_CASE("forced adds lower joiners' trust and raise their churn", "[community]") {
  const Runs runs = run_scenario(
      kBase, {"community.recruitment.forced_adds_per_day=5", "output.agents=final", "days=90"});
  double forced_trust = 0, invited_trust = 0, forced_n = 0, invited_n = 0;
  double forced_left = 0, invited_left = 0, forced_all = 0, invited_all = 0;
  for (const auto& r : runs.results) {
    const auto& channel = column<std::uint8_t>(r, "join_channel");
    const auto& status = column<std::uint8_t>(r, "member_status");
    const auto& trust = column<double>(r, "trust");
    for (std::size_t a = 0; a < channel.size(); ++a) {
      const bool forced = channel[a] == 3;
      const bool invited = channel[a] == 1;
      if (!forced && !invited) {
        continue;
      }
      const bool member = status[a] == 1;
      (forced ? forced_all : invited_all) += 1;
      (forced ? forced_left : invited_left) += member ? 0 : 1;
      if (member) {
        (forced ? forced_trust : invited_trust) += trust[a];
        (forced ? forced_n : invited_n) += 1;
      }
    }
  }
  INFO("forced joiners " << forced_all << ", invited " << invited_all);
  REQUIRE(forced_all > 100);
  REQUIRE(invited_all > 100);
  CHECK(forced_trust / forced_n < invited_trust / invited_n);
  CHECK(forced_left / forced_all > invited_left / invited_all);
}

TEST_CASE("a paid group collects fees and loses dissatisfied members at renewal", "[community]") {
  // Monthly renewals; the seeds' first renewal is day 30. Churn reasons:
  // patience, renewal, refund.
  const Runs runs =
      run_scenario(kBase, {"community.entry={policy: paid, fee: 20, period_days: 30}", "days=65"});
  double renewed = 0;
  double before = 0;
  double after = 0;
  double kept = 0;
  for (std::size_t r = 0; r < runs.results.size(); ++r) {
    const auto& churns = runs.series(r, "churns");  // (day, reason)
    const auto& fees = runs.series(r, "revenue_fees");
    double patience = 0;
    double renewal = 0;
    double refund = 0;
    for (std::size_t d = 1; d <= 65; ++d) {
      patience += at(churns, 3, d, 0);
      renewal += at(churns, 3, d, 1);
      refund += at(churns, 3, d, 2);
    }
    CHECK(patience == 0);  // paid members leave only at renewal ...
    CHECK(refund == 0);    // ... or by refund, and there is no refund window
    CHECK(renewal > 0);
    CHECK(at(churns, 3, 30, 1) > 0);
    for (std::size_t d = 1; d < 30; ++d) {
      CHECK(at(churns, 3, d, 1) == 0);  // nobody's renewal falls before day 30
    }
    renewed += fees[30];  // the seeds who stay pay again
    // Those who leave at renewal are the dissatisfied: members' mean
    // satisfaction rises across the renewal day (where some stay).
    if (runs.series(r, "members")[30] > 0) {
      before += runs.series(r, "satisfaction_mean")[29];
      after += runs.series(r, "satisfaction_mean")[30];
      kept += 1;
    }
  }
  CHECK(renewed > 0);
  REQUIRE(kept > 0);
  CHECK(after > before);
}

TEST_CASE("capacity with cloning gives groups no larger than it, and several", "[community]") {
  const Runs runs = run_scenario(kBase, {"community.capacity=40", "community.seed_members=30",
                                         "output.agents=final", "days=90", "replicates=3"});
  double full = 0;
  for (std::size_t r = 0; r < runs.results.size(); ++r) {
    const auto& group = column<std::int32_t>(runs.results[r], "group");
    std::map<std::int32_t, int> sizes;
    for (std::int32_t g : group) {
      if (g >= 0) {
        ++sizes[g];
      }
    }
    for (const auto& [g, size] : sizes) {
      CHECK(size <= 40);
    }
    // A community that outgrew one group opened clones.
    if (runs.summary(r, "members_peak") > 40) {
      CHECK(runs.summary(r, "groups_final") > 1);
      CHECK(sizes.size() > 1);
      full += 1;
    }
  }
  CHECK(full > 0);
}

TEST_CASE("events raise engagement on their day and habituate when repeated", "[community]") {
  // No recruitment, so both runs have the same members; a check-in every 3
  // days from day 3 against none.
  const std::vector<std::string> quiet{"community.recruitment.invite_rate=0",
                                       "community.recruitment.poster_rate=0", "replicates=1",
                                       "days=40"};
  auto with = quiet;
  with.push_back("community.activities=[{type: check_in, every_days: 3, start_day: 3, boost: 1}]");
  const Runs base = run_scenario(kBase, quiet);
  const Runs events = run_scenario(kBase, with);
  const auto lift = [&](std::size_t d) {
    return events.series(0, "engagement_mean")[d] - base.series(0, "engagement_mean")[d];
  };
  INFO("lift on days 3, 4, 30: " << lift(3) << ", " << lift(4) << ", " << lift(30));
  CHECK(lift(3) > 0.1);          // the first check-in
  CHECK(lift(4) < lift(3) / 2);  // the day after, most of it is gone
  CHECK(lift(30) < lift(3));     // the tenth check-in: habituated
  CHECK(lift(30) > 0);
}

TEST_CASE("an opinion leader moves nearby opinions more than a learner", "[community]") {
  // Everyone in the group has one role; roles differ only in the weight of
  // their messages. No organizer, no experience, no word of mouth, no role
  // changes, no recruitment: opinions move only by members' messages.
  const std::vector<std::string> isolate{
      "community.content.organizer_posts_per_day=0",
      "community.recruitment.invite_rate=0",
      "community.recruitment.poster_rate=0",
      "behaviour.experience=0",
      "behaviour.wom_rate=0",
      "behaviour.epsilon=2",
      "behaviour.newcomer_days=100000",
      "behaviour.supporter_opinion=1",
      "behaviour.opponent_opinion=-1",
      "behaviour.roles.opinion_leader={posting: 1, quality: 1, influence: 3, susceptibility: 0.2}",
      "behaviour.roles.learner={posting: 1, quality: 1, influence: 0.5, susceptibility: 0.2}",
      "days=20"};
  const auto spread = [&](const std::string& role) {
    auto o = isolate;
    o.push_back(only_role(role));
    const Runs runs = run_scenario(kBase, o);
    return over_runs(runs, [&](std::size_t r) { return runs.series(r, "opinion_sd")[20]; });
  };
  const double leaders = spread("opinion_leader");
  const double learners = spread("learner");
  INFO("opinion spread after 20 days: leaders " << leaders << ", learners " << learners);
  CHECK(leaders < learners * 0.8);
}

TEST_CASE("organizer responses reduce the damage of negative posts", "[community]") {
  const std::vector<std::string> common{"population.opinion={mean: -0.1, sd: 0.4}",
                                        "community.seed_roles={opponent: 0.3, learner: 0.7, "
                                        "newcomer: 0, supporter: 0, opinion_leader: 0}",
                                        "community.recruitment.invite_rate=0",
                                        "community.recruitment.poster_rate=0",
                                        "behaviour.experience=0",
                                        "behaviour.wom_rate=0",
                                        "behaviour.opinion_reversion=0",
                                        "population.post_propensity.lurker_share=0",
                                        "days=30"};
  const auto opinion = [&](const std::string& response) {
    auto o = common;
    o.push_back("community.moderation.response_to_negative=" + response);
    const Runs runs = run_scenario(kBase, o);
    return over_runs(runs, [&](std::size_t r) { return runs.series(r, "opinion_mean")[30]; });
  };
  const double ignored = opinion("0");
  const double answered = opinion("1");
  INFO("members' mean opinion on day 30: ignored " << ignored << ", answered " << answered);
  CHECK(answered > ignored + 0.02);
}

TEST_CASE("with the defaults a community grows, churns and concentrates posting", "[community]") {
  const Runs runs = run_scenario(R"(
model: community
seed: 11
days: 120
replicates: 2
population: {size: 10000, graph: {kind: barabasi_albert, mean_degree: 10}}
community: {seed_members: 50}
)");
  for (std::size_t r = 0; r < runs.results.size(); ++r) {
    const auto& members = runs.series(r, "members");
    const auto& alive = runs.series(r, "groups_alive");
    INFO("run " << r << ": members on day 120 " << members[120]);
    CHECK(members[0] == 50);
    CHECK(runs.summary(r, "members_peak") > 50);
    CHECK(runs.summary(r, "churns_total") > 0);
    CHECK(runs.summary(r, "posts_top10_share") > 0.5);
    CHECK(alive[30] >= 1);
  }
}

TEST_CASE("community runs are identical on 1 and 2 threads", "[community]") {
  const std::vector<std::string> o{
      "community.capacity=80", "community.recruitment.forced_adds_per_day=1",
      "community.activities=[{type: flash_sale, every_days: 5, stock: 3}]", "output.agents=final",
      "replicates=2"};
  const Runs one = run_scenario(kBase, o, 1);
  const Runs two = run_scenario(kBase, o, 2);
  REQUIRE(one.results.size() == two.results.size());
  for (std::size_t r = 0; r < one.results.size(); ++r) {
    CHECK(same_bits(one.results[r].series.series, two.results[r].series.series));
    const auto& s1 = one.results[r].series.summaries;
    const auto& s2 = two.results[r].series.summaries;
    for (std::size_t i = 0; i < s1.size(); ++i) {
      CHECK((s1[i] == s2[i] || (std::isnan(s1[i]) && std::isnan(s2[i]))));
    }
    CHECK(one.results[r].agents.values == two.results[r].agents.values);
  }
}

// Issue 18: the per-person phases run over lists cut into fixed blocks
// (256 members, 1,024 word-of-mouth speakers). A community large enough that
// every list spans several blocks, with churn (former members speak) and
// cloning, must still be identical on 1 and 2 threads.
TEST_CASE("a community spanning many blocks is identical on 1 and 2 threads", "[community]") {
  const std::vector<std::string> o{"population.size=20000",
                                   "community.seed_members=1500",
                                   "community.seed_min_fit=0.2",
                                   "community.groups=3",
                                   "community.capacity=700",
                                   "behaviour.patience_days=4",
                                   "days=40",
                                   "replicates=1"};
  const Runs one = run_scenario(kBase, o, 1);
  const Runs two = run_scenario(kBase, o, 2);
  // The lists really span several blocks: members, and everyone who ever joined.
  CHECK(one.summary(0, "members_peak") > 3 * 256);
  CHECK(one.summary(0, "joins_total") + 1500 > 2 * 1024);
  CHECK(same_bits(one.results[0].series.series, two.results[0].series.series));
  const auto& s1 = one.results[0].series.summaries;
  const auto& s2 = two.results[0].series.summaries;
  for (std::size_t i = 0; i < s1.size(); ++i) {
    CHECK((s1[i] == s2[i] || (std::isnan(s1[i]) && std::isnan(s2[i]))));
  }
}

// Outsiders' opinions are kept lazily (reverting in closed form), and the
// population's mean opinion from a running sum of their deviations. A
// snapshot brings every opinion up to date without changing the run, and
// the snapshot's mean opinion is the recorded opinion_mean_all.
TEST_CASE("snapshots show outsiders' lazily kept opinions and change nothing", "[community]") {
  const std::vector<std::string> o{"community.seed_members=300", "behaviour.patience_days=5",
                                   "behaviour.wom_rate=0.5", "days=30", "replicates=1"};
  const Runs plain = run_scenario(kBase, o, 2);
  std::vector<std::string> with = o;
  with.push_back("output.agents=every_10_days");
  const Runs snapped = run_scenario(kBase, with, 2);
  CHECK(same_bits(plain.results[0].series.series, snapped.results[0].series.series));

  const AgentSnapshots& agents = snapped.results[0].agents;
  const auto column = [&](const std::string& name) {
    const auto at = std::find(agents.names.begin(), agents.names.end(), name);
    REQUIRE(at != agents.names.end());
    return std::get<std::vector<double>>(
        agents.values[static_cast<std::size_t>(at - agents.names.begin())]);
  };
  const std::vector<double> opinion = column("opinion");
  const std::vector<double> prior = column("opinion_prior");
  const std::size_t n = 3000;
  REQUIRE(opinion.size() == 4 * n);  // days 0, 10, 20 and 30
  const auto& mean_all = snapped.series(0, "opinion_mean_all");
  std::size_t moved = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    double sum = 0;
    for (std::size_t a = 0; a < n; ++a) {
      sum += opinion[k * n + a];
      moved += k == 3 && opinion[k * n + a] != prior[k * n + a] ? 1U : 0U;
    }
    INFO("snapshot " << k);
    // The running sum and the snapshot's sum add the same terms in
    // different orders: equal to rounding.
    CHECK(mean_all[10 * k] == Approx(sum / static_cast<double>(n)).margin(1e-12));
  }
  // Word of mouth reached outsiders: more people moved from their
  // dispositions than were ever members.
  CHECK(static_cast<double>(moved) > snapped.summary(0, "joins_total") + 300);
}

TEST_CASE("community input errors name the key", "[community]") {
  CHECK_THROWS_WITH(
      run_scenario(kBase, {"community.topic.center=[0.5]"}),
      Catch::Contains("--set community.topic.center=[0.5]: community.topic.center: has 1 "
                      "coordinate(s), but population.interests.dimensions is 2"));
  CHECK_THROWS_WITH(run_scenario(kBase, {"community.seed_members=5000"}),
                    Catch::Contains("community.seed_members"));
  CHECK_THROWS_WITH(run_scenario(kBase, {"community.activities=[{type: raffle}]"}),
                    Catch::Contains("community.activities.0.type"));
  CHECK_THROWS_WITH(run_scenario(kBase, {"community.activities={type: lottery}"}),
                    Catch::Contains("expected a list of mappings"));
}

}  // namespace commsim::testing
