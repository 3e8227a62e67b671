// The community model's parameters as typed structs, and their declarations
// (defaults, ranges, and why each default was chosen). Three sections:
//   population: who the people are (interests, willingness to pay ...);
//   community:  the organizer's design (entry policy, content, activities,
//               moderation, recruitment, sales);
//   behaviour:  the model's constants (how people read, feel, post, leave).
// docs/models/community.md shows the generated tables.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "commsim/model.hpp"
#include "commsim/params.hpp"
#include "models/community/enums.hpp"

namespace commsim::models::community {

struct PeopleParams {
  std::int64_t dimensions = 2;
  std::int64_t clusters = 8;
  double interest_spread = 0.08;
  double wtp_median = 10;  // per month
  double wtp_sigma = 1.0;
  double attention_median = 20;
  double attention_sigma = 0.5;
  double post_propensity_median = 1.0;
  double post_propensity_sigma = 1.8;
  double lurker_share = 0.7;
  double lurker_factor = 0.005;
  double expertise_mean = 0.5;
  double expertise_sd = 0.2;
  double opinion_mean = 0.1;
  double opinion_sd = 0.3;
};

struct EntryParams {
  std::string policy = "free";
  double accept_base = 0.3;
  double min_fit = 0.6;
  double pass_rate = 1.0;
  double exclusivity = 1.5;
  double fee = 99;
  std::int64_t period_days = 365;
  double value_scale = 1.5;
  std::int64_t refund_days = 0;  // 0: no refund window
  double refund_ask = 0.5;

