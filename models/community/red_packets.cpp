// Red packets (WeChat "lucky money", model.md §10): the activity the essays
// name as where group commerce began. A sender puts an amount into the group
// and chooses how many shares it has; the first members to grab take one
// share each, split at random by the lucky draw (lucky_draw below); the
// luckiest grabber (the largest share) is marked. Shares nobody grabs go back
// to the sender. What the organizer's packets give away is a cost
// (`costs` red_packets); members' packets move money between members.
//
// Who grabs: group members are drawn uniformly and each grabs with
// probability equal to their engagement (engaged members are online and
// quick), until every share is taken or 20 x shares draws have been made; the
// sender, disengaged paying members and those who already grabbed that
// packet are skipped. A grab adds its amount x value_per_currency to the
// day's value and behaviour.packet_boost to the day's engagement (posting
// and reading).
//
// Gift contagion (Yuan et al. 2019: on average each unit received brings
// 0.18 units back to the group within 24 hours, much more for the luckiest):
// a member who received r today sends a packet back tomorrow with probability
//   min(1, packet_return x r x [packet_luckiest if they were the luckiest]
//          + packet_spontaneous x engagement),
// of lognormal amount (median packet_median, log-sd packet_sigma) split into
// packet_shares shares. So E[sent | r] rises linearly with r (the extensive
// margin Yuan et al. find), and the summaries packet_return_per_unit* report
// the least-squares slope of sent on received, as they estimate it.
//
// Cost: O(packets x shares) draws per group and day, serial.
#include "models/community/red_packets.hpp"

#include <algorithm>
#include <cmath>

#include "commsim/distributions.hpp"
#include "models/community/community_model.hpp"

namespace commsim::models::community {

std::vector<std::int64_t> lucky_draw(RandomStream& rng, std::int64_t cents, std::int64_t shares,
                                     std::int64_t floor_cents) {
  floor_cents = std::max<std::int64_t>(1, floor_cents);
  shares = std::clamp<std::int64_t>(cents / floor_cents, 1, std::max<std::int64_t>(1, shares));
  std::vector<std::int64_t> out;
  out.reserve(static_cast<std::size_t>(shares));
  std::int64_t left = cents;
  for (std::int64_t k = shares; k > 1; --k) {
    // Between the floor and twice the mean of what remains, leaving the
    // floor for each of the k - 1 after this one.
    const std::int64_t hi = std::min(2 * left / k, left - floor_cents * (k - 1));
    const std::int64_t lo = std::min(floor_cents, hi);
    const auto span = static_cast<double>(hi - lo + 1);
    const auto draw =
        std::min(hi, lo + static_cast<std::int64_t>(std::floor(uniform01(rng) * span)));
    out.push_back(draw);
    left -= draw;
  }
  out.push_back(left);
  return out;
}

std::size_t luckiest_grabber(const std::vector<std::int64_t>& shares, std::size_t taken) {
  std::size_t best = 0;
  for (std::size_t k = 1; k < taken && k < shares.size(); ++k) {
    best = shares[k] > shares[best] ? k : best;
  }
  return best;
}

void CommunityModel::hand_out_packets(const PhaseStep& step) {
  // Yesterday's grabs are over.
  for (std::uint32_t a : grabbers_) {
    MemberRecord& r = record_of(a);
    r.received = 0;
    r.luckiest = 0;
  }
  grabbers_.clear();
  constexpr auto kMember = static_cast<std::uint8_t>(Status::Member);
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (groups_[g].dead || groups_[g].members == 0) {
      continue;
    }
    auto rng = step.stream(group_entity(g));
    for (const Packet& p : organizer_packets_) {
      grab(g, p, rng);
    }
    for (std::uint32_t i = member_start_[g]; i < member_start_[g + 1]; ++i) {
      const std::uint32_t a = member_list_[i];
      if (packet_pending_[a] > 0 && status_[a] == kMember &&
          group_[a] == static_cast<std::int32_t>(g)) {
        grab(g, {static_cast<std::int32_t>(a), packet_pending_[a], behaviour_.packet_shares}, rng);
      }
    }
  }
}

void CommunityModel::grab(std::size_t g, const Packet& packet, RandomStream& rng) {
  const auto cents = static_cast<std::int64_t>(std::llround(packet.amount * 100));
  const auto floor_cents = std::max<std::int64_t>(1, std::llround(behaviour_.packet_floor * 100));
  if (cents < floor_cents) {
    return;
  }
  const std::vector<std::int64_t> split = lucky_draw(rng, cents, packet.shares, floor_cents);
  const std::uint32_t listed = member_start_[g + 1] - member_start_[g];
  std::vector<std::uint32_t> taken;
  taken.reserve(split.size());
  const std::size_t tries = 20 * split.size();
  for (std::size_t t = 0; t < tries && taken.size() < split.size() && listed > 0; ++t) {
    const std::uint32_t a = member_list_[member_start_[g] + uniform_index(rng, listed)];
    if (static_cast<std::int32_t>(a) == packet.sender ||
        group_[a] != static_cast<std::int32_t>(g) ||
        status_[a] != static_cast<std::uint8_t>(Status::Member) || muted_[a] != 0 ||
        std::find(taken.begin(), taken.end(), a) != taken.end()) {
      continue;
    }
    if (bernoulli(rng, engagement_[a])) {
      taken.push_back(a);
    }
  }
  const std::size_t sender = packet.sender == kOrganizer ? 0 : 1;
  today_.packets[sender] += 1;
  today_.packet_amount[sender] += packet.amount;
  today_.packet_grabs += static_cast<double>(taken.size());
  std::int64_t given = 0;
  for (std::size_t k = 0; k < taken.size(); ++k) {
    const std::uint32_t a = taken[k];
    const double amount = static_cast<double>(split[k]) / 100.0;
    MemberRecord& r = record_of(a);
    if (r.received == 0) {
      grabbers_.push_back(a);
    }
    r.received += amount;
    packets_received_[a] += amount;
    given += split[k];
  }
  if (!taken.empty()) {
    record_of(taken[luckiest_grabber(split, taken.size())]).luckiest = 1;
  }
  const double spent = static_cast<double>(given) / 100.0;
  if (packet.sender == kOrganizer) {
    today_.costs[static_cast<std::size_t>(Cost::RedPackets)] += spent;
  } else {
    packets_given_[static_cast<std::uint32_t>(packet.sender)] += spent;
  }
}

double CommunityModel::packet_to_send(std::uint32_t a, RandomStream& rng) const {
  const BehaviourParams& b = behaviour_;
  const MemberRecord& r = record_of(a);
  double p = b.packet_spontaneous * r.engagement;
  if (r.received > 0) {
    p += b.packet_return * r.received * (r.luckiest != 0 ? b.packet_luckiest : 1.0);
  }
  if (p <= 0 || !bernoulli(rng, p)) {
    return 0.0;
  }
  return std::round(lognormal_median(rng, b.packet_median, b.packet_sigma) * 100) / 100;
}

}  // namespace commsim::models::community
