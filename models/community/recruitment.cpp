// Phases 8-9: pull-based recruitment. Each outsider looks at its member contacts
// (in adjacency order): each may invite, and the first accepted invitation
// decides the group. Posters shared by member contacts are a second channel;
// the organizer's forced adds a third. Joins are then applied in id order, so
// capacity and cloning do not depend on threads.
#include <algorithm>
#include <cmath>

#include "commsim/distributions.hpp"
#include "models/community/community_model.hpp"

namespace commsim::models::community {

double CommunityModel::paid_value(std::uint32_t person, double satisfaction) const {
  const double referral =
      std::min(1.0, std::max(0.0, satisfaction) / behaviour_.satisfaction_scale);
  return wtp_[person] * community_.entry.value_scale * fit_[person] * (0.5 + 0.5 * referral);
}

double CommunityModel::acceptance(std::uint32_t person, double inviter_satisfaction,
                                  RandomStream& rng) const {
  const EntryParams& e = community_.entry;
  double a = 0;
  if (threshold_) {
    const bool passes = fit_[person] >= e.min_fit && bernoulli(rng, e.pass_rate);
    a = passes ? std::min(1.0, e.accept_base * fit_[person] * e.exclusivity) : 0.0;
  } else if (paid_) {
    a = paid_value(person, inviter_satisfaction) >= e.monthly_fee() ? e.accept_base : 0.0;
  } else {
    a = e.accept_base * (0.5 + 0.5 * fit_[person]);
  }
  const bool returning = status_[person] == static_cast<std::uint8_t>(Status::Churned);
  return returning ? a * community_.rejoin_accept : a;
}

void CommunityModel::consider_invitations(const PhaseStep& step) {
  const CommunityParams& c = community_;
  const double poster_miss = 1 - c.poster_rate * c.poster_reach;
  constexpr auto kMember = static_cast<std::uint8_t>(Status::Member);
  for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
    wants_group_[a] = kNoGroup;
    inviter_[a] = -1;
    invitations_today_[a] = 0;
    if (status_[a] == kMember) {
      continue;
    }
    const auto contacts = graph_.neighbors(AgentId{a});
    std::uint32_t member_contacts = 0;
    for (VertexIndex j : contacts) {
      member_contacts += status_[j] == kMember && live(group_[j]) ? 1U : 0U;
    }
    if (member_contacts == 0) {
      continue;
    }
    auto rng = step.stream(a);
    for (VertexIndex j : contacts) {
      if (status_[j] != kMember || !live(group_[j])) {
        continue;
      }
      const double p = c.invite_rate * engagement_[j] * std::max(satisfaction_[j], 0.0) *
                       behaviour_.roles[role_[j]].invites;
      if (!bernoulli(rng, p)) {
        continue;
      }
      ++invitations_today_[a];
      if (wants_group_[a] == kNoGroup && bernoulli(rng, acceptance(a, satisfaction_[j], rng))) {
        wants_group_[a] = group_[j];
        wants_channel_[a] = static_cast<std::uint8_t>(Channel::Invite);
        inviter_[a] = static_cast<std::int32_t>(j);
      }
    }
    if (wants_group_[a] != kNoGroup) {
      continue;
    }
    // Posters: each member contact shares one with probability poster_rate,
    // and a share poster_reach of their contacts see it.
    const double seen = 1 - std::pow(poster_miss, member_contacts);
    if (!bernoulli(rng, seen)) {
      continue;
    }
    std::uint32_t pick = uniform_index(rng, member_contacts);
    for (VertexIndex j : contacts) {
      if (status_[j] != kMember || !live(group_[j])) {
        continue;
      }
      if (pick-- == 0) {
        if (bernoulli(rng, c.poster_accept * acceptance(a, 0.0, rng))) {
          wants_group_[a] = group_[j];
          wants_channel_[a] = static_cast<std::uint8_t>(Channel::Poster);
        }
        break;
      }
    }
  }
}

void CommunityModel::join(std::uint32_t person, std::int32_t group, Channel channel, double trust,
                          Day day) {
  status_[person] = static_cast<std::uint8_t>(Status::Member);
  group_[person] = group;
  role_[person] = static_cast<std::uint8_t>(Role::Newcomer);
  trust_[person] = trust;
  trust_anchor_[person] =
      std::log(std::clamp(trust, 1e-3, 1 - 1e-3) / (1 - std::clamp(trust, 1e-3, 1 - 1e-3)));
  muted_[person] = 0;
  packet_pending_[person] = 0;
  satisfaction_[person] = 0;
  low_days_[person] = 0;
  join_day_[person] = static_cast<std::int32_t>(day.value());
  if (first_join_day_[person] < 0) {
    first_join_day_[person] = join_day_[person];
  }
  channel_[person] = static_cast<std::uint8_t>(channel);
  engagement_[person] =
      1.0 / (1.0 + std::exp(-behaviour_.engagement_gain *
                            (commitment(person, day) - behaviour_.engagement_midpoint)));
  ++groups_[static_cast<std::size_t>(group)].members;
  if (channel != Channel::Seed) {
    today_.joins[static_cast<std::size_t>(channel) - 1] += 1;
  }
  if (trace_ != nullptr) {
    trace_join(person, group, channel, day);
  }
}

