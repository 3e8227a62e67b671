// What the community model keeps for each person who has ever been a
// member, in one 384-byte record: the CommunityModel keeps them in
// ever_joined_ order, so a person's record is records_[ever_slot_[a]].
//
// Why a record and not columns: the daily loops over members (reading,
// posting, buying, roles, the tallies) used to read and write some thirty
// per-person columns. With 10^4 members among 10^7 people each of those
// entries sat on its own cache line, so a member's day cost a line per
// column, from memory, in every phase, and the day grew with the
// population at a fixed community size (issue 18). A member's record is
// six lines, and the records of today's members (some 3.8 MB for 10^4
// members) stay in cache.
//
// It holds
//  - copies of the fixed traits the member loops read, taken at a person's
//    first join (the columns stay the truth; nothing writes them after
//    initialize, which runs before any join), and of what join() sets,
//    copied as it sets them;
//  - copies of the member's state (opinion, satisfaction, trust,
//    engagement, group, role, stage, muted, posting days, answered), taken
//    by join() and written wherever the column is written while one is a
//    member, so that the member loops read no state column (they still
//    write some). CommunityModel::check_invariants compares every copy with
//    its column for every member, every day, in checked builds;
//  - the decayed counts of events seen (habituation, model.md §5);
//  - today's working values, each reset by the phase that writes it first
//    each day, exactly as the scratch columns they replace were (a packet's
//    money and luck are reset the next morning for yesterday's grabbers,
//    members or not). Only today's people (day_people_) and grabbers are
//    ever read.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "models/community/enums.hpp"

namespace commsim::models::community {

inline constexpr std::uint8_t kNoTransition = 255;
inline constexpr std::uint8_t kNoChurn = 255;
// population.interests.dimensions is at most this (params.cpp).
inline constexpr std::int64_t kMaxInterestDimensions = 8;

struct alignas(64) MemberRecord {
  // Line 1: what reading reads first. Copies of columns:
  double attention = 0;      // messages one can read a day
  double fit = 0;            // fit to the groups' topic
  double wtp = 0;            // willingness to pay a month (currency)
  double opinion_prior = 0;  // the disposition opinions revert to
  // Today's:
  double boost = 0;      // engagement boost of today's events
  double incentive = 0;  // purchase incentive of today's events
  double discount = 0;   // price discount today
  double received = 0;   // red packet money grabbed today

  // Line 2: today's.
  double opinion_next = 0;                  // opinion after today's influence
  double price = 0;                         // price of today's purchase; > 0: wants to buy
  double fee = 0;                           // renewal fee paid today
  double refund = 0;                        // fee refunded today
  std::uint32_t reads = 0;                  // messages read today
  std::uint32_t ads_read = 0;               // ads read today
  std::uint32_t off_topic_reads = 0;        // off-topic messages read today
  std::uint32_t hidden = 0;                 // messages personalized moderation hid
  std::uint32_t answers = 0;                // replies one's posts drew today
  std::uint32_t removed = 0;                // posts removed as off-topic today
  std::uint8_t transition = kNoTransition;  // today's role change (Transition)
  std::uint8_t churn = kNoChurn;            // left today, and why (ChurnReason)
  std::uint8_t leader_candidate = 0;        // may become an opinion leader
  std::uint8_t luckiest = 0;                // the luckiest grabber of a packet today

  // Line 3: events of each type seen, decayed (habituation); today's posts.
  std::array<double, kActivities> seen{};
  std::uint32_t posts = 0;    // member posts today
  std::uint32_t replies = 0;  // of those, replies

  // Line 4: copies of columns read by posting, moderation and roles, and
  // of what joining sets (join() writes both).
  double post_propensity = 0;
  double expertise = 0;     // mean quality of own posts, [0,1]
  double trust_anchor = 0;  // logit of the trust brought in at joining
  std::int32_t join_day = -1;
  std::int32_t first_join_day = -1;
  Channel channel = Channel::Seed;
  // How many of one's contacts are in one's group (the social value): kept
  // up to date as people join, leave or move to a clone (count_in_group);
  // only members' counts are ever read.
  std::uint32_t same_group_contacts = 0;

  // Line 5: copies of the columns of the member's state that the member
  // loops read, written wherever the column is written while one is a
  // member (join() sets them all; after one leaves they are not read).
  alignas(64) double opinion = 0;
  double satisfaction = 0;
  double trust = 0;
  double engagement = 0;
  std::int32_t group = -1;
  std::int32_t first_post_day = -1;
  std::int32_t last_post_day = -1;
  std::uint32_t degree = 0;  // contacts (fixed: taken at first join)
  std::uint8_t role = 0;
  std::uint8_t stage = 0;
  std::uint8_t muted = 0;
  std::uint8_t answered = 0;

  // Line 6: interest coordinates (copies taken at first join; the first
  // population.interests.dimensions are used).
  alignas(64) std::array<double, kMaxInterestDimensions> interest{};
};
static_assert(sizeof(MemberRecord) == 384, "six cache lines");
static_assert(offsetof(MemberRecord, opinion) == 256 && offsetof(MemberRecord, interest) == 320,
              "the state copies fill line 5, the interests line 6");

}  // namespace commsim::models::community
