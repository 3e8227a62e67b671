// Phases 1, 3 and 4 of a day: which events fire, who posts (thread starters
// and replies), and the messages each live group carries today after
// moderation.
//
// Posting. A member of a live group who has not disengaged posts
//   n ~ Poisson(post_rate x post_propensity x e x roles.<role>.posting x c),
// where c, for someone who joined during the run, is 1 until their first
// post and then answered_posting or unanswered_posting depending on whether
// that post was answered (Joyce and Kraut 2006);
// where e is their engagement, raised by behaviour.packet_boost on a day they
// grabbed a red packet. Posting propensity is zero-inflated (model.md §10,
// "Lurking"): a share population.post_propensity.lurker_share of people
// almost never write, so participation inequality comes from who writes, not
// from who stays. Each post answers a thread started today with probability
// min(1, reply_share x roles.<role>.replies); a person's first post ever
// always starts a thread (an introduction or a question).
//
// Moderation (Ren and Kraut 2014). Under `community` moderation a member post
// whose topic fits the group less than moderation.off_topic (its author's
// fit: a member writes about their own interests) is removed for everyone;
// its author loses behaviour.removal_sting. `personalized` moderation filters
// each reader's view instead (reading.cpp). Under every policy a share
// ad_removal of member ads is removed and negative posts may get a response.
// The organizer's time for reviewing (review_minutes per post reviewed) and
// responding (response_minutes) is a cost at costs.hourly_rate.
//
// Cost: one pass over people (post) and one over the day's messages (gather);
// threads are assigned in replies.cpp.
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
  organizer_packets_.clear();
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
    for (std::int64_t k = 0; k < item.packets; ++k) {
      organizer_packets_.push_back({kOrganizer, item.amount, item.shares});
    }
  }
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (groups_[g].dead || groups_[g].members == 0) {
      continue;
    }
    for (std::size_t t = 0; t < kActivities; ++t) {
      if (!effects_[t].fired) {
        continue;
      }
      today_.events[t] += 1;
      const double cost = effects_[t].cost * groups_[g].members;
      if (t == static_cast<std::size_t>(Activity::Lottery)) {
        today_.costs[static_cast<std::size_t>(Cost::Prizes)] += cost;
      } else if (t == static_cast<std::size_t>(Activity::Meetup)) {
        today_.costs[static_cast<std::size_t>(Cost::Meetups)] += cost;
      }
    }
    if (community_.moderation == Moderation::Personalized) {
      today_.costs[static_cast<std::size_t>(Cost::Moderation)] +=
          community_.personalized_cost * groups_[g].members;
    }
  }
}

void CommunityModel::post(const PhaseStep& step) {
  const BehaviourParams& b = behaviour_;
  const Day day = step.day();
  const auto today = static_cast<std::int32_t>(day.value());
  const auto prefetch = [&](std::uint32_t a, Ahead ahead) {
    if (ahead == Ahead::Far) {
      prefetch_entries(a, ever_slot_);  // the record holds what is read
    } else {
      prefetch_record(a);
    }
  };
  for_each_member(member_list_, prefetch, [&](std::uint32_t a) {
    MemberRecord& r = record_of(a);
    r.posts = 0;
    r.replies = 0;
    r.answers = 0;
    r.removed = 0;
    if (!live(r.group) || r.muted != 0) {
      return;
    }
    auto rng = step.stream(a);
    const RoleParams& role = b.roles[r.role];
    // Grabbing a red packet raises today's engagement.
    const double e = r.received > 0 ? engagement_for(a, day, b.packet_boost) : r.engagement;
    // A newcomer's reception shapes their posting after the first post.
    const bool welcomed_or_not = r.first_post_day >= 0 && r.first_join_day >= 1;
    const double reception =
        welcomed_or_not ? (r.answered != 0 ? b.answered_posting : b.unanswered_posting) : 1.0;
    const double rate = b.post_rate * r.post_propensity * e * role.posting * reception;
    const auto n = static_cast<std::uint32_t>(poisson(rng, rate));
    if (n == 0) {
      return;
    }
    const bool first = r.first_post_day < 0;
    const double reply = std::min(1.0, b.reply_share * role.replies);
    std::uint32_t replies = 0;
    for (std::uint32_t k = first ? 1 : 0; k < n; ++k) {
      replies += bernoulli(rng, reply) ? 1U : 0U;
    }
    r.posts = n;
    r.replies = replies;
    posts_[a] += n;
    if (first) {
      first_post_day_[a] = today;
      r.first_post_day = today;
    } else if (return_day_[a] < 0 && today > r.first_post_day) {
      return_day_[a] = today;
    }
    last_post_day_[a] = today;
    r.last_post_day = today;
  });
}

