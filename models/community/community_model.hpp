// The community model (model.md; explained in docs/model.md): people on a
// social graph join an organizer's chat groups, read and post, are
// influenced, gain or lose satisfaction and trust, buy, invite their
// contacts, change roles and leave.
//
// The class holds the state; its phases live in one file each:
//   content.cpp     events, member posting, the groups' message lists, moderation
//   red_packets.cpp red packets: the lucky draw, grabbing, gift contagion
//   replies.cpp     threads: which thread each reply answers, welcome duty
//   reading.cpp     reading, value, influence, satisfaction, engagement, trust
//   market.cpp      purchases and flash-sale stock
//   recruitment.cpp invitations and posters, joins, forced adds, cloning
//   lifecycle.cpp   roles, stages, churn, disengagement, refunds, renewals,
//                   group liveness
//   metrics.cpp     daily metrics, end-of-run summaries, invariants
//   trace.cpp       the run's joins, leaves and posts as a chat export shows
//                   them, when asked (commsim.event_log)
//
// Cost grows with the community, not the population (issue 18): every phase
// walks the members, their contacts and their messages, or the people who
// were ever members, never everyone. Outsiders' opinions revert toward their
// dispositions lazily (opinion_at), word of mouth reaches outsiders from the
// people who have been in the community (reading.cpp), and recruitment is
// driven from the members' side (recruitment.cpp). What the member loops
// read and write of a person sits in their member record
// (member_record.hpp), so that a member costs a few cache lines, not one a
// column.
//
// Determinism: per-person loops run in parallel over lists (members,
// candidates, speakers), each person writing only their own state and
// drawing from their own stream; serial steps walk groups and lists in a
// fixed order. Group-level draws use entity ids num_agents() + group.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

#include "commsim/model.hpp"
#include "commsim/parallel.hpp"
#include "models/common/agent_model.hpp"
#include "models/community/enums.hpp"
#include "models/community/member_record.hpp"
#include "models/community/metric_decls.hpp"
#include "models/community/params.hpp"

namespace commsim::models::community {

inline constexpr std::int32_t kNoGroup = -1;
inline constexpr std::int32_t kOrganizer = -1;
// The first-month cohort: people who first joined on days 1 to this.
inline constexpr std::int32_t kCohortLastDay = 30;

enum class MessageKind : std::uint8_t { Normal = 0, Ad = 1, Answered = 2 };

struct Message {
  std::int32_t author;  // kOrganizer or a person
  float quality;
  float opinion;
  MessageKind kind;
  bool reply = false;         // answers a thread started today
  bool first_post = false;    // a newcomer's first post
  std::uint16_t replies = 0;  // replies a thread starter drew today (saturates)
  std::int32_t answers = -1;  // a reply's thread starter (its index in messages_)
};

struct Group {
  bool dead = false;
  std::uint32_t members = 0;
  std::int32_t clone = kNoGroup;  // where joiners go once this group is full
  std::int32_t opened = 0;        // day the group opened
  std::int32_t died = -1;         // day it died, -1 alive
  double early_posts = 0;         // member posts in its first early_days days
  // Member posts of the last dead_days days (a ring indexed by day), and their sum.
  std::vector<std::uint32_t> recent;
  std::uint64_t recent_sum = 0;
};

// A red packet put into a group today: by the organizer (an event) or by a
// member (sent back after receiving, or spontaneously).
struct Packet {
  std::int32_t sender;  // kOrganizer or a person
  double amount;
  std::int64_t shares;
};

// What today's events of one type do, summed over the scenario's items of
// that type (all live groups share the calendar).
struct EventEffect {
  bool fired = false;
  double boost = 0;
  double incentive = 0;
  double discount = 0;
  double value = 0;  // prize value + social value per member
  double cost = 0;   // organizer's cost per member
  double posts = 0;  // extra organizer posts (live talk)
  double quality = 0;
  std::int64_t stock = 0;  // flash-sale units per group, 0 unlimited
};

// Today's totals that serial phases accumulate (per-agent ones are summed
// from the members' records in record()).
struct DayTotals {
  double posts = 0;
  double ads = 0;
  double ads_removed = 0;
  double posts_removed = 0;  // off-topic member posts removed (community moderation)
  double replies = 0;
  double starters = 0;    // thread starters that can be answered (not ads)
  double unanswered = 0;  // of those, the ones nobody else answered today
  double welcome_replies = 0;
  double moderation_minutes = 0;
  double fees = 0;
  double sales = 0;
  double purchases = 0;
  std::array<double, kCosts> costs{};
  std::array<double, kSenders> packets{};
  std::array<double, kSenders> packet_amount{};  // put in
  double packet_grabs = 0;
  std::array<double, kChannels> joins{};
  std::array<double, kActivities> events{};

