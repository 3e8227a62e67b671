// One run's events as a chat export would show them: who joined, left or
// posted, and which post each reply answers, in the order they happened
// (commsim.event_log in Python turns them into a chat event stream).
//
// A model that simulates a chat community writes to the trace when
// ModelContext::trace is set; models without such events ignore it. Tracing
// only observes: it draws no random numbers and changes no state, so a traced
// run is bit for bit the run an untraced one is. It is serial (called from
// serial phases and initialize()), one trace per run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "commsim/ids.hpp"

namespace commsim {

class EventTrace {
 public:
  // The codes of commsim.chat's POST, JOIN and LEAVE.
  enum class Kind : std::uint8_t { Post = 0, Join = 1, Leave = 2 };
  // How a join or leave came about, as commsim.chat's CAUSES.
  enum class Cause : std::uint8_t {
    Unknown = 0,
    Self = 1,
    Added = 2,
    Link = 3,
    Request = 4,
    Created = 5,
    Removed = 6
  };
  // "Nobody" (no reply target, no causer), and the community's host (the
  // organizer: not a person of the population) as an author or causer.
  static constexpr std::int64_t kNone = -1;
  static constexpr std::int32_t kHost = -2;

  // Columns, one entry per event in order.
  std::vector<std::uint32_t> day;
  std::vector<Kind> kind;
  std::vector<std::int32_t> person;    // an agent index, or kHost
  std::vector<std::int32_t> group;     // where it happened (the model's group index)
  std::vector<std::int64_t> reply_to;  // a post's row it replies to, or kNone
  std::vector<Cause> cause;
  std::vector<std::int32_t> by;  // who added or invited (agent, kHost), or kNone

  [[nodiscard]] std::size_t size() const { return day.size(); }

  // Appends a post and returns its row (for the replies to it).
  std::int64_t post(Day d, std::int32_t author, std::int32_t where, std::int64_t answers = kNone) {
    return add(d, Kind::Post, author, where, answers, Cause::Unknown,
               static_cast<std::int32_t>(kNone));
  }
  void join(Day d, std::int32_t who, std::int32_t where, Cause how,
            std::int32_t causer = static_cast<std::int32_t>(kNone)) {
    add(d, Kind::Join, who, where, kNone, how, causer);
  }
  void leave(Day d, std::int32_t who, std::int32_t where, Cause how) {
    add(d, Kind::Leave, who, where, kNone, how, static_cast<std::int32_t>(kNone));
  }

 private:
  std::int64_t add(Day d, Kind k, std::int32_t who, std::int32_t where, std::int64_t answers,
                   Cause how, std::int32_t causer) {
    day.push_back(d.value());
    kind.push_back(k);
    person.push_back(who);
    group.push_back(where);
    reply_to.push_back(answers);
    cause.push_back(how);
    by.push_back(causer);
    return static_cast<std::int64_t>(day.size()) - 1;
  }
};

}  // namespace commsim
