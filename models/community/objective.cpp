// The community model's default objective is the organizer's net result over
// the run, the recorded `net_result_total`: revenue (fees at joining and
// renewal, and sales after discounts, less refunds) minus every cost the
// organizer bears (events: prizes, the organizer's red packets and meetups;
// moderation time and filtering). Its parts are the summaries that add up to
// it exactly, so that a difference between two designs splits into fees,
// sales, refunds, event costs and moderation costs:
//
//   net_result_total = revenue_fees_total + revenue_sales_total - refunds_total
//                      - event_costs_total - moderation_costs_total
//
// (costs_total = event_costs_total + moderation_costs_total; the red packets'
// share of the event costs is red_packet_costs_total). The explanatory
// summaries (joins, churn, purchases, members) are the mechanisms behind
// those parts.
//
// Rules that fix a summary, as the model records them (metrics.cpp): in a
// paid group without a refund window (entry.refund_days 0 or entry.refund_ask
// 0) members leave only at a renewal (lifecycle.cpp), so the share of the
// first-month cohort (days 1-30) still there on day N is 1 by construction
// when the first renewal of anyone in it (day 1 + period_days) comes after
// day N, that is when period_days >= N. The model then records NaN for
// retention_N, and the results file marks it fixed at 1.
#include "models/community/objective.hpp"

#include <array>
#include <string>

namespace commsim::models::community {

Objective community_objective() {
  return declare_objective("net_result_total", Direction::Maximize,
                           {{"revenue_fees_total", 1.0},
                            {"revenue_sales_total", 1.0},
                            {"refunds_total", -1.0},
                            {"event_costs_total", -1.0},
                            {"moderation_costs_total", -1.0}},
                           {"joins_total", "churns_total", "purchases_total", "members_final"});
}

std::vector<RuleFixedSummary> community_fixed_by_rule() {
  std::vector<RuleFixedSummary> rules;
  for (const std::int64_t day : std::array<std::int64_t, 3>{30, 90, 180}) {
    rules.push_back(
        {"retention_" + std::to_string(day), 1.0,
         "in a paid group without a refund window members leave only at a renewal, and nobody "
         "who joined in the first 30 days reaches a renewal by day " +
             std::to_string(day) + " (period_days >= " + std::to_string(day) + ")",
         [day](const ParamValues& model, std::uint32_t days) {
           if (days < day || !model.contains("entry.policy") ||
               model.get_string("entry.policy") != "paid" || !model.contains("entry.period_days") ||
               model.get_int("entry.period_days") < day) {
             return false;
           }
           // A refund window lets a member leave before the renewal: then
           // the model simulates retention (metrics.cpp).
           const std::int64_t refund_days =
               model.contains("entry.refund_days") ? model.get_int("entry.refund_days") : 0;
           const double refund_ask =
               model.contains("entry.refund_ask") ? model.get_real("entry.refund_ask") : 0.5;
           return refund_days == 0 || refund_ask == 0.0;
         }});
  }
  return rules;
}

}  // namespace commsim::models::community