  // Prizes, red packets and meetups: what events cost.
  [[nodiscard]] double event_costs() const {
    return costs[static_cast<std::size_t>(Cost::Prizes)] +
           costs[static_cast<std::size_t>(Cost::RedPackets)] +
           costs[static_cast<std::size_t>(Cost::Meetups)];
  }
  [[nodiscard]] double all_costs() const {
    double total = 0;
    for (double c : costs) {
      total += c;
    }
    return total;
  }
};

// The seed members a people file names (given_people.cpp): in id order,
// with their given group (kNoGroup: dealt round-robin) and role (-1: drawn);
// `decided` marks everyone whose membership the file gives either way.
struct GivenSeeds {
  std::vector<std::uint32_t> people;
  std::vector<std::int32_t> group;
  std::vector<std::int32_t> role;
  std::vector<bool> decided;
};

// The person attributes a people file may give (ModelInfo::person_attributes).
std::vector<PersonAttribute> person_attributes();

class CommunityModel final : public AgentModel {
 public:
  explicit CommunityModel(const ModelContext& ctx);

  void initialize(const RunRng& rng) override;
  void record(Day day) override;
  void finish() override;
  void check_invariants() const override;
  void bring_up_to_date(Day day) override;

 private:
  // content.cpp
  void fire_events(const PhaseStep& step);
  void post(const PhaseStep& step);
  void gather_messages(const PhaseStep& step);
  [[nodiscard]] bool off_topic_for_group(const MemberRecord& author) const;
  // red_packets.cpp
  void hand_out_packets(const PhaseStep& step);
  void grab(std::size_t g, const Packet& packet, RandomStream& rng);
  [[nodiscard]] double packet_to_send(std::uint32_t a, RandomStream& rng) const;
  // replies.cpp: threads of group g's messages [first, messages_.size())
  void assign_replies(std::uint32_t first, RandomStream& rng);
  void welcome_newcomers(std::size_t g, std::uint32_t first, RandomStream& rng, Day day);
  [[nodiscard]] double salience(std::int32_t author) const;
  // reading.cpp
  void read_and_feel(const PhaseStep& step);
  // exp(-d2 / (2 b^2)): how relevant something at squared interest distance
  // d2 is (fit to the topic centre, relevance between two people).
  [[nodiscard]] double topic_kernel(double d2) const {
    return std::exp(-d2 / (2 * community_.topic_breadth * community_.topic_breadth));
  }
  [[nodiscard]] double relevance(std::uint32_t reader, std::int32_t author) const;
  // relevance(reader, the message's author), from the message's gathered features.
  [[nodiscard]] double message_relevance(const MemberRecord& reader, std::uint32_t message) const;
  [[nodiscard]] double commitment(std::uint32_t a, Day day) const;
  // logistic(gain x (satisfaction + commitment + boost - midpoint)).
  [[nodiscard]] double engagement_for(std::uint32_t a, Day day, double boost) const;
  // market.cpp
  void decide_purchases(const PhaseStep& step);
  void settle_purchases(const PhaseStep& step);
  // recruitment.cpp
  void consider_invitations(const PhaseStep& step);
  // One member's invitation or poster reaching one outsider today.
  struct Reach {
    std::uint32_t outsider;
    std::uint32_t member;
    bool poster;         // false: an invitation
    bool accepted;       // the outsider would accept it
    double key;          // posters: a uniform key; the smallest is the one looked at
    double accept_draw;  // the uniform that decides `accepted` (decided later)
  };
  ByPerson<Reach> reached_;  // today's, by outsider
  // The reaches of the members member_list_[first, end): appended to out,
  // in no particular order (each member's draws are in their own order).
  void reach_outsiders(const PhaseStep& step, std::uint32_t first, std::uint32_t end,
                       std::vector<Reach>& out) const;
  void admit(const PhaseStep& step);
  // The probability that `person` accepts an invitation from a member with
  // the given satisfaction (a poster: 0); under the threshold policy it
  // first draws whether they pass the screening.
  [[nodiscard]] double acceptance(std::uint32_t person, double inviter_satisfaction,
                                  RandomStream& rng) const;
  // The same for someone who passed the screening (or where there is none):
  // no draw.
  [[nodiscard]] double acceptance_if_screened(std::uint32_t person,
                                              double inviter_satisfaction) const;
  [[nodiscard]] std::int32_t group_with_room(std::int32_t wanted, Day day);
  // inviter: who invited (an Invite join), else -1.
  void join(std::uint32_t person, std::int32_t group, Channel channel, double trust, Day day,
            std::int32_t inviter = -1);
  // A person enters (step +1) or leaves (-1) group g: their contacts in g
  // count one more or one less contact in their group, and so does the
  // person (their count is set, or cleared).
  void count_in_group(std::uint32_t person, std::int32_t g, int step);
  // A non-member's opinion at the end of `day` (>= the day it was last
  // set): outsiders revert toward their disposition by opinion_reversion a
  // day, applied here in closed form instead of every day.
  [[nodiscard]] double opinion_at(std::uint32_t a, std::int32_t day) const {
    const OutsiderEntry& o = outsider_[a];
    return o.prior + decay_[static_cast<std::size_t>(day - o.day)] * (o.value - o.prior);
  }
  // A person's opinion as of the start of today's reading (members' are
  // current; non-members' as of the end of yesterday).
  [[nodiscard]] double opinion_before(std::uint32_t a, std::int32_t today) const {
    return is_member(a) ? opinion_[a] : opinion_at(a, today - 1);
  }
  // Asks the cache for what opinion_before(a) reads (a hint).
  void prefetch_opinion(std::uint32_t a) const { prefetch_entries(a, opinion_, outsider_); }
  // Outsiders hear word of mouth from the people who have been members.
  void spread_word_of_mouth(const PhaseStep& step);
  // What an outsider heard from one speaker: the shift of their opinion.
  struct Heard {
    std::uint32_t listener;
    double shift;
  };
  ByPerson<Heard> heard_;  // today's, by listener
  // lifecycle.cpp
  void update_roles(const PhaseStep& step);
  void update_role(std::uint32_t a, Day day, const PhaseStep& step);
  void update_groups(const PhaseStep& step);
  void rebuild_member_lists();
  // given_people.cpp: values a people file gives replace the drawn ones
  void apply_given_people();
  [[nodiscard]] GivenSeeds given_seeds() const;
  void open_group(Day day);
  // trace.cpp: a group's messages of today, a join, today's leaves
  void trace_messages(std::size_t g, std::uint32_t first, Day day);
  void trace_join(std::uint32_t person, std::int32_t group, Channel channel, std::int32_t inviter,
                  Day day);
  void trace_leaves(Day day);
  // metrics.cpp (record and finish are above)
  [[nodiscard]] double paid_value(std::uint32_t person, double satisfaction) const;

