// Phases 8-9: recruitment, driven from the members' side so that its cost
// grows with the community, not the population. Each member of a live group
// invites each outsider contact with probability p = invite_rate x
// engagement x max(satisfaction, 0) x role invites, and shows each one a
// poster with probability poster_rate x poster_reach; both are drawn as
// geometric skips along the member's contacts, from the member's own stream
// (an outsider with k member contacts therefore sees a poster with
// probability 1 - (1 - poster_rate poster_reach)^k). An outsider's first
// accepted invitation (inviters in id order) decides the group; failing
// that, the poster of a uniformly chosen sharer (the smallest random key),
// accepted with probability poster_accept x acceptance. The organizer's
// forced adds are a third channel. Joins are then applied in id order, so
// capacity and cloning do not depend on threads.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "commsim/distributions.hpp"
#include "models/community/community_model.hpp"

namespace commsim::models::community {

double CommunityModel::paid_value(std::uint32_t person, double satisfaction) const {
  const double referral =
      std::min(1.0, std::max(0.0, satisfaction) / behaviour_.satisfaction_scale);
  return wtp_[person] * community_.entry.value_scale * outsider_[person].fit *
         (0.5 + 0.5 * referral);
}

double CommunityModel::acceptance(std::uint32_t person, double inviter_satisfaction,
                                  RandomStream& rng) const {
  const EntryParams& e = community_.entry;
  if (threshold_ && !(outsider_[person].fit >= e.min_fit && bernoulli(rng, e.pass_rate))) {
    return 0.0;  // screened out
  }
  return acceptance_if_screened(person, inviter_satisfaction);
}

double CommunityModel::acceptance_if_screened(std::uint32_t person,
                                              double inviter_satisfaction) const {
  const EntryParams& e = community_.entry;
  const OutsiderEntry& outsider = outsider_[person];
  double a = 0;
  if (threshold_) {
    a = std::min(1.0, e.accept_base * outsider.fit * e.exclusivity);
  } else if (paid_) {
    a = paid_value(person, inviter_satisfaction) >= e.monthly_fee() ? e.accept_base : 0.0;
  } else {
    a = e.accept_base * (0.5 + 0.5 * outsider.fit);
  }
  return outsider.returning ? a * community_.rejoin_accept : a;
}

namespace {

// One member's two walks along their contacts, invitations then posters,
// as a state that can stop at each landing. Each walk is a run of geometric
// skips, one uniform a landing (plus one), from the member's own stream.
struct Walk {
  RandomStream rng{0, 0, 0, 0};
  std::span<const VertexIndex> contacts;
  std::uint32_t member = 0;
  double satisfaction = 0;    // the member's
  double log_miss = 0;        // log(1 - p) of the walk under way
  std::uint64_t slot = 0;     // where it landed
  std::uint32_t contact = 0;  // who is there, once read
  bool poster = false;        // the poster walk is under way
};

// Starts walk w with probability p per contact: false if it lands nowhere.
bool first_landing(Walk& w, double p) {
  if (!(p > 0)) {
    return false;
  }
  w.log_miss = std::log1p(-std::min(p, 1.0));
  w.slot = geometric_skip(uniform01(w.rng), w.log_miss, w.contacts.size());
  return w.slot < w.contacts.size();
}

}  // namespace

void CommunityModel::reach_outsiders(const PhaseStep& step, std::uint32_t first, std::uint32_t end,
                                     std::vector<Reach>& out) const {
  const CommunityParams& c = community_;
  const double poster_seen = c.poster_rate * c.poster_reach;
  // Outside the threshold policy acceptance draws nothing, so the walk
  // draws each reach's uniform and consider_invitations decides it later.
  // (The threshold policy's screening draw depends on fit, so it decides
  // here.)
  const bool decide_later = !threshold_;
  std::uint32_t next = first;  // the next member to start, in list order
  // Starts the next member whose walks land somewhere: false when none is left.
  const auto start = [&](Walk& w) {
    while (next < end) {
      const std::uint32_t i = next++;
      if (i + kPrefetchFar < end) {
        const std::uint32_t ahead = member_list_[i + kPrefetchFar];
        prefetch_entries(ahead, ever_slot_);
        graph_.prefetch_row(AgentId{ahead});
      }
      if (i + kPrefetchNear < end) {
        __builtin_prefetch(&record_of(member_list_[i + kPrefetchNear]).opinion);  // the state
      }
      const std::uint32_t j = member_list_[i];
      const MemberRecord& r = record_of(j);
      if (!live(r.group)) {
        continue;
      }
      w.member = j;
      w.satisfaction = r.satisfaction;
      w.rng = step.stream(j);
      w.contacts = graph_.neighbors(AgentId{j});
      w.poster = false;
      const double invite = c.invite_rate * r.engagement * std::max(r.satisfaction, 0.0) *
                            behaviour_.roles[r.role].invites;
      if (first_landing(w, invite)) {
        return true;
      }
      w.poster = true;
      if (first_landing(w, poster_seen)) {
        return true;
      }
    }
    return false;
  };
  // The next landing, the poster walk once the invitations' is over: false
  // when both are.
  const auto advance = [&](Walk& w) {
    w.slot += 1 + geometric_skip(uniform01(w.rng), w.log_miss, w.contacts.size());
    if (w.slot < w.contacts.size()) {
      return true;
    }
    if (w.poster) {
      return false;
    }
    w.poster = true;
    return first_landing(w, poster_seen);
  };
  // A landing on an outsider is a reach (members are not invited).
  const auto land = [&](Walk& w) {
    const std::uint32_t a = w.contact;
    if (is_member(a)) {
      return;
    }
    if (!w.poster) {
      const bool yes = !decide_later && bernoulli(w.rng, acceptance(a, w.satisfaction, w.rng));
      out.push_back({a, w.member, false, yes, 0.0, decide_later ? uniform01(w.rng) : 0.0});
    } else {
      const double key = uniform01(w.rng);
      const bool yes =
          !decide_later && bernoulli(w.rng, c.poster_accept * acceptance(a, 0.0, w.rng));
      out.push_back({a, w.member, true, yes, key, decide_later ? uniform01(w.rng) : 0.0});
    }
  };
  // The walks of kLanes members take turns, a landing each: first each
  // reads the id of the contact it landed on, asked for a turn earlier,
  // and asks for that contact's member bit; then each decides its landing
  // and asks for where it lands next. At 10^7 people both reads miss the
  // cache (a hub's contacts, the member bits), and one walk alone would
  // wait on each; this way the waits overlap. A member's draws are still
  // those of one walk in order, and the order of the reaches does not
  // matter (consider_invitations decides each outsider by a minimum).
  constexpr std::size_t kLanes = 16;
  std::array<Walk, kLanes> lanes;
  std::size_t active = 0;
  while (active < kLanes && start(lanes[active])) {
    __builtin_prefetch(&lanes[active].contacts[lanes[active].slot]);
    ++active;
  }
  while (active > 0) {
    for (std::size_t l = 0; l < active; ++l) {
      Walk& w = lanes[l];
      w.contact = w.contacts[w.slot];
      __builtin_prefetch(&member_bits_[w.contact >> 6U]);
      if (threshold_) {
        prefetch_entries(w.contact, outsider_);
      }
    }
    for (std::size_t l = 0; l < active;) {
      Walk& w = lanes[l];
      land(w);
      if (advance(w) || start(w)) {
        __builtin_prefetch(&w.contacts[w.slot]);
        ++l;
      } else {
        // No member is left to start: the last lane, which has read its
        // contact but not landed yet, takes this one's place.
        --active;
        std::swap(w, lanes[active]);
      }
    }
  }
}

// How many contacts ahead a joiner's or leaver's walk over their contacts
// asks for theirs (a hub has thousands, scattered over the population).
constexpr std::size_t kContactAhead = 16;

void CommunityModel::consider_invitations(const PhaseStep& step) {
  const CommunityParams& c = community_;
  // Each member's reach, in fixed blocks of the member list (the buffers
  // are joined in block order, so threads do not matter). Blocks of 256
  // members: enough for the walks' 16 lanes, and some 40 blocks at 10^4
  // members, so that two threads finish together although hubs' walks are
  // long.
  constexpr std::uint32_t kBlock = 256;
  const auto members = static_cast<std::uint32_t>(member_list_.size());
  const std::uint32_t blocks = (members + kBlock - 1) / kBlock;
  reached_.start(blocks);
  // Outside the threshold policy the walk drew each reach's uniform, and
  // each is decided here, for the block at once: the outsiders' entries
  // (outsider_: fit, whether they left before), scattered over the
  // population, are then read without a draw waiting on each.
  const bool decide_later = !threshold_;
  parallel_blocks(blocks, 1, [&](std::uint32_t first_block, std::uint32_t last_block) {
    for (std::uint32_t blk = first_block; blk < last_block; ++blk) {
      std::vector<Reach>& out = reached_.list(blk);
      reach_outsiders(step, blk * kBlock, std::min(members, (blk + 1) * kBlock), out);
      for (std::size_t k = 0; decide_later && k < out.size(); ++k) {
        if (k + kPrefetchFar < out.size()) {
          const std::uint32_t ahead = out[k + kPrefetchFar].outsider;
          prefetch_entries(ahead, outsider_);
          if (paid_) {
            prefetch_entries(ahead, wtp_);
          }
        }
        Reach& r = out[k];
        const double p = r.poster
                             ? c.poster_accept * acceptance_if_screened(r.outsider, 0.0)
                             : acceptance_if_screened(r.outsider, record_of(r.member).satisfaction);
        r.accepted = r.accept_draw < p;
      }
    }
  });
  // Grouped by outsider (ids ascending). Within an outsider the decision is
  // a minimum (the smallest accepting inviter id, else the poster with the
  // smallest key), so it does not depend on the order of their reaches.
  reached_.group([](const Reach& r) { return r.outsider; });
  const auto outsiders = static_cast<std::uint32_t>(reached_.people());
  invited_.resize(outsiders);
  // Each outsider decided in parallel.
  parallel_blocks(outsiders, kListGrain, [&](std::uint32_t first, std::uint32_t last) {
    constexpr std::uint32_t kNobody = std::numeric_limits<std::uint32_t>::max();
    for (std::uint32_t r = first; r < last; ++r) {
      const std::uint32_t a = reached_.person(r);
      Invited answer{a, kNoGroup, -1, 0, Channel::Invite};
      std::uint32_t inviter = kNobody;
      const Reach* poster = nullptr;  // the one looked at
      for (std::size_t k = reached_.first(r); k < reached_.first(r + 1); ++k) {
        const Reach& reach = reached_.item(k);
        if (!reach.poster) {
          ++answer.invitations;
          inviter = reach.accepted ? std::min(inviter, reach.member) : inviter;
        } else if (poster == nullptr || reach.key < poster->key ||
                   (reach.key == poster->key && reach.member < poster->member)) {
          poster = &reach;
        }
      }
      if (inviter != kNobody) {
        answer.group = group_[inviter];
        answer.inviter = static_cast<std::int32_t>(inviter);
      } else if (poster != nullptr && poster->accepted) {
        answer.group = group_[poster->member];
        answer.channel = Channel::Poster;
      }
      invited_[r] = answer;
    }
  });
}

void CommunityModel::join(std::uint32_t person, std::int32_t group, Channel channel, double trust,
                          Day day, std::int32_t inviter) {
  const auto today = static_cast<std::int32_t>(day.value());
  // The opinion kept lazily while outside becomes the member's own.
  opinion_[person] = opinion_at(person, today);
  outsider_deviation_ -= opinion_[person] - opinion_prior_[person];
  if (status_[person] == static_cast<std::uint8_t>(Status::Churned)) {
    churned_ -= 1;
  }
  if (first_join_day_[person] < 0) {
    ever_slot_[person] = static_cast<std::int32_t>(ever_joined_.size());
    ever_joined_.push_back(person);
    const auto contacts = graph_.neighbors(AgentId{person});
    for (std::size_t k = 0; k < contacts.size(); ++k) {
      if (k + kContactAhead < contacts.size()) {
        graph_.prefetch_row(AgentId{contacts[k + kContactAhead]});
      }
      speaker_contacts_.push_back({contacts[k], graph_.degree(AgentId{contacts[k]})});
    }
    speaker_slot_end_.push_back(speaker_contacts_.size());
    MemberRecord& r = records_.emplace_back();
    for_each_trait_copy([&](auto column, auto copy) { r.*copy = column[person]; });
    r.degree = static_cast<std::uint32_t>(contacts.size());
    for (std::size_t d = 0; d < interest_.size(); ++d) {
      r.interest[d] = interest_[d][person];
    }
    cohort_ += today >= 1 && today <= kCohortLastDay ? 1 : 0;
  }
  day_people_.push_back(person);
  // Today's reading tallies (record sums them over the members).
  MemberRecord& r = record_of(person);
  r.reads = 0;
  r.ads_read = 0;
  r.off_topic_reads = 0;
  r.hidden = 0;
  status_[person] = static_cast<std::uint8_t>(Status::Member);
  set_member_bit(person, true);
  group_[person] = group;
  count_in_group(person, group, +1);
  role_[person] = static_cast<std::uint8_t>(Role::Newcomer);
  trust_[person] = trust;
  trust_anchor_[person] =
      std::log(std::clamp(trust, 1e-3, 1 - 1e-3) / (1 - std::clamp(trust, 1e-3, 1 - 1e-3)));
  muted_[person] = 0;
  packet_pending_[person] = 0;
  satisfaction_[person] = 0;
  low_days_[person] = 0;
  join_day_[person] = static_cast<std::int32_t>(day.value());
  if (first_join_day_[person] < 0) {
    first_join_day_[person] = join_day_[person];
  }
  channel_[person] = static_cast<std::uint8_t>(channel);
  r.trust_anchor = trust_anchor_[person];
  r.join_day = join_day_[person];
  r.first_join_day = first_join_day_[person];
  r.channel = channel;
  engagement_[person] =
      1.0 / (1.0 + std::exp(-behaviour_.engagement_gain *
                            (commitment(person, day) - behaviour_.engagement_midpoint)));
  for_each_state_copy([&](auto column, auto copy) { r.*copy = column[person]; });
  ++groups_[static_cast<std::size_t>(group)].members;
  if (channel != Channel::Seed) {
    today_.joins[static_cast<std::size_t>(channel) - 1] += 1;
  }
  if (trace_ != nullptr) {
    trace_join(person, group, channel, inviter, day);
  }
}

void CommunityModel::count_in_group(std::uint32_t person, std::int32_t g, int step) {
  std::uint32_t same = 0;
  const auto contacts = graph_.neighbors(AgentId{person});
  // Only members have a group (group_ is kNoGroup otherwise), so the member
  // bits, which stay in cache, rule out most contacts before their group
  // column entry, scattered over the population, is read.
  for (std::size_t k = 0; k < contacts.size(); ++k) {
    if (k + kContactAhead < contacts.size()) {
      __builtin_prefetch(&member_bits_[contacts[k + kContactAhead] >> 6U]);
    }
    const VertexIndex v = contacts[k];
    if (is_member(v) && group_[v] == g && v != person) {
      std::uint32_t& count = record_of(v).same_group_contacts;
      count = step > 0 ? count + 1 : count - 1;
      ++same;
    }
  }
  record_of(person).same_group_contacts = step > 0 ? same : 0;
}

std::int32_t CommunityModel::group_with_room(std::int32_t wanted, Day day) {
  const auto capacity = static_cast<std::uint32_t>(community_.capacity);
  std::int32_t g = wanted;
  for (;;) {
    Group& group = groups_[static_cast<std::size_t>(g)];
    if (group.members < capacity) {
      return g;
    }
    if (group.clone != kNoGroup && live(group.clone)) {
      g = group.clone;
      continue;
    }
    if (!community_.clone_when_full) {
      return kNoGroup;
    }
    // Clone: a supporter or opinion leader of the full group (the first by
    // id still in it, else its first member) moves over as the seed.
    const auto clone = static_cast<std::int32_t>(groups_.size());
    const auto from = static_cast<std::size_t>(g);
    std::int32_t seed = -1;
    std::int32_t fallback = -1;
    // A group opened today has no list yet; its clone opens without a seed.
    const bool listed = from + 1 < member_start_.size();
    for (std::uint32_t i = listed ? member_start_[from] : 0; listed && i < member_start_[from + 1];
         ++i) {
      const std::uint32_t a = member_list_[i];
      if (group_[a] != g) {
        continue;  // left or moved since the list was built
      }
      fallback = fallback < 0 ? static_cast<std::int32_t>(a) : fallback;
      const auto r = static_cast<Role>(role_[a]);
      if (r == Role::Supporter || r == Role::OpinionLeader) {
        seed = static_cast<std::int32_t>(a);
        break;
      }
    }
    seed = seed < 0 ? fallback : seed;
    open_group(day);
    groups_[from].clone = clone;
    if (seed >= 0) {
      count_in_group(static_cast<std::uint32_t>(seed), g, -1);
      group_[static_cast<std::uint32_t>(seed)] = clone;
      record_of(static_cast<std::uint32_t>(seed)).group = clone;
      count_in_group(static_cast<std::uint32_t>(seed), clone, +1);
      --groups_[from].members;
      ++groups_.back().members;
    }
    return clone;
  }
}

void CommunityModel::admit(const PhaseStep& step) {
  const CommunityParams& c = community_;
  const std::uint32_t n = population_.size();
  const Day day = step.day();
  // Today's people: the start-of-day members, then the joiners (join adds them).
  day_people_.assign(member_list_.begin(), member_list_.end());
  day_members_ = static_cast<std::uint32_t>(day_people_.size());

  // Forced adds: random non-members into the live group with the most room.
  auto organizer = step.stream(n);
  const auto forced = poisson(organizer, c.forced_adds_per_day);
  for (std::uint64_t i = 0; i < forced; ++i) {
    std::int32_t target = kNoGroup;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      if (live(static_cast<std::int32_t>(g)) && groups_[g].members > 0 &&
          (target == kNoGroup ||
           groups_[g].members < groups_[static_cast<std::size_t>(target)].members)) {
        target = static_cast<std::int32_t>(g);
      }
    }
    const std::uint32_t person = uniform_index(organizer, n);
    if (target == kNoGroup || is_member(person)) {
      continue;  // nobody to add to, or already in
    }
    target = group_with_room(target, day);
    if (target == kNoGroup) {
      continue;
    }
    join(person, target, Channel::Forced, c.forced_trust, day);
    opinion_[person] = std::max(-1.0, opinion_[person] - c.forced_opinion_hit);
    record_of(person).opinion = opinion_[person];
  }

  // Joins in id order (invited_ is), so that capacity and cloning do not
  // depend on threads.
  for (const Invited& answer : invited_) {
    const std::uint32_t a = answer.person;
    if (!live(answer.group) || is_member(a)) {
      continue;
    }
    const std::int32_t g = group_with_room(answer.group, day);
    if (g == kNoGroup) {
      continue;  // full, no cloning: the invitation lapses
    }
    const double trust = answer.channel == Channel::Invite
                             ? c.trust_transfer * trust_[static_cast<std::uint32_t>(answer.inviter)]
                             : c.poster_trust;
    join(a, g, answer.channel, trust, day, answer.inviter);
    if (answer.inviter >= 0) {
      ++invites_sent_[static_cast<std::uint32_t>(answer.inviter)];
    }
    if (paid_) {
      today_.fees += c.entry.fee;
      spend_[a] += c.entry.fee;
    }
  }
}

}  // namespace commsim::models::community
