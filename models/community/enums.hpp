// The community model's categories, with the labels that name them in
// scenario files and along the category axes of the results file.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace commsim::models::community {

enum class Status : std::uint8_t { Outsider = 0, Member = 1, Churned = 2 };
inline constexpr std::size_t kStatuses = 3;
inline const std::array<const char*, kStatuses> kStatusLabels{"outsider", "member", "churned"};

// Role order is also the order of role lists and seed_roles.
enum class Role : std::uint8_t {
  Newcomer = 0,
  Learner = 1,
  Supporter = 2,
  Opponent = 3,
  OpinionLeader = 4,
};
inline constexpr std::size_t kRoles = 5;
inline const std::array<const char*, kRoles> kRoleLabels{"newcomer", "learner", "supporter",
                                                         "opponent", "opinion_leader"};

// Relationship stage: customers -> fans -> friends ("iron fans").
enum class Stage : std::uint8_t { None = 0, Customer = 1, Fan = 2, IronFan = 3 };
inline constexpr std::size_t kStages = 4;
inline const std::array<const char*, kStages> kStageLabels{"none", "customer", "fan", "iron_fan"};

enum class Channel : std::uint8_t { Seed = 0, Invite = 1, Poster = 2, Forced = 3 };
inline constexpr std::size_t kChannels = 3;  // joins by channel, without the seeds
inline const std::array<const char*, kChannels> kChannelLabels{"invite", "poster", "forced"};

// Patience: a free or threshold member ran out of patience; renewal: a paid
// member did not renew; refund: a paid member asked for the fee back inside
// the refund window.
enum class ChurnReason : std::uint8_t { Patience = 0, Renewal = 1, Refund = 2 };
inline constexpr std::size_t kChurnReasons = 3;
inline const std::array<const char*, kChurnReasons> kChurnLabels{"patience", "renewal", "refund"};

enum class Activity : std::uint8_t {
  Lottery = 0,
  CheckIn = 1,
  GroupBuy = 2,
  FlashSale = 3,
  LiveTalk = 4,
  Meetup = 5,
  RedPacket = 6,
};
inline constexpr std::size_t kActivities = 7;
inline const std::array<const char*, kActivities> kActivityLabels{
    "lottery", "check_in", "group_buy", "flash_sale", "live_talk", "meetup", "red_packet"};

// What the organizer pays for, by kind (the daily `costs` metric).
enum class Cost : std::uint8_t { Prizes = 0, RedPackets = 1, Meetups = 2, Moderation = 3 };
inline constexpr std::size_t kCosts = 4;
inline const std::array<const char*, kCosts> kCostLabels{"prizes", "red_packets", "meetups",
                                                         "moderation"};

// Who sent a red packet.
inline constexpr std::size_t kSenders = 2;
inline const std::array<const char*, kSenders> kSenderLabels{"organizer", "member"};

// Role transitions counted daily (model.md §5).
enum class Transition : std::uint8_t {
  NewcomerToLearner = 0,
  LearnerToSupporter = 1,
  ToOpponent = 2,
  OpponentToLearner = 3,
  SupporterToLeader = 4,
};
inline constexpr std::size_t kTransitions = 5;
inline const std::array<const char*, kTransitions> kTransitionLabels{
    "newcomer_to_learner", "learner_to_supporter", "to_opponent", "opponent_to_learner",
    "supporter_to_opinion_leader"};

template <std::size_t N>
std::vector<std::string> labels(const std::array<const char*, N>& names) {
  return {names.begin(), names.end()};
}

}  // namespace commsim::models::community