  // How far ahead a loop over people asks the cache for what it will read
  // (for_each_member below).
  enum class Ahead : std::uint8_t { Far, Near };
  // body(person) for each person of `people`, in parallel (blocks of a
  // fixed size; the cut does not affect results: a body writes only its
  // person's state and draws from its person's stream).
  template <class Body>
  static void for_each_member(const std::vector<std::uint32_t>& people, Body&& body) {
    for_each_member(
        people, [](std::uint32_t, Ahead) {}, body);
  }
  static constexpr std::uint32_t kListGrain = 256;
  // As above, asking the cache for what body(person) will read a few
  // people ahead: prefetch(person, Ahead::Far) kPrefetchFar people ahead
  // (their columns), prefetch(person, Ahead::Near) kPrefetchNear ahead (what
  // needs a column read first, such as a slot). Members are scattered over
  // the population, so at 10^7 people each column a body reads is a cache
  // miss; asked for early, the misses of the coming people overlap with this
  // one's work. A hint: results do not depend on it.
  template <class Prefetch, class Body>
  static void for_each_member(const std::vector<std::uint32_t>& people, Prefetch&& prefetch,
                              Body&& body) {
    parallel_blocks(static_cast<std::uint32_t>(people.size()), kListGrain,
                    [&](std::uint32_t begin, std::uint32_t end) {
                      for (std::uint32_t i = begin; i < end; ++i) {
                        if (i + kPrefetchFar < end) {
                          prefetch(people[i + kPrefetchFar], Ahead::Far);
                        }
                        if (i + kPrefetchNear < end) {
                          prefetch(people[i + kPrefetchNear], Ahead::Near);
                        }
                        body(people[i]);
                      }
                    });
  }
  static constexpr std::uint32_t kPrefetchFar = 8;
  static constexpr std::uint32_t kPrefetchNear = 4;
  // Asks the cache for person a's entry of each column (spans or vectors).
  template <class... Columns>
  static void prefetch_entries(std::uint32_t a, const Columns&... columns) {
    (__builtin_prefetch(std::data(columns) + a), ...);
  }
  // The same for entries about to be written (the lines come exclusive).
  template <class... Columns>
  static void prefetch_for_writing(std::uint32_t a, const Columns&... columns) {
    (__builtin_prefetch(std::data(columns) + a, 1), ...);
  }

