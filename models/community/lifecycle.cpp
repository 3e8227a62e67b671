// Phase 8: roles (model.md §5), relationship stages, churn (§6) and group
// liveness. Per person: transitions, stage, patience churn, paid renewals.
// Serially: opinion-leader promotions up to each group's cap (in id order),
// member lists and counts, and quiet groups dying.
#include <algorithm>
#include <cmath>

#include "models/community/community_model.hpp"

namespace commsim::models::community {

namespace {

void leave(std::span<std::uint8_t> status, std::span<std::int32_t> group,
           std::span<std::uint8_t> churn, std::uint32_t a, ChurnReason why) {
  status[a] = static_cast<std::uint8_t>(Status::Churned);
  group[a] = kNoGroup;
  churn[a] = static_cast<std::uint8_t>(why);
}

}  // namespace

void CommunityModel::update_roles(const PhaseStep& step) {
  const BehaviourParams& b = behaviour_;
  const Day day = step.day();
  for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
    transition_today_[a] = kNoTransition;
    churn_today_[a] = kNoChurn;
    fee_today_[a] = 0;
    leader_candidate_[a] = 0;
    if (status_[a] != static_cast<std::uint8_t>(Status::Member)) {
      continue;
    }
    const std::int64_t tenure = static_cast<std::int64_t>(day.value()) - join_day_[a];
    const double o = opinion_[a];
    const double s = satisfaction_[a];
    const auto role = static_cast<Role>(role_[a]);
    const auto become = [&](Role r, Transition t) {
      role_[a] = static_cast<std::uint8_t>(r);
      transition_today_[a] = static_cast<std::uint8_t>(t);
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
               expertise_[a] >= b.leader_expertise && engagement_[a] >= b.leader_engagement) {
      leader_candidate_[a] = 1;  // promoted in update_groups, up to the cap
    }

    // Relationship stage: customer -> fan -> iron fan ("friend").
    const bool fan = trust_[a] > b.fan_trust && o > b.fan_opinion;
    Stage stage = purchases_[a] > 0 ? Stage::Customer : Stage::None;
    if (fan) {
      stage = tenure >= b.iron_fan_tenure && engagement_[a] >= b.iron_fan_engagement
                  ? Stage::IronFan
                  : Stage::Fan;
    }
    stage_[a] = static_cast<std::uint8_t>(stage);

    if (paid_) {
      // Paid members decide only at renewal: stay if satisfied and the next
      // period still seems worth its fee.
      const std::int64_t period = community_.entry.period_days;
      if (tenure > 0 && tenure % period == 0) {
        const bool stays =
            s + commitment(a, day) >= b.renew_threshold && paid_value(a, s) >= community_.entry.fee;
        if (stays) {
          fee_today_[a] = community_.entry.fee;
          spend_[a] += community_.entry.fee;
        } else {
          leave(status_, group_, churn_today_, a, ChurnReason::Renewal);
        }
      }
      continue;
    }
    low_days_[a] = s < b.churn_threshold ? low_days_[a] + 1 : 0;
    if (low_days_[a] >= static_cast<std::uint32_t>(b.patience_days)) {
      leave(status_, group_, churn_today_, a, ChurnReason::Patience);
    }
  }
}

void CommunityModel::rebuild_member_lists() {
  const std::size_t groups = groups_.size();
  member_start_.assign(groups + 1, 0);
  const std::uint32_t n = population_.size();
  for (std::uint32_t a = 0; a < n; ++a) {
    if (group_[a] != kNoGroup) {
      ++member_start_[static_cast<std::size_t>(group_[a]) + 1];
    }
  }
  for (std::size_t g = 0; g < groups; ++g) {
    member_start_[g + 1] += member_start_[g];
    groups_[g].members = member_start_[g + 1] - member_start_[g];
  }
  member_list_.resize(member_start_[groups]);
  std::vector<std::uint32_t> fill(member_start_.begin(), member_start_.end() - 1);
  for (std::uint32_t a = 0; a < n; ++a) {
    if (group_[a] != kNoGroup) {
      member_list_[fill[static_cast<std::size_t>(group_[a])]++] = a;
    }
  }
}

void CommunityModel::update_groups(const PhaseStep& /*step*/) {
  const BehaviourParams& b = behaviour_;
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
      if (leader_candidate_[a] != 0) {
        role_[a] = static_cast<std::uint8_t>(Role::OpinionLeader);
        transition_today_[a] = static_cast<std::uint8_t>(Transition::SupporterToLeader);
        ++leaders;
      }
    }
    // Liveness: a group that stays quiet (or empty) for dead_days dies.
    if (group.dead) {
      continue;
    }
    const double posts_per_member =
        members.empty() ? 0.0
                        : (g < member_posts_by_group_.size() ? member_posts_by_group_[g] : 0) /
                              static_cast<double>(members.size());
    group.quiet_days = posts_per_member < b.dead_posts_per_member ? group.quiet_days + 1 : 0;
    if (group.quiet_days >= static_cast<std::uint32_t>(b.dead_days)) {
      group.dead = true;
    }
  }
}

}  // namespace commsim::models::community
