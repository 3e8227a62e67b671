// Phases 10-11: roles (model.md §5), relationship stages, churn (§6, §10)
// and group liveness. Per person: transitions, stage, patience churn, paid
// members' disengagement, refunds and renewals. Serially: opinion-leader
// promotions up to each group's cap (in id order), member lists and counts,
// and quiet groups dying.
//
// Paid groups that disengage (model.md §10). A paying member counts low days
// like anyone else; after patience_days of them in a row they disengage:
// they stop reading and posting (so they drop out of the active share) but
// stay, paid up, until their next renewal, where they leave. An engaged
// member renews when satisfaction + commitment clears renew_threshold
// (satisfaction already nets the monthly fee burden against willingness to
// pay, so there is no second test of the fee). Inside an optional refund window (entry.refund_days
// after a payment) a member who disengages asks for the fee back with probability entry.refund_ask,
// gets it (`refunds`) and leaves. Seeds and forced adds paid nothing at joining, so they have
// nothing to ask back before their first renewal.
//
// Group lifecycle (Qiu et al. 2016). A group is judged from its dead_days-th
// day on: if its members wrote fewer than dead_posts_per_day posts a day over
// the last dead_days days, it is dead for good. A group that does not get
// going in its first weeks dies; one that does can live long, since its
// activity grows with its members.
#include <algorithm>
#include <cmath>

#include "models/community/community_model.hpp"