  [[nodiscard]] std::uint32_t group_entity(std::size_t g) const {
    return population_.size() + static_cast<std::uint32_t>(g);
  }
  [[nodiscard]] bool live(std::int32_t g) const {
    return g != kNoGroup && !groups_[static_cast<std::size_t>(g)].dead;
  }
  // 2^(-events of the type seen / half life): how much one more counts.
  [[nodiscard]] double habituated(const MemberRecord& r, std::size_t type) const;

  EventTrace* trace_ = nullptr;           // set when the run's events are traced
  std::vector<std::int64_t> trace_rows_;  // today's messages' rows in the trace
  PeopleParams people_;
  const PeopleTable* given_ = nullptr;  // population.people, when given
  CommunityParams community_;
  BehaviourParams behaviour_;
  bool paid_ = false;
  bool threshold_ = false;
  std::uint32_t days_;

  // State columns (snapshotted).
  std::vector<std::span<double>> interest_;  // one column per dimension
  std::span<double> fit_;
  std::span<double> wtp_;
  std::span<double> attention_;
  std::span<double> post_propensity_;
  std::span<double> expertise_;
  std::span<std::uint8_t> status_;
  std::span<std::int32_t> group_;
  std::span<std::uint8_t> role_;
  std::span<std::uint8_t> stage_;
  std::span<double> opinion_;
  std::span<double> trust_;
  std::span<double> satisfaction_;
  std::span<double> engagement_;
  std::span<std::int32_t> join_day_;
  std::span<std::int32_t> first_join_day_;
  std::span<std::int32_t> last_post_day_;
  std::span<std::uint32_t> low_days_;
  std::span<double> spend_;
  std::span<std::uint32_t> posts_;
  std::span<std::uint32_t> purchases_;
  std::span<std::uint32_t> invites_sent_;
  std::span<std::uint8_t> channel_;
  std::span<std::int32_t> first_post_day_;
  std::span<std::int32_t> return_day_;
  std::span<std::uint8_t> answered_;
  std::span<std::uint8_t> muted_;
  std::span<double> trust_anchor_;
  std::span<double> opinion_prior_;
  std::span<double> packet_pending_;
  std::span<double> packets_given_;
  std::span<double> packets_received_;

