// The run's events as a chat export shows them (commsim.event_log; sim's
// event_trace.hpp), written only when a trace was asked for. Tracing reads
// the state and draws nothing, so a traced run equals an untraced one.
//
// What is written, in the order it happens within a day:
//   posts   each live group's messages after moderation (gather phase),
//           group by group: first the thread starters and the organizer's
//           and members' other posts, in the order they were written, then
//           the replies, each pointing at the row of the thread starter it
//           answers (replies.cpp), welcome replies last. Ads are posts;
//           removed ads and off-topic posts were never seen, so they are
//           not written. The organizer's posts have the host as author.
//   joins   seeds on day 0 (cause "created"), then each day's forced adds
//           ("added" by the host) and joins by invitation ("added" by the
//           inviter) or poster ("link"), in the order admit() applies them.
//   leaves  everyone who left that day, in id order ("self": patience,
//           renewal and refund are all the member's own decision).
// Moves of a clone's seed between groups are neither: the person stays a
// member of the community.
//
// Cost: one pass over the day's messages and, for leaves, over people.
#include <algorithm>
#include <vector>

#include "models/community/community_model.hpp"

namespace commsim::models::community {

namespace {

EventTrace::Cause join_cause(Channel channel) {
  switch (channel) {
    case Channel::Seed:
      return EventTrace::Cause::Created;
    case Channel::Poster:
      return EventTrace::Cause::Link;
    case Channel::Invite:
    case Channel::Forced:
      break;
  }
  return EventTrace::Cause::Added;
}

}  // namespace

void CommunityModel::trace_messages(std::size_t g, std::uint32_t first, Day day) {
  const auto end = static_cast<std::uint32_t>(messages_.size());
  trace_rows_.assign(end - first, EventTrace::kNone);
  const auto group = static_cast<std::int32_t>(g);
  const auto author = [](const Message& m) {
    return m.author == kOrganizer ? EventTrace::kHost : m.author;
  };
  // Starters first, so that every reply follows the post it answers.
  for (std::uint32_t i = first; i < end; ++i) {
    if (!messages_[i].reply) {
      trace_rows_[i - first] = trace_->post(day, author(messages_[i]), group);
    }
  }
  for (std::uint32_t i = first; i < end; ++i) {
    const Message& m = messages_[i];
    if (m.reply) {
      const std::int64_t target = m.answers >= 0
                                      ? trace_rows_[static_cast<std::uint32_t>(m.answers) - first]
                                      : EventTrace::kNone;
      trace_rows_[i - first] = trace_->post(day, author(m), group, target);
    }
  }
}

void CommunityModel::trace_join(std::uint32_t person, std::int32_t group, Channel channel,
                                std::int32_t inviter, Day day) {
  std::int32_t by = static_cast<std::int32_t>(EventTrace::kNone);
  if (channel == Channel::Forced) {
    by = EventTrace::kHost;
  } else if (channel == Channel::Invite) {
    by = inviter;
  }
  trace_->join(day, static_cast<std::int32_t>(person), group, join_cause(channel), by);
}

void CommunityModel::trace_leaves(Day day) {
  std::vector<std::uint32_t> leavers;
  for (const std::uint32_t a : day_people_) {
    if (record_of(a).churn != kNoChurn) {
      leavers.push_back(a);
    }
  }
  std::sort(leavers.begin(), leavers.end());  // in id order
  for (const std::uint32_t a : leavers) {
    { trace_->leave(day, static_cast<std::int32_t>(a), kNoGroup, EventTrace::Cause::Self); }
  }
}

}  // namespace commsim::models::community
