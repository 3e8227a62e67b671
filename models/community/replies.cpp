// Threads and replies (model.md §10; docs/model.md, "gather"). A member post
// either starts a thread or answers one started today in the same group (the
// day stands for the 24 hours within which an observed reply counts). Who
// writes replies is decided in post() (reply_share x the role's replies);
// which thread each reply answers is decided here, serially, after every
// starter of the day is known.
//
// The replier answers one of the day's thread starters by someone else,
// chosen with probability proportional to
//   w = relevance(replier, author) x salience(author)
//       x [first_post_salience for a newcomer's first post]
//       x (1 + thread_momentum x replies the thread has drawn so far),
// where salience is roles.<author's role>.salience (behaviour.
// organizer_salience for the organizer). So a thread's chance of drawing a
// reply rises with its relevance to the group's repliers, its author's role
// and the group's activity (how many replies there are to go round), and a
// conversation under way draws more (replies cluster in threads). A reply
// with nothing to answer starts a thread instead (later replies may answer
// it).
//
// Welcome duty: a newcomer's first post that nobody answered today gets a
// reply from the organizer's side with probability community.welcome.reply,
// written by the organizer (welcome.minutes of its time, a moderation cost)
// or by a helper: a supporter or opinion leader of the group. Joyce and Kraut
// (2006): a newcomer whose first post is answered is more likely to post
// again; here that newcomer gains behaviour.answer_value on the day and from
// then on posts at answered_posting times their rate, an unanswered one at
// unanswered_posting times it.
//
// Cost: O(replies x thread starters) per group and day.
#include <algorithm>
#include <cmath>

#include "commsim/distributions.hpp"
#include "models/community/community_model.hpp"

namespace commsim::models::community {

namespace {

constexpr int kTries = 64;  // draws to find a helper

bool is_starter(const Message& m) {
  return !m.reply && m.kind != MessageKind::Ad;
}

void count_reply(Message& target) {
  if (target.replies < UINT16_MAX) {
    ++target.replies;
  }
}

}  // namespace

double CommunityModel::salience(std::int32_t author) const {
  return author == kOrganizer
             ? behaviour_.organizer_salience
             : behaviour_.roles[role_[static_cast<std::uint32_t>(author)]].salience;
}

void CommunityModel::assign_replies(std::uint32_t first, RandomStream& rng) {
  std::vector<std::uint32_t>& starters = scratch_starters_;
  std::vector<double>& cumulative = scratch_weights_;
  starters.clear();
  const auto end = static_cast<std::uint32_t>(messages_.size());
  for (std::uint32_t i = first; i < end; ++i) {
    if (is_starter(messages_[i])) {
      starters.push_back(i);
    }
  }
  for (std::uint32_t i = first; i < end; ++i) {
    Message& reply = messages_[i];
    if (!reply.reply) {
      continue;
    }
    const auto replier = static_cast<std::uint32_t>(reply.author);
    cumulative.clear();
    double total = 0;
    for (std::uint32_t s : starters) {
      const Message& m = messages_[s];
      if (m.author != reply.author) {
        total += relevance(replier, m.author) * salience(m.author) *
                 (m.first_post ? behaviour_.first_post_salience : 1.0) *
                 (1 + behaviour_.thread_momentum * m.replies);
      }
      cumulative.push_back(total);
    }
    if (!(total > 0)) {
      reply.reply = false;  // nothing to answer: it starts a thread
      starters.push_back(i);
      continue;
    }
    const double u = uniform01(rng) * total;
    const auto k = static_cast<std::size_t>(
        std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
    const std::uint32_t answered = starters[std::min(k, starters.size() - 1)];
    count_reply(messages_[answered]);
    reply.answers = static_cast<std::int32_t>(answered);
  }
}

void CommunityModel::welcome_newcomers(std::size_t g, std::uint32_t first, RandomStream& rng,
                                       Day day) {
  const CommunityParams& c = community_;
  const auto today = static_cast<std::int32_t>(day.value());
  const auto end = static_cast<std::uint32_t>(messages_.size());
  const std::uint32_t listed = member_start_[g + 1] - member_start_[g];
  for (std::uint32_t i = first; i < end && c.welcome_reply > 0; ++i) {
    if (!messages_[i].first_post || messages_[i].replies > 0 || !bernoulli(rng, c.welcome_reply)) {
      continue;
    }
    const auto newcomer = static_cast<std::uint32_t>(messages_[i].author);
    std::int32_t helper = kOrganizer;
    if (c.welcome_by == "helpers") {
      for (int t = 0; t < kTries && listed > 0; ++t) {
        const std::uint32_t h = member_list_[member_start_[g] + uniform_index(rng, listed)];
        const auto r = static_cast<Role>(role_[h]);
        if (h != newcomer && group_[h] == static_cast<std::int32_t>(g) && muted_[h] == 0 &&
            (r == Role::Supporter || r == Role::OpinionLeader)) {
          helper = static_cast<std::int32_t>(h);
          break;
        }
      }
    }
    count_reply(messages_[i]);
    today_.welcome_replies += 1;
    today_.posts += 1;
    if (helper == kOrganizer) {
      today_.moderation_minutes += c.welcome_minutes;
      const float q = static_cast<float>(
          std::clamp(normal(rng, c.content_quality, c.content_quality_sd), 0.0, 1.0));
      messages_.push_back({kOrganizer, q, 1.0F, MessageKind::Normal, true});
      messages_.back().answers = static_cast<std::int32_t>(i);
      continue;
    }
    const auto h = static_cast<std::uint32_t>(helper);
    const float q = static_cast<float>(
        std::clamp(normal(rng, record_of(h).expertise * behaviour_.roles[role_[h]].quality,
                          behaviour_.post_quality_sd),
                   0.0, 1.0));
    messages_.push_back({helper, q, static_cast<float>(opinion_[h]), MessageKind::Normal, true});
    messages_.back().answers = static_cast<std::int32_t>(i);
    // The helper's post counts like any other.
    ++record_of(h).posts;
    ++posts_[h];
    ++member_posts_by_group_[g];
    if (first_post_day_[h] < 0) {
      first_post_day_[h] = today;
      record_of(h).first_post_day = today;
    } else if (return_day_[h] < 0 && today > first_post_day_[h]) {
      return_day_[h] = today;
    }
    last_post_day_[h] = today;
    record_of(h).last_post_day = today;
  }
  // Who was answered, and the day's thread counts.
  for (std::uint32_t i = first; i < static_cast<std::uint32_t>(messages_.size()); ++i) {
    const Message& m = messages_[i];
    if (m.reply) {
      today_.replies += 1;
      continue;
    }
    if (m.kind == MessageKind::Ad) {
      continue;
    }
    today_.starters += 1;
    today_.unanswered += m.replies == 0 ? 1 : 0;
    if (m.author != kOrganizer) {
      record_of(static_cast<std::uint32_t>(m.author)).answers += m.replies;
    }
  }
  for (std::uint32_t i = first; i < static_cast<std::uint32_t>(messages_.size()); ++i) {
    if (messages_[i].first_post) {
      const auto a = static_cast<std::uint32_t>(messages_[i].author);
      MemberRecord& r = record_of(a);
      answered_[a] = r.answers > 0 ? 1 : 0;
      r.answered = answered_[a];
    }
  }
}

}  // namespace commsim::models::community
