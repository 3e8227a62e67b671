// The community model's checks across keys, run by the scenario loader for
// every design point (ModelInfo::check): errors for settings the model
// cannot run, warnings for settings that are valid but most likely not what
// was meant. What depends on the run's draws (whether enough people fit the
// topic to seed the groups) cannot be decided here and fails the run.
#include <string>
#include <vector>

#include "models/community/params.hpp"

namespace commsim::models::community {

std::vector<KeyProblem> check_params(const CheckContext& ctx) {
  const AllParams all = bind_params(ctx.population, ctx.params, ctx.behaviour);
  const PeopleParams& p = all.people;
  const CommunityParams& c = all.community;
  std::vector<KeyProblem> problems;

  double total = 0;
  for (const double share : c.seed_roles) {
    total += share;
  }
  if (!(total > 0)) {
    problems.push_back({"community.seed_roles",
                        "the shares add up to 0; give at least one role a positive share"});
  }
  if (c.topic_center.size() != static_cast<std::size_t>(p.dimensions)) {
    problems.push_back({"community.topic.center",
                        "has " + std::to_string(c.topic_center.size()) +
                            " coordinate(s), but population.interests.dimensions is " +
                            std::to_string(p.dimensions) + " (one coordinate per dimension)"});
  }
  if (c.seed_members > static_cast<std::int64_t>(ctx.people)) {
    problems.push_back({"community.seed_members", std::to_string(c.seed_members) +
                                                      " seed members asked for, but "
                                                      "population.size is " +
                                                      std::to_string(ctx.people)});
  }
  const std::int64_t per_group = (c.seed_members + c.groups - 1) / c.groups;
  if (per_group > c.capacity) {
    problems.push_back({"community.seed_members",
                        std::to_string(per_group) + " seed members per group (" +
                            std::to_string(c.seed_members) + " over " + std::to_string(c.groups) +
                            " group(s)) exceed community.capacity (" + std::to_string(c.capacity) +
                            ")"});
  }

  if (c.entry.policy == "paid" && c.entry.fee == 0) {
    problems.push_back({"community.entry.fee",
                        "a paid group with a fee of 0 admits everyone it invites at no cost, as "
                        "policy free does",
                        true});
  }
  for (std::size_t i = 0; i < c.activities.size(); ++i) {
    const ActivityParams& a = c.activities[i];
    if (a.start_day > ctx.days) {
      problems.push_back({"community.activities." + std::to_string(i) + ".start_day",
                          "the first event comes on day " + std::to_string(a.start_day) +
                              ", after the horizon (days: " + std::to_string(ctx.days) +
                              "), so it never happens",
                          true});
    }
  }
  return problems;
}

}  // namespace commsim::models::community
