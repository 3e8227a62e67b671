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
      plain("members", "people", "members of any group (the observed reader's members)"),
      plain("groups", "groups", "groups ever opened (incl. clones)"),
      plain("groups_alive", "groups", "groups not dead and with members"),
      plain("posts", "messages",
            "messages posted today: organizer and member posts and replies, before "
            "moderation (the observed reader's posts)"),
      plain("ads", "messages", "ads posted today (organizer ads and member spam)"),
      plain("ads_removed", "messages", "ads removed by moderation today"),
      plain("posts_removed", "messages",
            "off-topic member posts removed for everyone today (community "
            "moderation)"),
      plain("authors", "people",
            "distinct members who posted today (the observed reader's authors)"),
      plain("replies", "messages",
            "posts today that reply to a thread started today (welcome replies "
            "included)"),
      plain("reply_share", "share",
            "share of today's posts that reply to another post (as the observed "
            "reader's reply_share)"),
      plain("unanswered_share", "share",
            "share of today's thread starters (posts that are not replies, ads "
            "left out) that nobody else answered the same day (the observed "
            "reader's unanswered_share, the day standing for its 24 hours)"),
      plain("welcome_replies", "messages",
            "replies the organizer's side wrote to newcomers' unanswered first "
            "posts today (welcome duty)"),
      plain("reads", "messages", "messages read today"),
      plain("ads_read", "messages", "ads read today"),
      plain("reads_off_topic", "messages",
            "messages read today whose relevance to the reader is below "
            "moderation.off_topic"),
      plain("hidden", "messages",
            "messages hidden from readers' views by personalized moderation today, "
            "summed over readers"),
      {"joins", "people",
       "joins today by channel (sum over channels: the observed reader's "
       "joins)",
       "channel", labels(kChannelLabels)},
      plain("leaves", "people",
            "members who left today, all reasons (the observed reader's leaves)"),
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
      plain("active_share", "share",
            "share of members who posted in the last 7 days (disengaged paying "
            "members count as inactive)"),
      plain("members_disengaged", "people",
            "paying members who stopped reading and posting and wait for their "
            "renewal"),
      {"red_packets", "packets", "red packets put into groups today, by sender", "sender",
       labels(kSenderLabels)},
      {"red_packet_amount", "currency",
       "money put into red packets today, by who put it in (what nobody grabs goes back)", "source",
       labels(kSenderLabels)},
      plain("red_packet_grabs", "people", "red packet shares grabbed today"),
      plain("purchases", "purchases", "purchases today"),
      plain("revenue_fees", "currency", "fees collected today (joining and renewals)"),
      plain("revenue_sales", "currency", "sales today, after discounts"),
      plain("refunds", "currency", "fees paid back today (refund window)"),
      plain("event_costs", "currency",
            "organizer's cost of today's events: prizes, red packets grabbed, "
            "meetups"),
      {"costs", "currency",
       "organizer's costs today by kind: prizes, red packets grabbed, "
       "meetups, moderation time (reviewing, responses, welcome replies) at "
       "costs.hourly_rate and personalized filtering",
       "kind", labels(kCostLabels)},
      plain("moderation_hours", "hours",
            "organizer's hours of moderation today (reviewing, responses, welcome "
            "replies)"),
      plain("net_result", "currency",
            "revenue_fees + revenue_sales - refunds - the day's costs (all kinds)"),
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
      {"groups_dead_final", "groups", "groups that died by the horizon"},
      {"dead_group_lifespan_mean", "days",
       "mean days from opening to death of the groups that died (NaN if none)"},
      {"early_posts_alive", "messages",
       "mean member posts a day in their first early_days days of the groups "
       "alive at the horizon (opened at least early_days days before it; NaN "
       "if none)"},
      {"early_posts_dead", "messages", "the same for the groups that died (NaN if none)"},
      {"retention_30", "share",
       "of the people who joined on days 1-30, the share who are members on "
       "day 30 (NaN when fixed by the rules: in a paid group without a refund "
       "window nobody can leave before a renewal, so a cohort's retention "
       "before its first renewal is 1 by construction)"},
      {"retention_90", "share",
       "the same cohort's share still members on day 90 (NaN if days < 90, or "
       "when fixed by the rules as for retention_30)"},
      {"retention_180", "share",
       "the same cohort's share on day 180 (NaN if days < 180, or when fixed "
       "by the rules as for retention_30)"},
      {"active_share_final", "share",
       "share of members who posted in the last 7 days, at the horizon"},
      {"disengaged_share_final", "share",
       "share of members at the horizon who are paying but disengaged"},
      {"tenured_never_posted_share", "share",
       "among members at the horizon with at least 30 days' tenure, the share "
       "who never posted"},
      {"tenured_active_share", "share",
       "among members at the horizon with at least 30 days' tenure, the share "
       "who posted in the last 7 days"},
      {"trust_final", "level", "mean trust of members at the horizon (a level in [0, 1])"},
      {"satisfaction_final", "value", "mean satisfaction of members at the horizon"},
      {"trust_extreme_share", "share",
       "share of members at the horizon with trust below 0.05 or above 0.95"},
      {"opinion_extreme_share", "share",
       "share of members at the horizon with opinion below -0.95 or above 0.95"},
      {"purchases_total", "purchases", "purchases over the run"},
      {"revenue_fees_total", "currency", "fees over the run"},
      {"revenue_sales_total", "currency", "sales over the run"},
      {"refunds_total", "currency", "fees paid back over the run"},
      {"revenue_total", "currency", "fees + sales - refunds over the run"},
      {"event_costs_total", "currency",
       "cost of events over the run (prizes, red packets, meetups)"},
      {"moderation_costs_total", "currency", "cost of moderation time and filtering over the run"},
      {"red_packet_costs_total", "currency",
       "money the organizer's red packets gave away over the run"},
      {"costs_total", "currency", "all the organizer's costs over the run (every kind)"},
      {"net_result_total", "currency", "revenue_total - costs_total"},
      {"joins_total", "people", "joins over the run (all channels)"},
      {"churns_total", "people", "departures over the run"},
      {"posts_total", "messages",
       "posts over the run, organizer's included (the observed reader's "
       "posts_total)"},
      {"replies_total", "messages", "replies over the run (the observed reader's replies_total)"},
      {"reply_share_total", "share", "replies_total / posts_total"},
      {"unanswered_share_total", "share",
       "thread starters nobody else answered the same day, over all thread "
       "starters of the run"},
      {"posting_authors", "people",
       "people who posted during the run (the observed reader's posting_authors)"},
      {"posts_top1_share", "share",
       "share of member posts written by the top 1% of posting authors (the observed reader's "
       "posts_top1_share)"},
      {"posts_top10_share", "share",
       "share of member posts written by the top 10% of posting authors (the observed "
       "reader's posts_top10_share)"},
      {"posts_gini", "gini",
       "Gini coefficient of posts among posting authors (the observed reader's posts_gini)"},
      {"posts_top1_share_ever_members", "share",
       "share of member posts written by the top 1% of everyone who was ever a member, "
       "lurkers included (the observed reader's posts_top1_share_ever_members)"},
      {"posts_top10_share_ever_members", "share",
       "the same for the top 10% (the observed reader's posts_top10_share_ever_members)"},
      {"posts_gini_ever_members", "gini",
       "Gini coefficient of posts among everyone who was ever a member (the observed reader's "
       "posts_gini_ever_members)"},
      {"sign_ups", "people", "people who joined during the run (seed members left out)"},
      {"sign_ups_posting_share", "share",
       "share of sign-ups who ever posted (the observed reader's "
       "sign_ups_posting_share)"},
      {"newcomers", "people", "sign-ups whose first post was during the run"},
      {"newcomer_answered_share", "share",
       "share of newcomers whose posts on the day of their first post drew a "
       "reply from someone else (the observed reader's any rule)"},
      {"newcomer_return_share", "share",
       "share of newcomers who posted again on a later day at most 30 days "
       "after their first post (newcomers whose first post is less than 30 "
       "days before the horizon left out)"},
      {"newcomer_return_share_answered", "share",
       "the return share of the newcomers who were answered"},
      {"newcomer_return_share_unanswered", "share",
       "the return share of the newcomers who were not answered"},
      {"red_packets_total", "packets",
       "red packets put into groups over the run (organizer and members)"},
      {"packet_return_per_unit", "currency",
       "gift contagion: least-squares slope, over every red-packet grab, of "
       "the money the grabber sent back the next day on the money they "
       "grabbed that day (Yuan et al. 2019: 0.18; NaN without grabs)"},
      {"packet_return_per_unit_luckiest", "currency",
       "the same slope over the grabs where the grabber was the luckiest"},
      {"packet_return_per_unit_others", "currency", "the same slope over the other grabs"},
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
      posts_removed(r.metric("posts_removed")),
      authors(r.metric("authors")),
      replies(r.metric("replies")),
      reply_share(r.metric("reply_share")),
      unanswered_share(r.metric("unanswered_share")),
      welcome_replies(r.metric("welcome_replies")),
      reads(r.metric("reads")),
      ads_read(r.metric("ads_read")),
      reads_off_topic(r.metric("reads_off_topic")),
      hidden(r.metric("hidden")),
      joins(r.metric("joins")),
      leaves(r.metric("leaves")),
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
      members_disengaged(r.metric("members_disengaged")),
      red_packets(r.metric("red_packets")),
      red_packet_amount(r.metric("red_packet_amount")),
      red_packet_grabs(r.metric("red_packet_grabs")),
      purchases(r.metric("purchases")),
      revenue_fees(r.metric("revenue_fees")),
      revenue_sales(r.metric("revenue_sales")),
      refunds(r.metric("refunds")),
      event_costs(r.metric("event_costs")),
      costs(r.metric("costs")),
      moderation_hours(r.metric("moderation_hours")),
      net_result(r.metric("net_result")),
      events(r.metric("events")) {}