std::int32_t CommunityModel::group_with_room(std::int32_t wanted, Day day) {
  const auto capacity = static_cast<std::uint32_t>(community_.capacity);
  std::int32_t g = wanted;
  for (;;) {
    Group& group = groups_[static_cast<std::size_t>(g)];
    if (group.members < capacity) {
      return g;
    }
    if (group.clone != kNoGroup && live(group.clone)) {
      g = group.clone;
      continue;
    }
    if (!community_.clone_when_full) {
      return kNoGroup;
    }
    // Clone: a supporter or opinion leader of the full group (the first by
    // id still in it, else its first member) moves over as the seed.
    const auto clone = static_cast<std::int32_t>(groups_.size());
    const auto from = static_cast<std::size_t>(g);
    std::int32_t seed = -1;
    std::int32_t fallback = -1;
    // A group opened today has no list yet; its clone opens without a seed.
    const bool listed = from + 1 < member_start_.size();
    for (std::uint32_t i = listed ? member_start_[from] : 0; listed && i < member_start_[from + 1];
         ++i) {
      const std::uint32_t a = member_list_[i];
      if (group_[a] != g) {
        continue;  // left or moved since the list was built
      }
      fallback = fallback < 0 ? static_cast<std::int32_t>(a) : fallback;
      const auto r = static_cast<Role>(role_[a]);
      if (r == Role::Supporter || r == Role::OpinionLeader) {
        seed = static_cast<std::int32_t>(a);
        break;
      }
    }
    seed = seed < 0 ? fallback : seed;
    open_group(day);
    groups_[from].clone = clone;
    if (seed >= 0) {
      group_[static_cast<std::uint32_t>(seed)] = clone;
      --groups_[from].members;
      ++groups_.back().members;
    }
    return clone;
  }
}

void CommunityModel::admit(const PhaseStep& step) {
  const CommunityParams& c = community_;
  const std::uint32_t n = population_.size();
  const Day day = step.day();
  constexpr auto kMember = static_cast<std::uint8_t>(Status::Member);

  // Forced adds: random non-members into the live group with the most room.
  auto organizer = step.stream(n);
  const auto forced = poisson(organizer, c.forced_adds_per_day);
  for (std::uint64_t i = 0; i < forced; ++i) {
    std::int32_t target = kNoGroup;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      if (live(static_cast<std::int32_t>(g)) && groups_[g].members > 0 &&
          (target == kNoGroup ||
           groups_[g].members < groups_[static_cast<std::size_t>(target)].members)) {
        target = static_cast<std::int32_t>(g);
      }
    }
    const std::uint32_t person = uniform_index(organizer, n);
    if (target == kNoGroup || status_[person] == kMember) {
      continue;  // nobody to add to, or already in
    }
    target = group_with_room(target, day);
    if (target == kNoGroup) {
      continue;
    }
    join(person, target, Channel::Forced, c.forced_trust, day);
    opinion_[person] = std::max(-1.0, opinion_[person] - c.forced_opinion_hit);
  }

  for (std::uint32_t a = 0; a < n; ++a) {
    if (wants_group_[a] == kNoGroup || status_[a] == kMember || !live(wants_group_[a])) {
      continue;
    }
    const std::int32_t g = group_with_room(wants_group_[a], day);
    if (g == kNoGroup) {
      continue;  // full, no cloning: the invitation lapses
    }
    const auto channel = static_cast<Channel>(wants_channel_[a]);
    const std::int32_t inviter = inviter_[a];
    const double trust = channel == Channel::Invite
                             ? c.trust_transfer * trust_[static_cast<std::uint32_t>(inviter)]
                             : c.poster_trust;
    join(a, g, channel, trust, day);
    if (inviter >= 0) {
      ++invites_sent_[static_cast<std::uint32_t>(inviter)];
    }
    if (paid_) {
      today_.fees += c.entry.fee;
      spend_[a] += c.entry.fee;
    }
  }
}

}  // namespace commsim::models::community
