// Phases 1-2 of a day: which events fire, who posts, and the messages each
// live group carries today (after moderation).
#include <algorithm>
#include <cmath>

#include "commsim/distributions.hpp"
#include "models/community/community_model.hpp"

namespace commsim::models::community {

namespace {

float clipped_quality(RandomStream& rng, double mean, double sd) {
  return static_cast<float>(std::clamp(normal(rng, mean, sd), 0.0, 1.0));
}

}  // namespace

void CommunityModel::fire_events(const PhaseStep& step) {
  today_ = DayTotals{};
  effects_ = {};
  const std::uint32_t day = step.day().value();
  for (const ActivityParams& item : community_.activities) {
    if (day < item.start_day || (day - item.start_day) % item.every_days != 0) {
      continue;
    }
    EventEffect& e = effects_[static_cast<std::size_t>(item.type)];
    e.fired = true;
    e.boost += item.boost;
    e.incentive += item.incentive;
    e.discount = std::max(e.discount, item.discount);
    e.value += item.reward * behaviour_.value_per_currency + item.social;
    e.cost += item.cost + item.reward;  // lottery prizes are paid by the organizer
    e.posts += item.posts;
    e.quality = std::max(e.quality, item.quality);
    e.stock += item.stock;
  }
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (groups_[g].dead || groups_[g].members == 0) {
      continue;
    }
    for (std::size_t t = 0; t < kActivities; ++t) {
      if (effects_[t].fired) {
        today_.events[t] += 1;
        today_.event_costs += effects_[t].cost * groups_[g].members;
      }
    }
  }
}

void CommunityModel::post(const PhaseStep& step) {
  const Day day = step.day();
  for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
    posts_today_[a] = 0;
    if (status_[a] != static_cast<std::uint8_t>(Status::Member) || !live(group_[a])) {
      continue;
    }
    auto rng = step.stream(a);
    const double rate = behaviour_.post_rate * post_propensity_[a] * engagement_[a] *
                        behaviour_.roles[role_[a]].posting;
    const auto n = static_cast<std::uint32_t>(poisson(rng, rate));
    if (n > 0) {
      posts_today_[a] = n;
      posts_[a] += n;
      last_post_day_[a] = static_cast<std::int32_t>(day.value());
    }
  }
}

void CommunityModel::gather_messages(const PhaseStep& step) {
  const std::size_t groups = groups_.size();
  messages_.clear();
  message_start_.assign(groups + 1, 0);
  member_posts_by_group_.assign(groups, 0);
  const EventEffect& talk = effects_[static_cast<std::size_t>(Activity::LiveTalk)];
  for (std::size_t g = 0; g < groups; ++g) {
    message_start_[g] = static_cast<std::uint32_t>(messages_.size());
    if (groups_[g].dead || groups_[g].members == 0) {
      continue;
    }
    auto organizer = step.stream(group_entity(g));
    const auto own = poisson(organizer, community_.organizer_posts_per_day);
    for (std::uint64_t i = 0; i < own; ++i) {
      const float q =
          clipped_quality(organizer, community_.content_quality, community_.content_quality_sd);
      const bool ad = bernoulli(organizer, community_.ad_share);
      messages_.push_back({kOrganizer, q, 1.0F, ad ? MessageKind::Ad : MessageKind::Normal});
      today_.ads += ad ? 1 : 0;
    }
    const auto talk_posts = talk.fired ? poisson(organizer, talk.posts) : 0;
    for (std::uint64_t i = 0; i < talk_posts; ++i) {
      messages_.push_back({kOrganizer,
                           clipped_quality(organizer, talk.quality, community_.content_quality_sd),
                           1.0F, MessageKind::Normal});
    }
    today_.posts += static_cast<double>(own + talk_posts);
    for (std::uint32_t i = member_start_[g]; i < member_start_[g + 1]; ++i) {
      const std::uint32_t a = member_list_[i];
      if (posts_today_[a] == 0) {
        continue;
      }
      auto rng = step.stream(a);
      const bool spammer = fit_[a] < behaviour_.spam_fit;
      const double mean_quality = expertise_[a] * behaviour_.roles[role_[a]].quality;
      for (std::uint32_t k = 0; k < posts_today_[a]; ++k) {
        const float q = clipped_quality(rng, mean_quality, behaviour_.post_quality_sd);
        const bool ad = spammer && bernoulli(rng, behaviour_.spam_rate);
        if (ad) {
          today_.ads += 1;
          if (bernoulli(rng, community_.ad_removal)) {
            today_.ads_removed += 1;
            continue;
          }
          messages_.push_back(
              {static_cast<std::int32_t>(a), q, static_cast<float>(opinion_[a]), MessageKind::Ad});
          continue;
        }
        const bool answered = opinion_[a] < 0 && bernoulli(rng, community_.response_to_negative);
        messages_.push_back({static_cast<std::int32_t>(a), q, static_cast<float>(opinion_[a]),
                             answered ? MessageKind::Answered : MessageKind::Normal});
      }
      member_posts_by_group_[g] += posts_today_[a];
      today_.posts += posts_today_[a];
    }
  }
  message_start_[groups] = static_cast<std::uint32_t>(messages_.size());
}

}  // namespace commsim::models::community
