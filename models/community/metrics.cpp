// Daily metrics and end-of-run summaries (model.md §8), and the invariants a
// checked build verifies after every day. Counts over people are one
// deterministic parallel pass (fixed blocks), so they do not depend on threads.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "commsim/error.hpp"
#include "commsim/parallel.hpp"
#include "models/community/community_model.hpp"

namespace commsim::models::community {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::array<std::uint32_t, 3> kRetentionDays{30, 90, 180};
constexpr std::int32_t kCohortLastDay = 30;
constexpr std::int32_t kActiveWindow = 7;

struct Tally {
  std::array<double, kStatuses> status{};
  std::array<double, kRoles> role{};
  std::array<double, kStages> stage{};
  std::array<double, kChurnReasons> churn{};
  std::array<double, kTransitions> transition{};
  double satisfaction = 0, satisfaction_sq = 0;
  double trust = 0, trust_sq = 0;
  double opinion = 0, opinion_sq = 0, opinion_all = 0;
  double engagement = 0, negative = 0, active = 0;
  double reads = 0, ads_read = 0, invitations = 0, renewal_fees = 0;
  double cohort = 0, cohort_members = 0;

  Tally& operator+=(const Tally& o) {
    const auto add = [](auto& x, const auto& y) {
      for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] += y[i];
      }
    };
    add(status, o.status);
    add(role, o.role);
    add(stage, o.stage);
    add(churn, o.churn);
    add(transition, o.transition);
    satisfaction += o.satisfaction;
    satisfaction_sq += o.satisfaction_sq;
    trust += o.trust;
    trust_sq += o.trust_sq;
    opinion += o.opinion;
    opinion_sq += o.opinion_sq;
    opinion_all += o.opinion_all;
    engagement += o.engagement;
    negative += o.negative;
    active += o.active;
    reads += o.reads;
    ads_read += o.ads_read;
    invitations += o.invitations;
    renewal_fees += o.renewal_fees;
    cohort += o.cohort;
    cohort_members += o.cohort_members;
    return *this;
  }
};

double sd(double sum, double sum_sq, double n) {
  if (n <= 0) {
    return kNaN;
  }
  const double mean = sum / n;
  return std::sqrt(std::max(0.0, sum_sq / n - mean * mean));
}

}  // namespace

