// The community model's default objective is the organizer's net result over
// the run: what members paid (fees at joining and renewal, and sales after
// discounts) less what the organizer spent on events (prizes and the cost of
// each activity). The model records no single summary of it yet, so the
// objective is declared as the signed sum of the summaries it is made of;
// those are also its breakdown, so a difference between two designs splits
// into fees, sales and costs. The explanatory summaries (joins, churn,
// purchases, members) are the mechanisms behind those parts.
//
// When the model records its net result and its costs by kind, the
// objective becomes that summary, its parts the revenue and cost summaries
// that add up to it; nothing else changes.
//
// Rules that fix a summary: in a paid group members decide only at renewal
// (lifecycle.cpp), so the share of the first-month cohort (days 1-30) still
// there on day N is 1 by construction when the first renewal of anyone in it
// (day 1 + period_days) comes after day N.
#include "models/community/objective.hpp"

#include <array>
#include <string>

namespace commsim::models::community {

Objective community_objective() {
  return declare_objective(
      "net_result", Direction::Maximize,
      {{"revenue_fees_total", 1.0}, {"revenue_sales_total", 1.0}, {"event_costs_total", -1.0}},
      {"joins_total", "churns_total", "purchases_total", "members_final"}, /*recorded=*/false);
}

std::vector<RuleFixedSummary> community_fixed_by_rule() {
  std::vector<RuleFixedSummary> rules;
  for (const std::int64_t day : std::array<std::int64_t, 3>{30, 90, 180}) {
    rules.push_back(
        {"retention_" + std::to_string(day), 1.0,
         "in a paid group members leave only at a renewal, and nobody who joined in the first "
         "30 days reaches a renewal by day " +
             std::to_string(day) + " (period_days >= " + std::to_string(day) + ")",
         [day](const ParamValues& model, std::uint32_t days) {
           return days >= day && model.contains("entry.policy") &&
                  model.get_string("entry.policy") == "paid" &&
                  model.contains("entry.period_days") && model.get_int("entry.period_days") >= day;
         }});
  }
  return rules;
}

}  // namespace commsim::models::community