namespace commsim::models::community {

namespace {

// The person's group is cleared in update_groups (serially: their contacts'
// same-group counts change).
void leave(std::span<std::uint8_t> status, MemberRecord& r, std::uint32_t a, ChurnReason why) {
  status[a] = static_cast<std::uint8_t>(Status::Churned);
  r.churn = static_cast<std::uint8_t>(why);
}

// Whether a group should be judged dead today (see the file's essay).
bool quiet(const Group& group, std::int32_t today, const BehaviourParams& b) {
  if (group.members == 0) {
    return today - group.opened >= b.dead_days;
  }
  return today - group.opened >= b.dead_days &&
         static_cast<double>(group.recent_sum) <
             b.dead_posts_per_day * static_cast<double>(b.dead_days);
}

}  // namespace

void CommunityModel::update_roles(const PhaseStep& step) {
  const Day day = step.day();
  const auto prefetch = [&](std::uint32_t a, Ahead ahead) {
    if (ahead == Ahead::Far) {
      // The record holds the member's state; the columns are the counts.
      prefetch_entries(a, ever_slot_, purchases_);
      prefetch_for_writing(a, stage_, low_days_);
    } else {
      prefetch_record(a);
    }
  };
  for_each_member(day_people_, prefetch, [&](std::uint32_t a) {
    MemberRecord& r = record_of(a);
    r.transition = kNoTransition;
    r.churn = kNoChurn;
    r.fee = 0;
    r.refund = 0;
    r.leader_candidate = 0;
    update_role(a, day, step);
  });
}

void CommunityModel::update_role(std::uint32_t a, Day day, const PhaseStep& step) {
  const BehaviourParams& b = behaviour_;
  MemberRecord& r = record_of(a);
  {
    const std::int64_t tenure = static_cast<std::int64_t>(day.value()) - r.join_day;
    const double o = r.opinion;
    const double s = r.satisfaction;
    const auto role = static_cast<Role>(r.role);
    const auto become = [&](Role next, Transition t) {
      role_[a] = static_cast<std::uint8_t>(next);
      r.role = role_[a];
      r.transition = static_cast<std::uint8_t>(t);
    };
    if (role != Role::Opponent && o < b.opponent_opinion && s < b.opponent_satisfaction) {
      become(Role::Opponent, Transition::ToOpponent);
    } else if (role == Role::Opponent && o > b.opponent_recovery) {
      become(Role::Learner, Transition::OpponentToLearner);
    } else if (role == Role::Newcomer && tenure >= b.newcomer_days) {
      become(Role::Learner, Transition::NewcomerToLearner);
    } else if (role == Role::Learner && o > b.supporter_opinion && s > b.supporter_satisfaction) {
      become(Role::Supporter, Transition::LearnerToSupporter);
    } else if (role == Role::Supporter && tenure >= b.leader_tenure &&
               r.expertise >= b.leader_expertise && r.engagement >= b.leader_engagement) {
      r.leader_candidate = 1;  // promoted in update_groups, up to the cap
    }

    // Relationship stage: customer -> fan -> iron fan ("friend").
    const bool fan = r.trust > b.fan_trust && o > b.fan_opinion;
    Stage stage = purchases_[a] > 0 ? Stage::Customer : Stage::None;
    if (fan) {
      stage = tenure >= b.iron_fan_tenure && r.engagement >= b.iron_fan_engagement ? Stage::IronFan
                                                                                   : Stage::Fan;
    }
    stage_[a] = static_cast<std::uint8_t>(stage);
    r.stage = stage_[a];

    low_days_[a] = s < b.churn_threshold ? low_days_[a] + 1 : 0;
    const bool fed_up = low_days_[a] >= static_cast<std::uint32_t>(b.patience_days);
    if (!paid_) {
      if (fed_up) {
        leave(status_, r, a, ChurnReason::Patience);
      }
      return;
    }
    // Paid members: disengage when fed up, maybe ask for a refund inside
    // the window, and decide at renewal.
    const EntryParams& e = community_.entry;
    const std::int64_t since_payment = tenure % e.period_days;
    if (fed_up && r.muted == 0) {
      muted_[a] = 1;
      r.muted = 1;
      // Seeds and forced adds paid nothing at joining: only a fee paid can
      // come back.
      const Channel channel = r.channel;
      const bool paid_last =
          tenure >= e.period_days || channel == Channel::Invite || channel == Channel::Poster;
      auto rng = step.stream(a);
      if (paid_last && since_payment < e.refund_days && bernoulli(rng, e.refund_ask)) {
        r.refund = e.fee;
        spend_[a] -= e.fee;
        leave(status_, r, a, ChurnReason::Refund);
        muted_[a] = 0;
        r.muted = 0;
        return;
      }
    }
    if (tenure > 0 && since_payment == 0) {
      // Satisfaction already weighs the fee against willingness to pay (the
      // fee burden in reading.cpp); a disengaged member does not pay again.
      const bool stays = r.muted == 0 && s + commitment(a, day) >= b.renew_threshold;
      if (stays) {
        r.fee = e.fee;
        spend_[a] += e.fee;
      } else {
        leave(status_, r, a, ChurnReason::Renewal);
        muted_[a] = 0;
        r.muted = 0;
      }
    }
  }
}

void CommunityModel::rebuild_member_lists() {
  // Today's people still in a group, by id, then counted into groups (a
  // stable counting sort keeps ids ascending within each group). Everyone
  // who is a member was a member this morning or joined today.
  std::vector<std::uint32_t> members;
  members.reserve(day_people_.size());
  for (const std::uint32_t a : day_people_) {
    if (group_[a] != kNoGroup) {
      members.push_back(a);
    }
  }
  std::sort(members.begin(), members.end());
  const std::size_t groups = groups_.size();
  member_start_.assign(groups + 1, 0);
  for (const std::uint32_t a : members) {
    ++member_start_[static_cast<std::size_t>(group_[a]) + 1];
  }
  for (std::size_t g = 0; g < groups; ++g) {
    member_start_[g + 1] += member_start_[g];
    groups_[g].members = member_start_[g + 1] - member_start_[g];
  }
  member_list_.resize(members.size());
  std::vector<std::uint32_t> fill(member_start_.begin(), member_start_.end() - 1);
  for (const std::uint32_t a : members) {
    member_list_[fill[static_cast<std::size_t>(group_[a])]++] = a;
  }
}

void CommunityModel::open_group(Day day) {
  Group group;
  group.opened = static_cast<std::int32_t>(day.value());
  group.recent.assign(static_cast<std::size_t>(behaviour_.dead_days), 0);
  groups_.push_back(std::move(group));
}

void CommunityModel::update_groups(const PhaseStep& step) {
  const BehaviourParams& b = behaviour_;
  const auto today = static_cast<std::int32_t>(step.day().value());
  if (trace_ != nullptr) {
    trace_leaves(step.day());
  }
  // Today's leavers leave their group and keep their opinion, from now on
  // reverting lazily.
  for (std::size_t i = 0; i < day_people_.size(); ++i) {
    prefetch_record_ahead(day_people_, i, day_people_.size());
    const std::uint32_t a = day_people_[i];
    if (record_of(a).churn != kNoChurn) {
      count_in_group(a, group_[a], -1);
      group_[a] = kNoGroup;
      record_of(a).group = kNoGroup;
      set_member_bit(a, false);
      outsider_[a].value = opinion_[a];
      outsider_[a].day = today;
      outsider_[a].returning = true;
      outsider_deviation_ += opinion_[a] - opinion_prior_[a];
      churned_ += 1;
    }
  }
  rebuild_member_lists();
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    Group& group = groups_[g];
    const auto members =
        std::span(member_list_).subspan(member_start_[g], member_start_[g + 1] - member_start_[g]);
    // Opinion-leader promotions, in id order, up to the group's cap.
    const auto cap = std::max<std::size_t>(
        1,
        static_cast<std::size_t>(std::floor(b.leader_share * static_cast<double>(members.size()))));
    std::size_t leaders = 0;
    for (std::uint32_t a : members) {
      leaders += role_[a] == static_cast<std::uint8_t>(Role::OpinionLeader) ? 1U : 0U;
    }
    for (std::uint32_t a : members) {
      if (leaders >= cap) {
        break;
      }
      MemberRecord& r = record_of(a);
      if (r.leader_candidate != 0) {
        role_[a] = static_cast<std::uint8_t>(Role::OpinionLeader);
        r.role = role_[a];
        r.transition = static_cast<std::uint8_t>(Transition::SupporterToLeader);
        ++leaders;
      }
    }
    if (group.dead) {
      continue;
    }
    // Liveness: member posts over the last dead_days days.
    const std::uint32_t posts = g < member_posts_by_group_.size() ? member_posts_by_group_[g] : 0;
    std::uint32_t& slot = group.recent[static_cast<std::size_t>(today) % group.recent.size()];
    group.recent_sum += posts;
    group.recent_sum -= slot;
    slot = posts;
    if (today > group.opened && today - group.opened <= b.early_days) {
      group.early_posts += posts;
    }
    if (quiet(group, today, b)) {
      group.dead = true;
      group.died = today;
    }
  }
}

}  // namespace commsim::models::community