SummaryHandles::SummaryHandles(const Recorder& r)
    : members_final(r.summary("members_final")),
      members_peak(r.summary("members_peak")),
      groups_final(r.summary("groups_final")),
      groups_alive_final(r.summary("groups_alive_final")),
      groups_dead_final(r.summary("groups_dead_final")),
      dead_group_lifespan_mean(r.summary("dead_group_lifespan_mean")),
      early_posts_alive(r.summary("early_posts_alive")),
      early_posts_dead(r.summary("early_posts_dead")),
      retention_30(r.summary("retention_30")),
      retention_90(r.summary("retention_90")),
      retention_180(r.summary("retention_180")),
      active_share_final(r.summary("active_share_final")),
      disengaged_share_final(r.summary("disengaged_share_final")),
      tenured_never_posted_share(r.summary("tenured_never_posted_share")),
      tenured_active_share(r.summary("tenured_active_share")),
      trust_final(r.summary("trust_final")),
      satisfaction_final(r.summary("satisfaction_final")),
      trust_extreme_share(r.summary("trust_extreme_share")),
      opinion_extreme_share(r.summary("opinion_extreme_share")),
      purchases_total(r.summary("purchases_total")),
      revenue_fees_total(r.summary("revenue_fees_total")),
      revenue_sales_total(r.summary("revenue_sales_total")),
      refunds_total(r.summary("refunds_total")),
      revenue_total(r.summary("revenue_total")),
      event_costs_total(r.summary("event_costs_total")),
      moderation_costs_total(r.summary("moderation_costs_total")),
      red_packet_costs_total(r.summary("red_packet_costs_total")),
      costs_total(r.summary("costs_total")),
      net_result_total(r.summary("net_result_total")),
      joins_total(r.summary("joins_total")),
      churns_total(r.summary("churns_total")),
      posts_total(r.summary("posts_total")),
      replies_total(r.summary("replies_total")),
      reply_share_total(r.summary("reply_share_total")),
      unanswered_share_total(r.summary("unanswered_share_total")),
      posting_authors(r.summary("posting_authors")),
      posts_top1_share(r.summary("posts_top1_share")),
      posts_top10_share(r.summary("posts_top10_share")),
      posts_gini(r.summary("posts_gini")),
      posts_top1_share_ever_members(r.summary("posts_top1_share_ever_members")),
      posts_top10_share_ever_members(r.summary("posts_top10_share_ever_members")),
      posts_gini_ever_members(r.summary("posts_gini_ever_members")),
      sign_ups(r.summary("sign_ups")),
      sign_ups_posting_share(r.summary("sign_ups_posting_share")),
      newcomers(r.summary("newcomers")),
      newcomer_answered_share(r.summary("newcomer_answered_share")),
      newcomer_return_share(r.summary("newcomer_return_share")),
      newcomer_return_share_answered(r.summary("newcomer_return_share_answered")),
      newcomer_return_share_unanswered(r.summary("newcomer_return_share_unanswered")),
      red_packets_total(r.summary("red_packets_total")),
      packet_return_per_unit(r.summary("packet_return_per_unit")),
      packet_return_per_unit_luckiest(r.summary("packet_return_per_unit_luckiest")),
      packet_return_per_unit_others(r.summary("packet_return_per_unit_others")) {}

}  // namespace commsim::models::community
