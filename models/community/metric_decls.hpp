// What the community model records: daily metrics (model.md §8 and §10, with
// their category axes) and end-of-run summaries, declared once, and the
// handles metrics.cpp records them by, taken from the recorder by name at the
// start of a run (the recorder checks each is recorded exactly once a day).
// Names and definitions follow the observed-data reader (commsim.chat) where
// the model has the same quantity, so that simulated and observed runs can be
// compared metric by metric.
#pragma once

#include <cstddef>
#include <vector>

#include "commsim/recorder.hpp"

namespace commsim::models::community {

std::vector<MetricDecl> community_metrics();
std::vector<SummaryDecl> community_summaries();

struct MetricHandles {
  explicit MetricHandles(const Recorder& r);
  std::size_t people, members_by_role, members_by_stage, members, groups, groups_alive, posts, ads,
      ads_removed, posts_removed, authors, replies, reply_share, unanswered_share, welcome_replies,
      reads, ads_read, reads_off_topic, hidden, joins, leaves, churns, role_transitions,
      invitations, satisfaction_mean, satisfaction_sd, trust_mean, trust_sd, opinion_mean,
      opinion_sd, opinion_mean_all, engagement_mean, negative_share, active_share,
      members_disengaged, red_packets, red_packet_amount, red_packet_grabs, purchases, revenue_fees,
      revenue_sales, refunds, event_costs, costs, moderation_hours, net_result, events;
};

struct SummaryHandles {
  explicit SummaryHandles(const Recorder& r);
  std::size_t members_final, members_peak, groups_final, groups_alive_final, groups_dead_final,
      dead_group_lifespan_mean, early_posts_alive, early_posts_dead, retention_30, retention_90,
      retention_180, active_share_final, disengaged_share_final, tenured_never_posted_share,
      tenured_active_share, trust_final, satisfaction_final, trust_extreme_share,
      opinion_extreme_share, purchases_total, revenue_fees_total, revenue_sales_total,
      refunds_total, revenue_total, event_costs_total, moderation_costs_total,
      red_packet_costs_total, costs_total, net_result_total, joins_total, churns_total, posts_total,
      replies_total, reply_share_total, unanswered_share_total, posting_authors, posts_top1_share,
      posts_top10_share, posts_gini, posts_top1_share_ever_members, posts_top10_share_ever_members,
      posts_gini_ever_members, sign_ups, sign_ups_posting_share, newcomers, newcomer_answered_share,
      newcomer_return_share, newcomer_return_share_answered, newcomer_return_share_unanswered,
      red_packets_total, packet_return_per_unit, packet_return_per_unit_luckiest,
      packet_return_per_unit_others;
};

}  // namespace commsim::models::community