  // One record a person who was ever a member (member_record.hpp), in
  // ever_joined_ order: record_of(a) is records_[ever_slot_[a]].
  std::vector<MemberRecord> records_;
  [[nodiscard]] MemberRecord& record_of(std::uint32_t a) {
    return records_[static_cast<std::size_t>(ever_slot_[a])];
  }
  [[nodiscard]] const MemberRecord& record_of(std::uint32_t a) const {
    return records_[static_cast<std::size_t>(ever_slot_[a])];
  }
  // What the record copies, as f(column, &MemberRecord::copy) for each pair:
  // the fixed traits (copied at a person's first join) and the member's
  // state (copied at every join, and written wherever the column is while
  // one is a member). join() takes the copies, check_invariants compares
  // them, from these one lists.
  template <class F>
  void for_each_trait_copy(F&& f) const {
    f(attention_, &MemberRecord::attention);
    f(fit_, &MemberRecord::fit);
    f(wtp_, &MemberRecord::wtp);
    f(opinion_prior_, &MemberRecord::opinion_prior);
    f(post_propensity_, &MemberRecord::post_propensity);
    f(expertise_, &MemberRecord::expertise);
  }
  template <class F>
  void for_each_state_copy(F&& f) const {
    f(opinion_, &MemberRecord::opinion);
    f(satisfaction_, &MemberRecord::satisfaction);
    f(trust_, &MemberRecord::trust);
    f(engagement_, &MemberRecord::engagement);
    f(group_, &MemberRecord::group);
    f(first_post_day_, &MemberRecord::first_post_day);
    f(last_post_day_, &MemberRecord::last_post_day);
    f(role_, &MemberRecord::role);
    f(stage_, &MemberRecord::stage);
    f(muted_, &MemberRecord::muted);
    f(answered_, &MemberRecord::answered);
  }
  // In a serial loop over people[i] (i < end), all of whom have records:
  // asks the cache for where the record of the one kPrefetchFar ahead is,
  // and for the record of the one kPrefetchNear ahead.
  void prefetch_record_ahead(const std::vector<std::uint32_t>& people, std::size_t i,
                             std::size_t end) const {
    if (i + kPrefetchFar < end) {
      prefetch_entries(people[i + kPrefetchFar], ever_slot_);
    }
    if (i + kPrefetchNear < end) {
      prefetch_record(people[i + kPrefetchNear]);
    }
  }
  // Asks the cache for a's record (a hint; ever_slot_[a] must be cached).
  void prefetch_record(std::uint32_t a) const {
    const auto* line = reinterpret_cast<const char*>(&record_of(a));
    for (std::size_t at = 0; at < sizeof(MemberRecord); at += 64) {
      __builtin_prefetch(line + at);
    }
  }
  std::vector<std::int32_t> ever_slot_;  // -1: never a member
  // The speakers' contact slots laid end to end in slot order:
  // ever_joined_[slot]'s are [speaker_slot_begin(slot), speaker_slot_end_[slot]).
  std::vector<std::uint64_t> speaker_slot_end_;
  [[nodiscard]] std::uint64_t speaker_slot_begin(std::size_t slot) const {
    return slot == 0 ? 0 : speaker_slot_end_[slot - 1];
  }
  // What those slots hold: each contact and their degree, so that word of
  // mouth walks one array front to back and thins by the listener's degree
  // without reading the graph at scattered people.
  struct SpeakerContact {
    std::uint32_t listener;
    std::uint32_t degree;
  };
  std::vector<SpeakerContact> speaker_contacts_;
  // One bit a person: status_ == Member, kept beside the status column so
  // that checks at scattered people (word of mouth, invitations) read 1.25
  // MB at 10^7 people, which stays in cache, instead of 10 MB. Set on
  // joining, cleared when a leaver leaves their group (update_groups).
  std::vector<std::uint64_t> member_bits_;
  [[nodiscard]] bool is_member(std::uint32_t a) const {
    return ((member_bits_[a >> 6U] >> (a & 63U)) & 1U) != 0;
  }
  void set_member_bit(std::uint32_t a, bool member) {
    const std::uint64_t bit = std::uint64_t{1} << (a & 63U);
    member_bits_[a >> 6U] = member ? member_bits_[a >> 6U] | bit : member_bits_[a >> 6U] & ~bit;
  }
  // Word of mouth's skip rate is wom_rate / min_degree_ (then thinned by
  // min_degree_ / degree of the listener).
  std::uint32_t min_degree_ = 1;

