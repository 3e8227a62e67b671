// Daily metrics and end-of-run summaries (model.md §8, §10), and the
// invariants a checked build verifies after every day. Counts over people are one
// deterministic parallel pass (fixed blocks), so they do not depend on threads.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>
#include <string>

#include "commsim/error.hpp"
#include "commsim/parallel.hpp"
#include "models/community/community_model.hpp"

namespace commsim::models::community {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::array<std::uint32_t, 3> kRetentionDays{30, 90, 180};
constexpr std::int32_t kActiveWindow = 7;
constexpr std::int32_t kTenured = 30;     // days' tenure of the tenured_* summaries
constexpr std::int32_t kReturnDays = 30;  // a newcomer's return window

// Figures over today's people: this morning's members and today's joiners
// (outsiders' counts are kept as they change: churned_, cohort_) ...
struct Today {
  std::array<double, kChurnReasons> churn{};
  std::array<double, kTransitions> transition{};
  double refunds = 0, authors = 0;

  Today& operator+=(const Today& o) {
    for (std::size_t i = 0; i < churn.size(); ++i) {
      churn[i] += o.churn[i];
    }
    for (std::size_t i = 0; i < transition.size(); ++i) {
      transition[i] += o.transition[i];
    }
    refunds += o.refunds;
    authors += o.authors;
    return *this;
  }
};

// ... and over the members (a pass over the member list).
struct Members {
  std::array<double, kRoles> role{};
  std::array<double, kStages> stage{};
  double satisfaction = 0, satisfaction_sq = 0;
  double trust = 0, trust_sq = 0;
  double opinion = 0, opinion_sq = 0, prior = 0, cohort = 0;
  double engagement = 0, negative = 0, active = 0, disengaged = 0;
  double reads = 0, ads_read = 0, off_topic = 0, hidden = 0, renewal_fees = 0;

