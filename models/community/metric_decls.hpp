// What the community model records: daily metrics (model.md §8, with their
// category axes) and end-of-run summaries, declared once, and the handles
// metrics.cpp records them by, taken from the recorder by name at the start
// of a run (the recorder checks each is recorded exactly once a day).
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
      ads_removed, reads, ads_read, joins, churns, role_transitions, invitations, satisfaction_mean,
      satisfaction_sd, trust_mean, trust_sd, opinion_mean, opinion_sd, opinion_mean_all,
      engagement_mean, negative_share, active_share, purchases, revenue_fees, revenue_sales,
      event_costs, events;
};

struct SummaryHandles {
  explicit SummaryHandles(const Recorder& r);
  std::size_t members_final, members_peak, groups_final, groups_alive_final, retention_30,
      retention_90, retention_180, active_share_final, trust_final, satisfaction_final,
      purchases_total, revenue_fees_total, revenue_sales_total, revenue_total, event_costs_total,
      joins_total, churns_total, posts_top1_share, posts_top10_share, posts_gini;
};

}  // namespace commsim::models::community
