// The community model (model.md; explained in docs/model.md): people on a
// social graph join an organizer's chat groups, read and post, are
// influenced, gain or lose satisfaction and trust, buy, invite their
// contacts, change roles and leave.
//
// The class holds the state; its phases live in one file each:
//   content.cpp     events, member posting, the groups' message lists
//   reading.cpp     reading, value, influence, satisfaction, engagement, trust
//   market.cpp      purchases and flash-sale stock
//   recruitment.cpp invitations and posters, joins, forced adds, cloning
//   lifecycle.cpp   roles, stages, churn, renewals, group liveness
//   metrics.cpp     daily metrics, end-of-run summaries, invariants
//
// Determinism: per-agent phases write only their own agent's state and draw
// from the agent's stream; serial phases walk groups and people in index
// order. Group-level draws use entity ids num_agents() + group.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "commsim/model.hpp"
#include "models/common/agent_model.hpp"
#include "models/community/enums.hpp"
#include "models/community/metric_decls.hpp"
#include "models/community/params.hpp"

namespace commsim::models::community {

inline constexpr std::int32_t kNoGroup = -1;
inline constexpr std::int32_t kOrganizer = -1;
inline constexpr std::uint8_t kNoTransition = 255;
inline constexpr std::uint8_t kNoChurn = 255;

enum class MessageKind : std::uint8_t { Normal = 0, Ad = 1, Answered = 2 };

struct Message {
  std::int32_t author;  // kOrganizer or a person
  float quality;
  float opinion;
  MessageKind kind;
};

struct Group {
  bool dead = false;
  std::uint32_t members = 0;
  std::uint32_t quiet_days = 0;   // days in a row below dead_posts_per_member
  std::int32_t clone = kNoGroup;  // where joiners go once this group is full
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
// from scratch columns in record()).
struct DayTotals {
  double posts = 0;
  double ads = 0;
  double ads_removed = 0;
  double fees = 0;
  double sales = 0;
  double purchases = 0;
  double event_costs = 0;
  std::array<double, kChannels> joins{};
  std::array<double, kActivities> events{};
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

 private:
  // content.cpp
  void fire_events(const PhaseStep& step);
  void post(const PhaseStep& step);
  void gather_messages(const PhaseStep& step);
  // reading.cpp
  void read_and_feel(const PhaseStep& step);
  [[nodiscard]] double relevance(std::uint32_t reader, std::int32_t author) const;
  [[nodiscard]] double commitment(std::uint32_t a, Day day) const;
  // logistic(gain x (satisfaction + commitment + boost - midpoint)).
  [[nodiscard]] double engagement_for(std::uint32_t a, Day day, double boost) const;
  // market.cpp
  void decide_purchases(const PhaseStep& step);
  void settle_purchases(const PhaseStep& step);
  // recruitment.cpp
  void consider_invitations(const PhaseStep& step);
  void admit(const PhaseStep& step);
  [[nodiscard]] double acceptance(std::uint32_t person, double inviter_satisfaction,
                                  RandomStream& rng) const;
  [[nodiscard]] std::int32_t group_with_room(std::int32_t wanted);
  void join(std::uint32_t person, std::int32_t group, Channel channel, double trust, Day day);
  // lifecycle.cpp
  void update_roles(const PhaseStep& step);
  void update_groups(const PhaseStep& step);
  void rebuild_member_lists();
  // given_people.cpp: values a people file gives replace the drawn ones
  void apply_given_people();
  [[nodiscard]] GivenSeeds given_seeds() const;
  // metrics.cpp (record and finish are above)
  [[nodiscard]] double paid_value(std::uint32_t person, double satisfaction) const;

  [[nodiscard]] std::uint32_t group_entity(std::size_t g) const {
    return population_.size() + static_cast<std::uint32_t>(g);
  }
  [[nodiscard]] bool live(std::int32_t g) const {
    return g != kNoGroup && !groups_[static_cast<std::size_t>(g)].dead;
  }
  [[nodiscard]] double habituated(std::uint32_t a, std::size_t type) const;

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

  // Scratch columns (today only).
  std::span<std::uint32_t> posts_today_;
  std::span<double> opinion_next_;
  std::span<std::uint32_t> reads_today_;
  std::span<std::uint32_t> ads_read_today_;
  std::span<double> price_today_;  // > 0: wants to buy at this price
  std::span<std::int32_t> wants_group_;
  std::span<std::uint8_t> wants_channel_;
  std::span<std::int32_t> inviter_;
  std::span<std::uint32_t> invitations_today_;
  std::span<std::uint8_t> transition_today_;
  std::span<std::uint8_t> churn_today_;
  std::span<double> fee_today_;
  std::span<std::uint8_t> leader_candidate_;
  std::span<double> boost_today_;
  std::span<double> incentive_today_;
  std::span<double> discount_today_;

  // Events seen, decayed: habituation_[a * kActivities + type].
  std::vector<double> habituation_;

  std::vector<Group> groups_;
  // Today's messages by group: messages_[message_start_[g] .. message_start_[g+1]).
  std::vector<Message> messages_;
  std::vector<std::uint32_t> message_start_;
  std::vector<std::uint32_t> member_posts_by_group_;
  // Members by group as of the last rebuild (ids ascending).
  std::vector<std::uint32_t> member_list_;
  std::vector<std::uint32_t> member_start_;

  std::array<EventEffect, kActivities> effects_{};
  DayTotals today_;
  DayTotals totals_;
  double members_peak_ = 0;
  std::array<double, 3> retention_{};  // days 30, 90, 180
  std::vector<double> active_share_;
  double trust_final_ = 0;
  double satisfaction_final_ = 0;
  double churns_total_ = 0;
  double joins_total_ = 0;
  MetricHandles metric_handles_;
  SummaryHandles summary_handles_;
};

const ModelInfo& community_model_info();

}  // namespace commsim::models::community