void CommunityModel::record(Day day) {
  const auto today = static_cast<std::int32_t>(day.value());
  const Tally t = deterministic_sum<Tally>(population_.size(), [&](std::uint32_t a) {
    Tally x;
    const bool member = status_[a] == static_cast<std::uint8_t>(Status::Member);
    x.status[status_[a]] = 1;
    x.opinion_all = opinion_[a];
    x.invitations = invitations_today_[a];
    x.renewal_fees = fee_today_[a];
    x.churn[0] = churn_today_[a] == static_cast<std::uint8_t>(ChurnReason::Patience) ? 1 : 0;
    x.churn[1] = churn_today_[a] == static_cast<std::uint8_t>(ChurnReason::Renewal) ? 1 : 0;
    if (transition_today_[a] != kNoTransition) {
      x.transition[transition_today_[a]] = 1;
    }
    const std::int32_t first = first_join_day_[a];
    if (first >= 1 && first <= kCohortLastDay) {
      x.cohort = 1;
      x.cohort_members = member ? 1 : 0;
    }
    if (!member) {
      return x;
    }
    x.role[role_[a]] = 1;
    x.stage[stage_[a]] = 1;
    x.satisfaction = satisfaction_[a];
    x.satisfaction_sq = satisfaction_[a] * satisfaction_[a];
    x.trust = trust_[a];
    x.trust_sq = trust_[a] * trust_[a];
    x.opinion = opinion_[a];
    x.opinion_sq = opinion_[a] * opinion_[a];
    x.engagement = engagement_[a];
    x.negative = opinion_[a] < 0 ? 1 : 0;
    x.active = last_post_day_[a] >= 0 && today - last_post_day_[a] < kActiveWindow ? 1 : 0;
    x.reads = reads_today_[a];
    x.ads_read = ads_read_today_[a];
    return x;
  });
  const double members = t.status[static_cast<std::size_t>(Status::Member)];
  const auto mean = [&](double sum) { return members > 0 ? sum / members : kNaN; };
  double alive = 0;
  for (const Group& g : groups_) {
    alive += !g.dead && g.members > 0 ? 1 : 0;
  }
  // Fees: at joining (admit) and at renewal (per person, summed here).
  const double fees = today_.fees + t.renewal_fees;

  Recorder& r = recorder_;
  const MetricHandles& h = metric_handles_;
  const auto put = [&](std::size_t metric, double value) { r.record(metric, day, value); };
  const auto put_axis = [&](std::size_t metric, const auto& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      r.record(metric, day, i, values[i]);
    }
  };
  put_axis(h.people, t.status);
  put_axis(h.members_by_role, t.role);
  put_axis(h.members_by_stage, t.stage);
  put(h.members, members);
  put(h.groups, static_cast<double>(groups_.size()));
  put(h.groups_alive, alive);
  put(h.posts, today_.posts);
  put(h.ads, today_.ads);
  put(h.ads_removed, today_.ads_removed);
  put(h.reads, t.reads);
  put(h.ads_read, t.ads_read);
  put_axis(h.joins, today_.joins);
  put_axis(h.churns, t.churn);
  put_axis(h.role_transitions, t.transition);
  put(h.invitations, t.invitations);
  put(h.satisfaction_mean, mean(t.satisfaction));
  put(h.satisfaction_sd, sd(t.satisfaction, t.satisfaction_sq, members));
  put(h.trust_mean, mean(t.trust));
  put(h.trust_sd, sd(t.trust, t.trust_sq, members));
  put(h.opinion_mean, mean(t.opinion));
  put(h.opinion_sd, sd(t.opinion, t.opinion_sq, members));
  put(h.opinion_mean_all, t.opinion_all / population_.size());
  put(h.engagement_mean, mean(t.engagement));
  put(h.negative_share, mean(t.negative));
  put(h.active_share, mean(t.active));
  put(h.purchases, today_.purchases);
  put(h.revenue_fees, fees);
  put(h.revenue_sales, today_.sales);
  put(h.event_costs, today_.event_costs);
  put_axis(h.events, today_.events);

  // Running totals and the end-of-run figures that are read on a given day.
  if (day.value() > 0) {
    totals_.fees += fees;
    totals_.sales += today_.sales;
    totals_.purchases += today_.purchases;
    totals_.event_costs += today_.event_costs;
    for (std::size_t c = 0; c < kChannels; ++c) {
      joins_total_ += today_.joins[c];
    }
    churns_total_ += t.churn[0] + t.churn[1];
  }
  members_peak_ = std::max(members_peak_, members);
  for (std::size_t i = 0; i < kRetentionDays.size(); ++i) {
    if (day.value() == kRetentionDays[i]) {
      retention_[i] = t.cohort > 0 ? t.cohort_members / t.cohort : kNaN;
    }
  }
  active_share_.push_back(mean(t.active));
  trust_final_ = mean(t.trust);
  satisfaction_final_ = mean(t.satisfaction);
}