bool CommunityModel::off_topic_for_group(const MemberRecord& author) const {
  return community_.moderation == Moderation::Community && author.fit < community_.off_topic;
}

void CommunityModel::gather_messages(const PhaseStep& step) {
  const CommunityParams& c = community_;
  const std::size_t groups = groups_.size();
  messages_.clear();
  message_start_.assign(groups + 1, 0);
  member_posts_by_group_.assign(groups, 0);
  const EventEffect& talk = effects_[static_cast<std::size_t>(Activity::LiveTalk)];
  // Share of member posts the organizer reviews (for ads, or for topic).
  const double reviewed = c.moderation == Moderation::Community ? 1.0 : c.ad_removal;
  for (std::size_t g = 0; g < groups; ++g) {
    const auto first = static_cast<std::uint32_t>(messages_.size());
    message_start_[g] = first;
    if (groups_[g].dead || groups_[g].members == 0) {
      continue;
    }
    auto organizer = step.stream(group_entity(g));
    const auto own = poisson(organizer, c.organizer_posts_per_day);
    for (std::uint64_t i = 0; i < own; ++i) {
      const float q = clipped_quality(organizer, c.content_quality, c.content_quality_sd);
      const bool ad = bernoulli(organizer, c.ad_share);
      messages_.push_back({kOrganizer, q, 1.0F, ad ? MessageKind::Ad : MessageKind::Normal});
      today_.ads += ad ? 1 : 0;
    }
    const auto talk_posts = talk.fired ? poisson(organizer, talk.posts) : 0;
    for (std::uint64_t i = 0; i < talk_posts; ++i) {
      messages_.push_back({kOrganizer,
                           clipped_quality(organizer, talk.quality, c.content_quality_sd), 1.0F,
                           MessageKind::Normal});
    }
    today_.posts += static_cast<double>(own + talk_posts);
    // Member posts by author id; which thread each reply answers is decided
    // once every thread starter of the day is known (assign_replies).
    double responses = 0;
    const std::uint32_t end = member_start_[g + 1];
    for (std::uint32_t i = member_start_[g]; i < end; ++i) {
      prefetch_record_ahead(member_list_, i, end);
      const std::uint32_t a = member_list_[i];
      MemberRecord& r = record_of(a);
      if (r.posts == 0) {
        continue;
      }
      auto rng = step.stream(a);
      const bool spammer = r.fit < behaviour_.spam_fit;
      const bool off_topic = off_topic_for_group(r);
      const bool first_post = r.first_post_day == static_cast<std::int32_t>(step.day().value()) &&
                              r.first_join_day >= 1;
      const double mean_quality = r.expertise * behaviour_.roles[r.role].quality;
      const std::uint32_t starters = r.posts - r.replies;
      for (std::uint32_t k = 0; k < r.posts; ++k) {
        const float q = clipped_quality(rng, mean_quality, behaviour_.post_quality_sd);
        const bool ad = spammer && bernoulli(rng, behaviour_.spam_rate);
        if (ad) {
          today_.ads += 1;
          if (bernoulli(rng, c.ad_removal)) {
            today_.ads_removed += 1;
            continue;
          }
          messages_.push_back(
              {static_cast<std::int32_t>(a), q, static_cast<float>(r.opinion), MessageKind::Ad});
          continue;
        }
        if (off_topic) {
          today_.posts_removed += 1;
          ++r.removed;
          continue;
        }
        const bool answered = r.opinion < 0 && bernoulli(rng, c.response_to_negative);
        responses += answered ? 1 : 0;
        messages_.push_back({static_cast<std::int32_t>(a), q, static_cast<float>(r.opinion),
                             answered ? MessageKind::Answered : MessageKind::Normal, k >= starters,
                             first_post && k == 0});
      }
      member_posts_by_group_[g] += r.posts;
      today_.posts += r.posts;
    }
    today_.moderation_minutes +=
        reviewed * c.review_minutes * static_cast<double>(member_posts_by_group_[g]) +
        c.response_minutes * responses;
    assign_replies(first, organizer);
    welcome_newcomers(g, first, organizer, step.day());
    if (trace_ != nullptr) {
      trace_messages(g, first, step.day());
    }
  }
  message_start_[groups] = static_cast<std::uint32_t>(messages_.size());
  today_.costs[static_cast<std::size_t>(Cost::Moderation)] +=
      today_.moderation_minutes / 60.0 * c.hourly_rate;
}

}  // namespace commsim::models::community