  Members& operator+=(const Members& o) {
    for (std::size_t i = 0; i < role.size(); ++i) {
      role[i] += o.role[i];
    }
    for (std::size_t i = 0; i < stage.size(); ++i) {
      stage[i] += o.stage[i];
    }
    satisfaction += o.satisfaction;
    satisfaction_sq += o.satisfaction_sq;
    trust += o.trust;
    trust_sq += o.trust_sq;
    opinion += o.opinion;
    opinion_sq += o.opinion_sq;
    prior += o.prior;
    cohort += o.cohort;
    engagement += o.engagement;
    negative += o.negative;
    active += o.active;
    disengaged += o.disengaged;
    reads += o.reads;
    ads_read += o.ads_read;
    off_topic += o.off_topic;
    hidden += o.hidden;
    renewal_fees += o.renewal_fees;
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

double share(double part, double whole) {
  return whole > 0 ? part / whole : kNaN;
}

struct Inequality {
  double top1 = kNaN, top10 = kNaN, gini = kNaN;
};

// Top-1% and top-10% shares (posts of the ceil(share x n) people with most
// posts over all posts) and the Gini coefficient, sum (2i - n - 1) x_i /
// (n sum x) with x increasing and i from 1, of posts sorted in decreasing
// order (commsim.chat.inequality; NaN without posts).
Inequality inequality(std::span<const double> posts) {
  Inequality out;
  const double total = std::accumulate(posts.begin(), posts.end(), 0.0);
  if (!(total > 0)) {
    return out;
  }
  const auto n = static_cast<double>(posts.size());
  const auto top = [&](double fraction) {
    const auto k = static_cast<std::ptrdiff_t>(std::ceil(fraction * n));
    return std::accumulate(posts.begin(), posts.begin() + k, 0.0) / total;
  };
  out.top1 = top(0.01);
  out.top10 = top(0.10);
  double weighted = 0;
  for (std::size_t i = 0; i < posts.size(); ++i) {
    const double rank = n - static_cast<double>(i);  // 1-based rank in increasing order
    weighted += (2 * rank - n - 1) * posts[i];
  }
  out.gini = weighted / (n * total);
  return out;
}

}  // namespace

double CommunityModel::Contagion::slope() const {
  // Least squares of sent on received: cov(r, s) / var(r).
  const double var = n * rr - r * r;
  return n > 1 && var > 0 ? (n * rs - r * s) / var : kNaN;
}

void CommunityModel::record(Day day) {
  const auto today = static_cast<std::int32_t>(day.value());
  const auto day_person = [&](std::uint32_t i) {
    const MemberRecord& r = record_of(day_people_[i]);
    Today x;
    x.refunds = r.refund;
    // Posts were written by this morning's members (some left since).
    x.authors = i < day_members_ && r.posts > 0 ? 1 : 0;
    if (r.churn != kNoChurn) {
      x.churn[r.churn] = 1;
    }
    if (r.transition != kNoTransition) {
      x.transition[r.transition] = 1;
    }
    return x;
  };
  const Today t =
      deterministic_sum<Today>(static_cast<std::uint32_t>(day_people_.size()), day_person);
  const double invitations =
      deterministic_sum<double>(static_cast<std::uint32_t>(invited_.size()),
                                [&](std::uint32_t i) { return invited_[i].invitations; });
  // The member list is current: the groups phase rebuilt it last.
  const auto listed = static_cast<std::uint32_t>(member_list_.size());
  const Members mt = deterministic_sum<Members>(listed, [&](std::uint32_t i) {
    const std::uint32_t a = member_list_[i];
    const MemberRecord& r = record_of(a);
    Members x;
    x.role[r.role] = 1;
    x.stage[r.stage] = 1;
    x.satisfaction = r.satisfaction;
    x.satisfaction_sq = r.satisfaction * r.satisfaction;
    x.trust = r.trust;
    x.trust_sq = r.trust * r.trust;
    x.opinion = r.opinion;
    x.opinion_sq = r.opinion * r.opinion;
    x.prior = r.opinion_prior;
    x.cohort = r.first_join_day >= 1 && r.first_join_day <= kCohortLastDay ? 1 : 0;
    x.engagement = r.engagement;
    x.negative = r.opinion < 0 ? 1 : 0;
    x.active = r.last_post_day >= 0 && today - r.last_post_day < kActiveWindow ? 1 : 0;
    x.disengaged = r.muted;
    x.reads = r.reads;
    x.ads_read = r.ads_read;
    x.off_topic = r.off_topic_reads;
    x.hidden = r.hidden;
    x.renewal_fees = r.fee;
    return x;
  });
  // Gift contagion: every grabber of the day, in the order they grabbed.
  Contagion luckiest;
  Contagion others;
  for (std::uint32_t a : grabbers_) {
    const MemberRecord& record = record_of(a);
    Contagion& c = record.luckiest != 0 ? luckiest : others;
    const double r = record.received;
    const double s = packet_pending_[a];
    c.n += 1;
    c.r += r;
    c.rr += r * r;
    c.s += s;
    c.rs += r * s;
  }
  const double members = static_cast<double>(listed);
  const double n = population_.size();
  const std::array<double, kStatuses> status{n - members - churned_, members, churned_};
  const auto mean = [&](double sum) { return members > 0 ? sum / members : kNaN; };
  double alive = 0;
  for (const Group& g : groups_) {
    alive += !g.dead && g.members > 0 ? 1 : 0;
  }
  // Fees: at joining (admit) and at renewal (per person, summed here).
  const double fees = today_.fees + mt.renewal_fees;
  double leaves = 0;
  for (double c : t.churn) {
    leaves += c;
  }
  const double costs = today_.all_costs();
  const double net = fees + today_.sales - t.refunds - costs;

  Recorder& r = recorder_;
  const MetricHandles& h = metric_handles_;
  const auto put = [&](std::size_t metric, double value) { r.record(metric, day, value); };
  const auto put_axis = [&](std::size_t metric, const auto& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      r.record(metric, day, i, values[i]);
    }
  };
  put_axis(h.people, status);
  put_axis(h.members_by_role, mt.role);
  put_axis(h.members_by_stage, mt.stage);
  put(h.members, members);
  put(h.groups, static_cast<double>(groups_.size()));
  put(h.groups_alive, alive);
  put(h.posts, today_.posts);
  put(h.ads, today_.ads);
  put(h.ads_removed, today_.ads_removed);
  put(h.posts_removed, today_.posts_removed);
  put(h.authors, t.authors);
  put(h.replies, today_.replies);
  put(h.reply_share, share(today_.replies, today_.posts));
  put(h.unanswered_share, share(today_.unanswered, today_.starters));
  put(h.welcome_replies, today_.welcome_replies);
  put(h.reads, mt.reads);
  put(h.ads_read, mt.ads_read);
  put(h.reads_off_topic, mt.off_topic);
  put(h.hidden, mt.hidden);
  put_axis(h.joins, today_.joins);
  put(h.leaves, leaves);
  put_axis(h.churns, t.churn);
  put_axis(h.role_transitions, t.transition);
  put(h.invitations, invitations);
  put(h.satisfaction_mean, mean(mt.satisfaction));
  put(h.satisfaction_sd, sd(mt.satisfaction, mt.satisfaction_sq, members));
  put(h.trust_mean, mean(mt.trust));
  put(h.trust_sd, sd(mt.trust, mt.trust_sq, members));
  put(h.opinion_mean, mean(mt.opinion));
  put(h.opinion_sd, sd(mt.opinion, mt.opinion_sq, members));
  // Everyone's mean opinion: members' own, outsiders' dispositions plus
  // their deviations (kept as they change; see spread_word_of_mouth).
  put(h.opinion_mean_all, (mt.opinion + (prior_total_ - mt.prior) + outsider_deviation_) / n);
  put(h.engagement_mean, mean(mt.engagement));
  put(h.negative_share, mean(mt.negative));
  put(h.active_share, mean(mt.active));
  put(h.members_disengaged, mt.disengaged);
  put_axis(h.red_packets, today_.packets);
  put_axis(h.red_packet_amount, today_.packet_amount);
  put(h.red_packet_grabs, today_.packet_grabs);
  put(h.purchases, today_.purchases);
  put(h.revenue_fees, fees);
  put(h.revenue_sales, today_.sales);
  put(h.refunds, t.refunds);
  put(h.event_costs, today_.event_costs());
  put_axis(h.costs, today_.costs);
  put(h.moderation_hours, today_.moderation_minutes / 60.0);
  put(h.net_result, net);
  put_axis(h.events, today_.events);