void CommunityModel::finish() {
  Recorder& r = recorder_;
  const SummaryHandles& h = summary_handles_;
  double members = 0;
  double alive = 0;
  for (const Group& g : groups_) {
    members += g.members;
    alive += !g.dead && g.members > 0 ? 1 : 0;
  }
  r.summarize(h.members_final, members);
  r.summarize(h.members_peak, members_peak_);
  r.summarize(h.groups_final, static_cast<double>(groups_.size()));
  r.summarize(h.groups_alive_final, alive);
  const std::array<std::size_t, 3> retention{h.retention_30, h.retention_90, h.retention_180};
  for (std::size_t i = 0; i < kRetentionDays.size(); ++i) {
    r.summarize(retention[i], days_ >= kRetentionDays[i] ? retention_[i] : kNaN);
  }
  r.summarize(h.active_share_final, active_share_.back());
  r.summarize(h.trust_final, trust_final_);
  r.summarize(h.satisfaction_final, satisfaction_final_);
  r.summarize(h.purchases_total, totals_.purchases);
  r.summarize(h.revenue_fees_total, totals_.fees);
  r.summarize(h.revenue_sales_total, totals_.sales);
  r.summarize(h.revenue_total, totals_.fees + totals_.sales);
  r.summarize(h.event_costs_total, totals_.event_costs);
  r.summarize(h.joins_total, joins_total_);
  r.summarize(h.churns_total, churns_total_);

  // Participation inequality among everyone who was ever a member.
  std::vector<double> posts;
  for (std::uint32_t a = 0; a < population_.size(); ++a) {
    if (first_join_day_[a] >= 0) {
      posts.push_back(posts_[a]);
    }
  }
  std::sort(posts.begin(), posts.end(), std::greater<>());
  const double total = std::accumulate(posts.begin(), posts.end(), 0.0);
  const auto top_share = [&](double share) {
    if (total <= 0) {
      return kNaN;
    }
    const auto k = static_cast<std::size_t>(std::ceil(share * static_cast<double>(posts.size())));
    return std::accumulate(posts.begin(), posts.begin() + static_cast<std::ptrdiff_t>(k), 0.0) /
           total;
  };
  r.summarize(h.posts_top1_share, top_share(0.01));
  r.summarize(h.posts_top10_share, top_share(0.10));
  // Gini with values in increasing order: sum (2i - n - 1) x_i / (n sum x).
  double gini = kNaN;
  if (total > 0) {
    const auto n = static_cast<double>(posts.size());
    double weighted = 0;
    for (std::size_t i = 0; i < posts.size(); ++i) {
      const double rank = n - static_cast<double>(i);  // 1-based rank in increasing order
      weighted += (2 * rank - n - 1) * posts[i];
    }
    gini = weighted / (n * total);
  }
  r.summarize(h.posts_gini, gini);
}

void CommunityModel::check_invariants() const {
  const std::uint32_t n = population_.size();
  std::vector<std::uint32_t> counts(groups_.size(), 0);
  const auto fail = [](std::uint32_t a, const std::string& what) {
    throw InvariantError("community: person " + std::to_string(a) + ": " + what);
  };
  for (std::uint32_t a = 0; a < n; ++a) {
    if (status_[a] >= kStatuses || role_[a] >= kRoles || stage_[a] >= kStages) {
      fail(a, "status, role or stage out of range");
    }
    const bool member = status_[a] == static_cast<std::uint8_t>(Status::Member);
    if (member != (group_[a] != kNoGroup)) {
      fail(a, "is a member exactly when in a group");
    }
    if (member) {
      if (group_[a] < 0 || static_cast<std::size_t>(group_[a]) >= groups_.size()) {
        fail(a, "group index out of range");
      }
      ++counts[static_cast<std::size_t>(group_[a])];
    }
    const auto in = [](double x, double lo, double hi) { return x >= lo && x <= hi; };
    if (!in(opinion_[a], -1, 1) || !in(trust_[a], 0, 1) || !in(engagement_[a], 0, 1) ||
        !in(fit_[a], 0, 1) || !std::isfinite(satisfaction_[a]) || !(wtp_[a] > 0) ||
        !(attention_[a] > 0)) {
      fail(a, "an attribute is NaN or out of range");
    }
  }
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (counts[g] != groups_[g].members) {
      throw InvariantError("community: group " + std::to_string(g) + " counts " +
                           std::to_string(groups_[g].members) + " members, but " +
                           std::to_string(counts[g]) + " people are in it");
    }
    if (groups_[g].members > static_cast<std::uint64_t>(community_.capacity)) {
      throw InvariantError("community: group " + std::to_string(g) + " is over capacity");
    }
  }
}

}  // namespace commsim::models::community