  // The fee as a monthly amount (30 days), so that its burden does not
  // depend on how it is split into periods.
  [[nodiscard]] double monthly_fee() const { return fee * 30.0 / static_cast<double>(period_days); }
};

enum class Moderation : std::uint8_t { None = 0, Community = 1, Personalized = 2 };

struct ActivityParams {
  Activity type = Activity::Lottery;
  std::uint32_t every_days = 7;
  std::uint32_t start_day = 1;
  double reward = 0;         // currency value handed out per member (lottery)
  double boost = 0;          // engagement boost on the day
  double incentive = 0;      // purchase incentive on the day
  double discount = 0;       // price discount on the day
  std::int64_t stock = 0;    // flash sale units per group, 0 = unlimited
  double posts = 0;          // extra organizer posts (live talk)
  double quality = 0;        // quality of those posts
  double social = 0;         // social value per member (meetup)
  double cost = 0;           // organizer's cost per member (meetup)
  double amount = 0;         // currency put into each red packet
  std::int64_t packets = 0;  // red packets per group per event
  std::int64_t shares = 0;   // grabbers each red packet is split among
};

struct CommunityParams {
  std::int64_t groups = 1;
  std::int64_t seed_members = 50;
  double seed_min_fit = 0.5;
  std::array<double, kRoles> seed_roles{};  // shares by Role, from SeedRoles
  std::int64_t capacity = 500;
  bool clone_when_full = true;
  double seed_trust = 0.6;
  std::vector<double> topic_center;
  double topic_breadth = 0.15;
  EntryParams entry;
  double organizer_posts_per_day = 3;
  double content_quality = 0.6;
  double content_quality_sd = 0.15;
  double ad_share = 0.1;
  std::vector<ActivityParams> activities;
  double ad_removal = 0.5;
  double response_to_negative = 0.5;
  std::string moderation_policy = "none";
  Moderation moderation = Moderation::None;
  double off_topic = 0.2;
  double review_minutes = 0.2;
  double response_minutes = 2;
  double personalized_cost = 0;
  double welcome_reply = 0;
  std::string welcome_by = "organizer";
  double welcome_minutes = 2;
  double hourly_rate = 20;
  double invite_rate = 0.2;
  double poster_rate = 0.02;
  double poster_reach = 0.1;
  double poster_accept = 0.5;
  double trust_transfer = 0.8;
  double poster_trust = 0.3;
  double forced_adds_per_day = 0;
  double forced_trust = 0.1;
  double forced_opinion_hit = 0.3;
  double rejoin_accept = 0.3;
  double price = 30;
  double buy_base = 0.01;
  double trust_exponent = 2;
};

// What a role does (model.md §5): one row of the role table.
struct RoleParams {
  double posting = 1;         // multiplier of the post rate
  double quality = 1;         // multiplier of post quality
  double influence = 1;       // weight of the role's messages on readers
  double susceptibility = 0;  // how far a message moves this role's opinion
  double invites = 1;         // multiplier of the invite rate
  double replies = 1;         // multiplier of the share of posts that are replies
  double salience = 1;        // weight of the role's posts when repliers pick a thread
};

struct BehaviourParams {
  // posting
  double post_rate = 0.15;
  double spam_fit = 0.2;
  double spam_rate = 0.3;
  double post_quality_sd = 0.1;
  // threads and replies
  double reply_share = 0.55;
  double organizer_salience = 1;
  double answer_value = 0.3;
  double reply_value = 0.02;
  double answered_posting = 0.35;
  double unanswered_posting = 0.18;
  double first_post_salience = 30;
  double thread_momentum = 3;
  double bond_value = 0.05;
  double removal_sting = 0.1;
  // red packets
  double packet_boost = 0.3;
  double packet_median = 5;
  double packet_sigma = 0.5;
  std::int64_t packet_shares = 5;
  double packet_return = 0.02;
  double packet_luckiest = 2;
  double packet_spontaneous = 0;
  double packet_floor = 0.01;
  // reading and value
  double engagement_floor = 0.1;
  double info_weight = 0.05;
  double ad_annoyance = 0.5;
  double overload = 0.1;
  double time_cost = 0.07;
  double social_weight = 0.3;
  double value_per_currency = 0.02;
  double fee_weight = 0.03;
  double satisfaction_scale = 0.2;
  // satisfaction, engagement, trust
  double satisfaction_rate = 0.1;
  double engagement_gain = 8;
  double engagement_midpoint = 0.1;
  double commitment_tenure = 0.1;
  std::int64_t tenure_scale = 90;
  double commitment_fit = 0.1;
  double commitment_paid = 0.1;
  double trust_rate = 0.05;
  double trust_range = 1.5;
  double trust_scale = 0.1;
  double low_trust = 0.3;
  double ad_trust_damage = 0.05;
  // influence
  double epsilon = 0.6;
  double organizer_weight = 2.0;
  double response_damping = 0.5;
  double experience = 0.05;
  double opinion_reversion = 0.02;
  double wom_rate = 0.1;
  double wom_mu = 0.3;
  // roles and stages
  std::int64_t newcomer_days = 7;
  double supporter_opinion = 0.3;
  double supporter_satisfaction = 0.05;
  double opponent_opinion = -0.3;
  double opponent_satisfaction = 0.0;
  double opponent_recovery = 0.0;
  std::int64_t leader_tenure = 60;
  double leader_expertise = 0.6;
  double leader_engagement = 0.7;
  double leader_share = 0.05;
  double fan_trust = 0.6;
  double fan_opinion = 0.4;
  std::int64_t iron_fan_tenure = 90;
  double iron_fan_engagement = 0.8;
  // churn and death
  double churn_threshold = 0.0;
  std::int64_t patience_days = 14;
  double renew_threshold = 0.0;
  double dead_posts_per_day = 0.5;
  std::int64_t dead_days = 14;
  std::int64_t early_days = 14;
  // events
  double habituation_half_life = 3;
  double habituation_memory = 30;
  std::array<RoleParams, kRoles> roles{};
};

struct AllParams {
  PeopleParams people;
  CommunityParams community;
  BehaviourParams behaviour;
};

// The declarations, for ModelInfo.
Section people_section();
Section community_section();
Section behaviour_section();

// Validated values (each section's keys without prefix) to typed structs;
// values that passed check_params make a model that can run.
AllParams bind_params(const ParamValues& population, const ParamValues& community,
                      const ParamValues& behaviour);

// The checks across keys (ModelInfo::check): what no key's own range can
// say, such as a topic centre with one coordinate per interest dimension.
std::vector<KeyProblem> check_params(const CheckContext& context);

}  // namespace commsim::models::community
