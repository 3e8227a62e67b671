// People given from outside the initial draw (a people file, or the graph
// file's node attributes; docs/scenarios.md#people-files): which person
// attributes may be given, and the hook that puts given values in place of
// drawn ones. Every person's draws are made as without a file, then the
// given values replace them, so giving one attribute never changes another
// person's (or another attribute's) draw. Fit is recomputed from given
// interests. Membership, group and role choose the seed members
// (CommunityModel::initialize).
#include "models/community/community_model.hpp"

namespace commsim::models::community {

std::vector<PersonAttribute> person_attributes() {
  const auto real = [](std::string name, Range range, std::string doc) {
    PersonAttribute a;
    a.name = std::move(name);
    a.type = ParamType::Real;
    a.range = range;
    a.doc = std::move(doc);
    return a;
  };
  std::vector<PersonAttribute> out = {
      real("interest", Range::closed(0, 1),
           "interest coordinate d in [0,1] (interest_0 ... one column per "
           "population.interests.dimensions); fit follows from them"),
      real("wtp", Range::at_least(0), "willingness to pay per period (currency)"),
      real("attention", Range::at_least(0), "messages the person can read a day"),
      real("post_propensity", Range::at_least(0),
           "posting propensity (multiplies behaviour.post_rate)"),
      real("expertise", Range::closed(0, 1), "mean quality of the person's posts"),
      real("opinion", Range::closed(-1, 1), "initial opinion of the brand"),
  };
  out[0].count_key = "population.interests.dimensions";
  PersonAttribute member;
  member.name = "member";
  member.type = ParamType::Bool;
  member.doc =
      "1: a seed member on day 0; 0: never a seed (the seeds drawn at random make up "
      "community.seed_members)";
  out.push_back(member);
  PersonAttribute group;
  group.name = "group";
  group.type = ParamType::Int;
  group.range = Range::at_least(0);
  group.below_key = "community.groups";
  group.implies = "member";
  group.doc = "the seed member's group, 0 to community.groups - 1 (makes the person a member)";
  out.push_back(group);
  PersonAttribute role;
  role.name = "role";
  role.type = ParamType::Choice;
  role.choices = labels(kRoleLabels);
  role.implies = "member";
  role.doc = "the seed member's initial role (makes the person a member)";
  out.push_back(role);
  return out;
}

void CommunityModel::apply_given_people() {
  if (given_ == nullptr) {
    return;
  }
  const PeopleTable& t = *given_;
  const std::uint32_t n = population_.size();
  const auto put = [&](const char* name, std::span<double> column) {
    if (const auto* values = t.column(name)) {
      for (std::uint32_t a = 0; a < n; ++a) {
        if (PeopleTable::given((*values)[a])) {
          column[a] = (*values)[a];
        }
      }
    }
  };
  bool interests = false;
  for (std::size_t d = 0; d < interest_.size(); ++d) {
    const std::string name = "interest_" + std::to_string(d);
    interests = interests || t.column(name) != nullptr;
    put(name.c_str(), interest_[d]);
  }
  put("wtp", wtp_);
  put("attention", attention_);
  put("post_propensity", post_propensity_);
  put("expertise", expertise_);
  put("opinion", opinion_);
  put("opinion", opinion_prior_);  // a given opinion is the disposition it reverts to
  if (interests) {
    for (std::uint32_t a = 0; a < n; ++a) {
      double d2 = 0;
      for (std::size_t d = 0; d < interest_.size(); ++d) {
        const double x = interest_[d][a] - community_.topic_center[d];
        d2 += x * x;
      }
      fit_[a] = topic_kernel(d2);
    }
  }
}

GivenSeeds CommunityModel::given_seeds() const {
  GivenSeeds seeds;
  if (given_ == nullptr) {
    return seeds;
  }
  const auto* member = given_->column("member");
  const auto* group = given_->column("group");
  const auto* role = given_->column("role");
  const std::uint32_t n = population_.size();
  seeds.decided.assign(n, false);
  for (std::uint32_t a = 0; a < n; ++a) {
    const bool in = (member != nullptr && (*member)[a] == 1) ||
                    (group != nullptr && PeopleTable::given((*group)[a])) ||
                    (role != nullptr && PeopleTable::given((*role)[a]));
    const bool out = member != nullptr && (*member)[a] == 0;
    seeds.decided[a] = in || out;
    if (in) {
      seeds.people.push_back(a);
      seeds.group.push_back(group != nullptr && PeopleTable::given((*group)[a])
                                ? static_cast<std::int32_t>((*group)[a])
                                : kNoGroup);
      seeds.role.push_back(role != nullptr && PeopleTable::given((*role)[a])
                               ? static_cast<std::int32_t>((*role)[a])
                               : -1);
    }
  }
  return seeds;
}

}  // namespace commsim::models::community