  std::vector<Group> groups_;
  // Today's messages by group: messages_[message_start_[g] .. message_start_[g+1]).
  std::vector<Message> messages_;
  std::vector<std::uint32_t> message_start_;
  // Per message of today: its author's interest coordinates (dims each) and
  // role influence, gathered once before reading (0 for the organizer).
  std::vector<double> message_interest_;
  std::vector<double> message_influence_;
  std::vector<std::uint32_t> member_posts_by_group_;
  std::vector<std::uint32_t> scratch_starters_;  // assign_replies' working lists
  std::vector<double> scratch_weights_;
  std::vector<std::uint32_t> grabbers_;  // who grabbed packets today
  // Members by group as of the last rebuild (ids ascending).
  std::vector<std::uint32_t> member_list_;
  std::vector<std::uint32_t> member_start_;
  // Today's lists: the start-of-day members, then today's joiners (roles
  // and the day's tallies walk it); the outsiders an invitation or a poster
  // reached today (ids ascending); everyone who was ever a member, in order
  // of first joining (word of mouth's speakers).
  std::vector<std::uint32_t> day_people_;
  std::uint32_t day_members_ = 0;  // the first day_members_ of day_people_
  // An outsider an invitation or a poster reached today, and what they
  // decided: the group they accepted (kNoGroup: none), through which channel
  // and inviter (-1: a poster), and how many invitations they received.
  // Kept in a list rather than in columns: they are scattered over the
  // population, and admit reads them in this order.
  struct Invited {
    std::uint32_t person;
    std::int32_t group;
    std::int32_t inviter;
    std::uint32_t invitations;
    Channel channel;
  };
  std::vector<Invited> invited_;
  std::vector<std::uint32_t> ever_joined_;
  // What is read of a non-member scattered over the population, in one
  // 32-byte entry a person, so that word of mouth and invitations read one
  // cache line, not a line a column:
  //  - their lazily reverting opinion: value at the end of day `day`, and
  //    prior, a copy of opinion_prior_[a], where it reverts to; decay_[k] =
  //    (1 - opinion_reversion)^k. (The opinion column shows it only after
  //    bring_up_to_date, which leaves these alone, so snapshots change
  //    nothing.)
  //  - whether they left the community before (a non-member's status is
  //    then churned: set when a leaver leaves their group);
  //  - a copy of their fit (fixed after initialize).
  struct alignas(32) OutsiderEntry {
    double value;
    double prior;
    std::int32_t day;
    bool returning;
    double fit;
  };
  std::vector<OutsiderEntry> outsider_;
  std::vector<double> decay_;
  // Sum over non-members of (opinion - disposition), and of every
  // disposition, for the daily mean opinion of everyone.
  double outsider_deviation_ = 0;
  double prior_total_ = 0;
  double churned_ = 0;  // people whose status is churned
  double cohort_ = 0;   // people who first joined on days 1-30

  std::array<EventEffect, kActivities> effects_{};
  std::vector<Packet> organizer_packets_;  // today's, per live group
  DayTotals today_;
  DayTotals totals_;
  double members_peak_ = 0;
  std::array<double, 3> retention_{};  // days 30, 90, 180
  std::vector<double> active_share_;
  double trust_final_ = 0;
  double satisfaction_final_ = 0;
  double churns_total_ = 0;
  double joins_total_ = 0;
  double refunds_total_ = 0;
  double posts_total_ = 0;
  double replies_total_ = 0;
  double starters_total_ = 0;
  double unanswered_total_ = 0;
  // Gift contagion: sums over grabbers of received r and sent-back s.
  struct Contagion {
    double n = 0, r = 0, rr = 0, s = 0, rs = 0;
    void add(const Contagion& o) {
      n += o.n;
      r += o.r;
      rr += o.rr;
      s += o.s;
      rs += o.rs;
    }
    [[nodiscard]] double slope() const;  // least squares of s on r
  };
  Contagion contagion_all_, contagion_luckiest_, contagion_others_;
  MetricHandles metric_handles_;
  SummaryHandles summary_handles_;
};

const ModelInfo& community_model_info();

}  // namespace commsim::models::community