  // Running totals and the end-of-run figures that are read on a given day.
  if (day.value() > 0) {
    totals_.fees += fees;
    totals_.sales += today_.sales;
    totals_.purchases += today_.purchases;
    for (std::size_t k = 0; k < kCosts; ++k) {
      totals_.costs[k] += today_.costs[k];
    }
    for (std::size_t s = 0; s < kSenders; ++s) {
      totals_.packets[s] += today_.packets[s];
    }
    for (std::size_t c = 0; c < kChannels; ++c) {
      joins_total_ += today_.joins[c];
    }
    churns_total_ += leaves;
    refunds_total_ += t.refunds;
    posts_total_ += today_.posts;
    replies_total_ += today_.replies;
    starters_total_ += today_.starters;
    unanswered_total_ += today_.unanswered;
    for (Contagion* c : {&contagion_luckiest_, &contagion_all_}) {
      c->add(luckiest);
    }
    for (Contagion* c : {&contagion_others_, &contagion_all_}) {
      c->add(others);
    }
  }
  members_peak_ = std::max(members_peak_, members);
  for (std::size_t i = 0; i < kRetentionDays.size(); ++i) {
    if (day.value() == kRetentionDays[i]) {
      retention_[i] = cohort_ > 0 ? mt.cohort / cohort_ : kNaN;
    }
  }
  active_share_.push_back(mean(mt.active));
  trust_final_ = mean(mt.trust);
  satisfaction_final_ = mean(mt.satisfaction);
}

void CommunityModel::finish() {
  Recorder& r = recorder_;
  const SummaryHandles& h = summary_handles_;
  const BehaviourParams& b = behaviour_;
  const auto horizon = static_cast<std::int32_t>(days_);
  double members = 0;
  double alive = 0;
  double dead = 0;
  double lifespan = 0;
  double early_alive = 0, early_alive_n = 0, early_dead = 0, early_dead_n = 0;
  for (const Group& g : groups_) {
    members += g.members;
    alive += !g.dead && g.members > 0 ? 1 : 0;
    if (g.dead) {
      dead += 1;
      lifespan += g.died - g.opened;
    }
    if (g.opened + b.early_days <= horizon) {
      const double early = g.early_posts / static_cast<double>(b.early_days);
      (g.dead ? early_dead : early_alive) += early;
      (g.dead ? early_dead_n : early_alive_n) += 1;
    }
  }
  r.summarize(h.members_final, members);
  r.summarize(h.members_peak, members_peak_);
  r.summarize(h.groups_final, static_cast<double>(groups_.size()));
  r.summarize(h.groups_alive_final, alive);
  r.summarize(h.groups_dead_final, dead);
  r.summarize(h.dead_group_lifespan_mean, share(lifespan, dead));
  r.summarize(h.early_posts_alive, share(early_alive, early_alive_n));
  r.summarize(h.early_posts_dead, share(early_dead, early_dead_n));
  // A paid group's members can leave only at a renewal or by refund: before
  // the cohort's first renewal its retention is fixed at 1 by the rules.
  const EntryParams& e = community_.entry;
  const bool refunds = e.refund_days > 0 && e.refund_ask > 0;
  const std::array<std::size_t, 3> retention{h.retention_30, h.retention_90, h.retention_180};
  for (std::size_t i = 0; i < kRetentionDays.size(); ++i) {
    const bool by_rule =
        paid_ && !refunds && static_cast<std::int64_t>(kRetentionDays[i]) - 1 < e.period_days;
    r.summarize(retention[i], days_ >= kRetentionDays[i] && !by_rule ? retention_[i] : kNaN);
  }
  r.summarize(h.active_share_final, active_share_.back());
  r.summarize(h.trust_final, trust_final_);
  r.summarize(h.satisfaction_final, satisfaction_final_);

  // Members at the horizon; participation, sign-ups and newcomers.
  double muted = 0, tenured = 0, tenured_silent = 0, tenured_active = 0;
  double extreme_trust = 0, extreme_opinion = 0;
  double sign_ups = 0, sign_ups_posting = 0;
  double newcomers = 0, answered = 0;
  std::array<double, 2> seen{};      // newcomers whose 30 days are observed: unanswered, answered
  std::array<double, 2> returned{};  // of those, who posted again within 30 days
  std::vector<double> posts;
  for (std::uint32_t a = 0; a < population_.size(); ++a) {
    if (first_join_day_[a] >= 0) {
      posts.push_back(posts_[a]);
    }
    if (status_[a] == static_cast<std::uint8_t>(Status::Member)) {
      muted += muted_[a];
      extreme_trust += trust_[a] < 0.05 || trust_[a] > 0.95 ? 1 : 0;
      extreme_opinion += std::abs(opinion_[a]) > 0.95 ? 1 : 0;
      if (horizon - join_day_[a] >= kTenured) {
        tenured += 1;
        tenured_silent += posts_[a] == 0 ? 1 : 0;
        tenured_active +=
            last_post_day_[a] >= 0 && horizon - last_post_day_[a] < kActiveWindow ? 1 : 0;
      }
    }
    if (first_join_day_[a] < 1) {
      continue;
    }
    sign_ups += 1;
    sign_ups_posting += posts_[a] > 0 ? 1 : 0;
    if (first_post_day_[a] < 1) {
      continue;
    }
    newcomers += 1;
    answered += answered_[a];
    if (first_post_day_[a] + kReturnDays <= horizon) {
      seen[answered_[a]] += 1;
      returned[answered_[a]] +=
          return_day_[a] >= 0 && return_day_[a] - first_post_day_[a] <= kReturnDays ? 1 : 0;
    }
  }
  r.summarize(h.disengaged_share_final, share(muted, members));
  r.summarize(h.tenured_never_posted_share, share(tenured_silent, tenured));
  r.summarize(h.tenured_active_share, share(tenured_active, tenured));
  r.summarize(h.trust_extreme_share, share(extreme_trust, members));
  r.summarize(h.opinion_extreme_share, share(extreme_opinion, members));

  // Money: revenue, costs and the net result.
  const double revenue = totals_.fees + totals_.sales - refunds_total_;
  const double costs = totals_.all_costs();
  r.summarize(h.purchases_total, totals_.purchases);
  r.summarize(h.revenue_fees_total, totals_.fees);
  r.summarize(h.revenue_sales_total, totals_.sales);
  r.summarize(h.refunds_total, refunds_total_);
  r.summarize(h.revenue_total, revenue);
  r.summarize(h.event_costs_total, totals_.event_costs());
  r.summarize(h.moderation_costs_total, totals_.costs[static_cast<std::size_t>(Cost::Moderation)]);
  r.summarize(h.red_packet_costs_total, totals_.costs[static_cast<std::size_t>(Cost::RedPackets)]);
  r.summarize(h.costs_total, costs);
  r.summarize(h.net_result_total, revenue - costs);
  r.summarize(h.joins_total, joins_total_);
  r.summarize(h.churns_total, churns_total_);
  r.summarize(h.posts_total, posts_total_);
  r.summarize(h.replies_total, replies_total_);
  r.summarize(h.reply_share_total, share(replies_total_, posts_total_));
  r.summarize(h.unanswered_share_total, share(unanswered_total_, starters_total_));

  // Participation inequality, as the observed reader computes it: over the
  // people who posted, and over everyone who was ever a member (lurkers'
  // zeros included).
  std::sort(posts.begin(), posts.end(), std::greater<>());
  const auto writers =
      static_cast<std::size_t>(std::find(posts.begin(), posts.end(), 0.0) - posts.begin());
  const Inequality authors = inequality(std::span(posts).first(writers));
  const Inequality everyone = inequality(posts);
  r.summarize(h.posting_authors, static_cast<double>(writers));
  r.summarize(h.posts_top1_share, authors.top1);
  r.summarize(h.posts_top10_share, authors.top10);
  r.summarize(h.posts_gini, authors.gini);
  r.summarize(h.posts_top1_share_ever_members, everyone.top1);
  r.summarize(h.posts_top10_share_ever_members, everyone.top10);
  r.summarize(h.posts_gini_ever_members, everyone.gini);
  r.summarize(h.sign_ups, sign_ups);
  r.summarize(h.sign_ups_posting_share, share(sign_ups_posting, sign_ups));
  r.summarize(h.newcomers, newcomers);
  r.summarize(h.newcomer_answered_share, share(answered, newcomers));
  r.summarize(h.newcomer_return_share, share(returned[0] + returned[1], seen[0] + seen[1]));
  r.summarize(h.newcomer_return_share_answered, share(returned[1], seen[1]));
  r.summarize(h.newcomer_return_share_unanswered, share(returned[0], seen[0]));
  r.summarize(h.red_packets_total, totals_.packets[0] + totals_.packets[1]);
  r.summarize(h.packet_return_per_unit, contagion_all_.slope());
  r.summarize(h.packet_return_per_unit_luckiest, contagion_luckiest_.slope());
  r.summarize(h.packet_return_per_unit_others, contagion_others_.slope());
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
    if (member != is_member(a)) {
      fail(a, "the member bit disagrees with the status");
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
        !(attention_[a] > 0) || !std::isfinite(trust_anchor_[a]) || !(packet_pending_[a] >= 0) ||
        !(packets_given_[a] >= 0) || !(packets_received_[a] >= 0)) {
      fail(a, "an attribute is NaN or out of range");
    }
    if (outsider_[a].fit != fit_[a] ||
        (!member &&
         outsider_[a].returning != (status_[a] == static_cast<std::uint8_t>(Status::Churned)))) {
      fail(a, "the outsider entry disagrees with the fit or status column");
    }
    if (ever_slot_[a] >= 0) {
      const MemberRecord& r = record_of(a);
      bool traits_agree = true;
      for_each_trait_copy([&](auto column, auto copy) { traits_agree &= r.*copy == column[a]; });
      bool state_agrees = true;
      for_each_state_copy([&](auto column, auto copy) { state_agrees &= r.*copy == column[a]; });
      if (!traits_agree || r.trust_anchor != trust_anchor_[a] || r.join_day != join_day_[a] ||
          r.first_join_day != first_join_day_[a] ||
          r.channel != static_cast<Channel>(channel_[a])) {
        fail(a, "the member record's copies disagree with the columns");
      }
      if (member &&
          (!state_agrees || r.degree != graph_.degree(AgentId{a}) ||
           !std::equal(interest_.begin(), interest_.end(), r.interest.begin(),
                       [a](std::span<double> column, double copy) { return column[a] == copy; }))) {
        fail(a, "the member record's copies of the member's state disagree with the columns");
      }
      if (member) {
        std::uint32_t same = 0;
        for (const VertexIndex v : graph_.neighbors(AgentId{a})) {
          same += v != a && group_[v] == group_[a] ? 1U : 0U;
        }
        if (r.same_group_contacts != same) {
          fail(a, "the count of contacts in one's group is out of date");
        }
      }
    } else if (first_join_day_[a] >= 0) {
      fail(a, "joined but has no member record");
    }
    if (muted_[a] != 0 && (!member || !paid_)) {
      fail(a, "only paying members disengage");
    }
    if (first_post_day_[a] < 0 && (posts_[a] > 0 || return_day_[a] >= 0)) {
      fail(a, "posted without a first post day");
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
    const auto& recent = groups_[g].recent;
    if (std::accumulate(recent.begin(), recent.end(), std::uint64_t{0}) != groups_[g].recent_sum ||
        groups_[g].dead != (groups_[g].died >= 0)) {
      throw InvariantError("community: group " + std::to_string(g) +
                           ": liveness bookkeeping is inconsistent");
    }
  }
  // Word of mouth's speakers' contact slots, laid end to end.
  bool in_step =
      speaker_slot_end_.size() == ever_joined_.size() && records_.size() == ever_joined_.size();
  for (std::size_t s = 0; in_step && s < ever_joined_.size(); ++s) {
    in_step =
        speaker_slot_end_[s] - speaker_slot_begin(s) == graph_.degree(AgentId{ever_joined_[s]});
  }
  const std::uint64_t slots = ever_joined_.empty() ? 0 : speaker_slot_end_.back();
  if (!in_step || slots != speaker_contacts_.size()) {
    throw InvariantError(
        "community: the speakers' contact lists or the member records are out of step");
  }
}

}  // namespace commsim::models::community
