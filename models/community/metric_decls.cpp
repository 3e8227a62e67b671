#include "models/community/metric_decls.hpp"

#include "models/community/enums.hpp"

namespace commsim::models::community {

std::vector<MetricDecl> community_metrics() {
  const auto plain = [](const char* name, const char* unit, const char* doc) {
    return MetricDecl{name, unit, doc, "", {}};
  };
  return {
      {"people", "people", "people by membership status", "membership", labels(kStatusLabels)},
      {"members_by_role", "people", "members by role", "role", labels(kRoleLabels)},
      {"members_by_stage", "people", "members by relationship stage", "stage",
       labels(kStageLabels)},
      plain("members", "people", "members of any group"),
      plain("groups", "groups", "groups ever opened (incl. clones)"),
      plain("groups_alive", "groups", "groups not dead and with members"),
      plain("posts", "messages",
            "messages posted today (organizer and members, before moderation)"),
      plain("ads", "messages", "ads posted today (organizer ads and member spam)"),
      plain("ads_removed", "messages", "ads removed by moderation today"),
      plain("reads", "messages", "messages read today"),
      plain("ads_read", "messages", "ads read today"),
      {"joins", "people", "joins today by channel", "channel", labels(kChannelLabels)},
      {"churns", "people", "members who left today, by reason", "reason", labels(kChurnLabels)},
      {"role_transitions", "people", "role changes today", "transition", labels(kTransitionLabels)},
      plain("invitations", "invitations", "invitations received by outsiders today"),
      plain("satisfaction_mean", "value", "mean satisfaction of members"),
      plain("satisfaction_sd", "value", "standard deviation of members' satisfaction"),
      plain("trust_mean", "level", "mean trust of members (a level in [0, 1])"),
      plain("trust_sd", "level", "standard deviation of members' trust"),
      plain("opinion_mean", "opinion", "mean opinion of members"),
      plain("opinion_sd", "opinion", "standard deviation of members' opinions"),
      plain("opinion_mean_all", "opinion", "mean opinion of everyone"),
      plain("engagement_mean", "level", "mean engagement of members (a level in [0, 1])"),
      plain("negative_share", "share", "share of members with a negative opinion"),
      plain("active_share", "share", "share of members who posted in the last 7 days"),
      plain("purchases", "purchases", "purchases today"),
      plain("revenue_fees", "currency", "fees collected today (joining and renewals)"),
      plain("revenue_sales", "currency", "sales today, after discounts"),
      plain("event_costs", "currency", "organizer's cost of today's events"),
      {"events", "groups", "groups in which each activity fired today", "activity",
       labels(kActivityLabels)},
  };
}

std::vector<SummaryDecl> community_summaries() {
  return {
      {"members_final", "people", "members at the horizon"},
      {"members_peak", "people", "most members on any day"},
      {"groups_final", "groups", "groups ever opened by the horizon"},
      {"groups_alive_final", "groups", "groups alive at the horizon"},
      {"retention_30", "share",
       "of the people who joined on days 1-30, the share who are members on day 30"},
      {"retention_90", "share",
       "the same cohort's share still members on day 90 (NaN if days < 90)"},
      {"retention_180", "share", "the same cohort's share on day 180 (NaN if days < 180)"},
      {"active_share_final", "share",
       "share of members who posted in the last 7 days, at the horizon"},
      {"trust_final", "level", "mean trust of members at the horizon (a level in [0, 1])"},
      {"satisfaction_final", "value", "mean satisfaction of members at the horizon"},
      {"purchases_total", "purchases", "purchases over the run"},
      {"revenue_fees_total", "currency", "fees over the run"},
      {"revenue_sales_total", "currency", "sales over the run"},
      {"revenue_total", "currency", "fees + sales over the run"},
      {"event_costs_total", "currency", "cost of events over the run"},
      {"joins_total", "people", "joins over the run (all channels)"},
      {"churns_total", "people", "departures over the run"},
      {"posts_top1_share", "share",
       "share of member posts written by the top 1% of posters (everyone who was ever a member)"},
      {"posts_top10_share", "share", "share of member posts written by the top 10% of posters"},
      {"posts_gini", "gini", "Gini coefficient of posts among everyone who was ever a member"},
  };
}

MetricHandles::MetricHandles(const Recorder& r)
    : people(r.metric("people")),
      members_by_role(r.metric("members_by_role")),
      members_by_stage(r.metric("members_by_stage")),
      members(r.metric("members")),
      groups(r.metric("groups")),
      groups_alive(r.metric("groups_alive")),
      posts(r.metric("posts")),
      ads(r.metric("ads")),
      ads_removed(r.metric("ads_removed")),
      reads(r.metric("reads")),
      ads_read(r.metric("ads_read")),
      joins(r.metric("joins")),
      churns(r.metric("churns")),
      role_transitions(r.metric("role_transitions")),
      invitations(r.metric("invitations")),
      satisfaction_mean(r.metric("satisfaction_mean")),
      satisfaction_sd(r.metric("satisfaction_sd")),
      trust_mean(r.metric("trust_mean")),
      trust_sd(r.metric("trust_sd")),
      opinion_mean(r.metric("opinion_mean")),
      opinion_sd(r.metric("opinion_sd")),
      opinion_mean_all(r.metric("opinion_mean_all")),
      engagement_mean(r.metric("engagement_mean")),
      negative_share(r.metric("negative_share")),
      active_share(r.metric("active_share")),
      purchases(r.metric("purchases")),
      revenue_fees(r.metric("revenue_fees")),
      revenue_sales(r.metric("revenue_sales")),
      event_costs(r.metric("event_costs")),
      events(r.metric("events")) {}

SummaryHandles::SummaryHandles(const Recorder& r)
    : members_final(r.summary("members_final")),
      members_peak(r.summary("members_peak")),
      groups_final(r.summary("groups_final")),
      groups_alive_final(r.summary("groups_alive_final")),
      retention_30(r.summary("retention_30")),
      retention_90(r.summary("retention_90")),
      retention_180(r.summary("retention_180")),
      active_share_final(r.summary("active_share_final")),
      trust_final(r.summary("trust_final")),
      satisfaction_final(r.summary("satisfaction_final")),
      purchases_total(r.summary("purchases_total")),
      revenue_fees_total(r.summary("revenue_fees_total")),
      revenue_sales_total(r.summary("revenue_sales_total")),
      revenue_total(r.summary("revenue_total")),
      event_costs_total(r.summary("event_costs_total")),
      joins_total(r.summary("joins_total")),
      churns_total(r.summary("churns_total")),
      posts_top1_share(r.summary("posts_top1_share")),
      posts_top10_share(r.summary("posts_top10_share")),
      posts_gini(r.summary("posts_gini")) {}

}  // namespace commsim::models::community
