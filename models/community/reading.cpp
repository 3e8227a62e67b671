// Phase 5 of a day for one person: read today's messages under the
// attention budget (only those relevant enough under personalized
// moderation), take their value and influence, and update satisfaction,
// engagement, trust and opinion; decide whether to send a red packet back
// tomorrow. Everyone may also compare opinions with one contact. Writes only
// the person's own state; other people's opinions are read as they were at
// the start of the phase (new opinions go to opinion_next).
//
// Word of mouth (a Deffuant step: move wom_mu of the way toward a contact's
// opinion when within epsilon). A member compares with one random contact
// with probability wom_rate a day. An outsider listens to one random contact
// with the same probability, but only a contact who has been in the
// community (a member or former member) can shift an outsider's view of it:
// talk among people who never joined carries nothing about the community.
// So outsiders' word of mouth is drawn from the speakers' side
// (spread_word_of_mouth): listener a hears speaker v with probability
// wom_rate / degree(a), drawn as geometric skips along v's contacts and
// thinned by 1 / degree(a), with the speaker's own shared Philox blocks, so
// the work is proportional to the former and current members' contacts and
// the result does not depend on threads. Outsiders' reversion to their
// dispositions is applied in closed form (opinion_at).
//
// Trust and opinion stay away from their bounds (model.md §10): trust moves
// on the logit scale toward a target that lasting satisfaction can shift at
// most trust_range logits from where the person's trust started, and each
// opinion reverts a little every day toward the person's own disposition, so
// that a year of steady influence or experience balances at an interior
// value instead of piling up at 0, 1 or +-1.
//
// Cost: O(messages read + contacts) per member; O(messages of the group) per
// member under personalized moderation (each message's relevance is needed
// to filter the view).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "commsim/distributions.hpp"
#include "models/community/community_model.hpp"

namespace commsim::models::community {

namespace {

// k distinct indices of [0, n): selection sampling (Knuth's algorithm S)
// when k is a large part of n, otherwise draws with a duplicate check.
void sample_indices(RandomStream& rng, std::uint32_t n, std::uint32_t k,
                    std::vector<std::uint32_t>& out) {
  out.clear();
  if (k >= n) {
    for (std::uint32_t i = 0; i < n; ++i) {
      out.push_back(i);
    }
    return;
  }
  if (std::uint64_t{k} * 8 >= n) {
    std::uint32_t needed = k;
    for (std::uint32_t i = 0; i < n && needed > 0; ++i) {
      if (uniform_index(rng, n - i) < needed) {
        out.push_back(i);
        --needed;
      }
    }
    return;
  }
  while (out.size() < k) {
    const std::uint32_t i = uniform_index(rng, n);
    if (std::find(out.begin(), out.end(), i) == out.end()) {
      out.push_back(i);
    }
  }
}

double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

double logit(double p) {
  const double q = std::clamp(p, 1e-9, 1 - 1e-9);
  return std::log(q / (1 - q));
}

}  // namespace

double CommunityModel::relevance(std::uint32_t reader, std::int32_t author) const {
  if (author == kOrganizer) {
    return fit_[reader];
  }
  double d2 = 0;
  for (const auto& x : interest_) {
    const double d = x[reader] - x[static_cast<std::uint32_t>(author)];
    d2 += d * d;
  }
  return topic_kernel(d2);
}

double CommunityModel::message_relevance(const MemberRecord& reader, std::uint32_t message) const {
  if (messages_[message].author == kOrganizer) {
    return reader.fit;
  }
  const std::size_t dims = interest_.size();
  const double* x = &message_interest_[std::size_t{message} * dims];
  double d2 = 0;
  for (std::size_t d = 0; d < dims; ++d) {
    const double gap = reader.interest[d] - x[d];
    d2 += gap * gap;
  }
  return topic_kernel(d2);
}

double CommunityModel::commitment(std::uint32_t a, Day day) const {
  const MemberRecord& r = record_of(a);
  const double tenure = static_cast<double>(static_cast<std::int64_t>(day.value()) - r.join_day);
  return behaviour_.commitment_tenure *
             std::min(1.0, tenure / static_cast<double>(behaviour_.tenure_scale)) +
         behaviour_.commitment_fit * r.fit + (paid_ ? behaviour_.commitment_paid : 0.0);
}

double CommunityModel::engagement_for(std::uint32_t a, Day day, double boost) const {
  return logistic(behaviour_.engagement_gain * (record_of(a).satisfaction + commitment(a, day) +
                                                boost - behaviour_.engagement_midpoint));
}

double CommunityModel::habituated(const MemberRecord& r, std::size_t type) const {
  return std::exp2(-r.seen[type] / behaviour_.habituation_half_life);
}

void CommunityModel::read_and_feel(const PhaseStep& step) {
  const BehaviourParams& b = behaviour_;
  const CommunityParams& c = community_;
  const double forget = std::exp(-1.0 / b.habituation_memory);
  const auto today = static_cast<std::int32_t>(step.day().value());
  const bool personalized = c.moderation == Moderation::Personalized;
  // Each message's author's interests and influence, gathered once: readers
  // then read them from one array instead of each author's columns.
  const std::size_t dims = interest_.size();
  message_interest_.resize(messages_.size() * dims);
  message_influence_.resize(messages_.size());
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    const std::int32_t author = messages_[i].author;
    if (author == kOrganizer) {
      message_influence_[i] = 0;
      continue;
    }
    const auto who = static_cast<std::uint32_t>(author);
    for (std::size_t d = 0; d < dims; ++d) {
      message_interest_[i * dims + d] = interest_[d][who];
    }
    message_influence_[i] = b.roles[role_[who]].influence;
  }
  const auto prefetch = [&](std::uint32_t a, Ahead ahead) {
    if (ahead == Ahead::Near) {
      prefetch_record(a);
      return;
    }
    // The record holds what is read of the member; of the columns, only
    // those written (and the row, for word of mouth's random contact).
    prefetch_entries(a, ever_slot_);
    prefetch_for_writing(a, satisfaction_, engagement_, trust_, packet_pending_);
    graph_.prefetch_row(AgentId{a});
  };
  for_each_member(member_list_, prefetch, [&](std::uint32_t a) {
    thread_local std::vector<std::uint32_t> picked;
    thread_local std::vector<std::uint32_t> visible;
    MemberRecord& r = record_of(a);
    const double o = r.opinion;
    double next = o;
    r.boost = 0;
    r.incentive = 0;
    r.discount = 0;
    auto rng = step.stream(a);
    const auto g = static_cast<std::size_t>(r.group);
    const std::uint32_t first = message_start_[g];
    const std::uint32_t n = message_start_[g + 1] - first;
    const bool muted = r.muted != 0;
    // Personalized moderation: the reader's view holds only the messages
    // relevant enough to them (ads are left to ad_removal).
    visible.clear();
    for (std::uint32_t i = 0; i < n && personalized && !muted; ++i) {
      const Message& m = messages_[first + i];
      if (m.kind == MessageKind::Ad || message_relevance(r, first + i) >= c.off_topic) {
        visible.push_back(i);
      }
    }
    const std::uint32_t seen =
        muted ? 0 : (personalized ? static_cast<std::uint32_t>(visible.size()) : n);
    r.hidden = muted ? 0 : n - seen;
    const double budget = r.attention * std::max(r.engagement, b.engagement_floor);
    const double wanted = std::min(budget, static_cast<double>(seen));
    auto k = static_cast<std::uint32_t>(wanted);
    k += bernoulli(rng, wanted - k) ? 1U : 0U;
    sample_indices(rng, seen, k, picked);

    // Value and influence of what was read.
    const RoleParams& me = b.roles[r.role];
    double value = 0;
    double shift = 0;
    std::uint32_t ads = 0;
    std::uint32_t off_topic = 0;
    for (std::uint32_t i : picked) {
      const std::uint32_t index = first + (personalized ? visible[i] : i);
      const Message& m = messages_[index];
      if (m.kind == MessageKind::Ad) {
        value -= b.ad_annoyance;
        ++ads;
        continue;
      }
      const double relevant = message_relevance(r, index);
      off_topic += relevant < c.off_topic ? 1U : 0U;
      value +=
          static_cast<double>(m.quality) * relevant + (m.author == kOrganizer ? 0.0 : b.bond_value);
      double weight =
          m.author == kOrganizer ? b.organizer_weight * r.trust : message_influence_[index];
      weight *= m.kind == MessageKind::Answered ? b.response_damping : 1.0;
      const double gap = static_cast<double>(m.opinion) - o;
      const double close = std::abs(gap) < b.epsilon ? 1.0 : 0.0;
      shift += close * std::min(1.0, me.susceptibility * weight) * gap;
    }
    if (k > 0) {
      shift /= k;
    }
    r.reads = k;
    r.ads_read = ads;
    r.off_topic_reads = off_topic;

    // Today's events, habituated: each seen event of a type counts.
    double event_value = 0;
    for (std::size_t t = 0; t < kActivities; ++t) {
      r.seen[t] *= forget;
      const EventEffect& e = effects_[t];
      if (!e.fired || groups_[g].dead) {
        continue;
      }
      const double h = habituated(r, t);
      r.boost += e.boost * h;
      r.incentive += e.incentive * h;
      r.discount = std::max(r.discount, e.discount);
      event_value += e.value * h;
      r.seen[t] += 1;
    }
    // Red packets grabbed today: their money and a boost.
    if (r.received > 0) {
      r.boost += b.packet_boost;
      event_value += b.value_per_currency * r.received;
    }
    // Replies: being answered (a newcomer's first post most of all), and
    // posts removed as off-topic.
    double threads = b.reply_value * r.answers - b.removal_sting * r.removed;
    if (r.first_post_day == today && r.first_join_day >= 1 && r.answered != 0) {
      threads += b.answer_value;
    }

    // Social value: the share of one's contacts in the same group (nothing
    // for a member who has muted the group).
    double social = 0;
    if (r.degree > 0 && !muted) {
      social = b.social_weight * r.same_group_contacts / static_cast<double>(r.degree);
    }
    const double overload = muted ? 0.0 : b.overload * std::max(0.0, seen / r.attention - 1.0);
    const double time_cost = muted ? 0.0 : b.time_cost;
    const double fee_burden = paid_ ? b.fee_weight * c.entry.monthly_fee() / r.wtp : 0.0;
    const double u =
        b.info_weight * value + social + event_value + threads - overload - time_cost - fee_burden;

    r.satisfaction = (1 - b.satisfaction_rate) * r.satisfaction + b.satisfaction_rate * u;
    satisfaction_[a] = r.satisfaction;
    r.engagement = engagement_for(a, step.day(), r.boost);
    engagement_[a] = r.engagement;
    // Trust on the logit scale, toward a target bounded around where it started.
    double lt = logit(r.trust);
    lt += b.trust_rate *
          (r.trust_anchor + b.trust_range * std::tanh(r.satisfaction / b.trust_scale) - lt);
    if (r.trust < b.low_trust) {
      lt -= b.ad_trust_damage * ads;
    }
    r.trust = logistic(lt);
    trust_[a] = r.trust;
    next += shift + b.experience * u * (1 - o * o);
    packet_pending_[a] = packet_to_send(a, rng);
    // Word of mouth: a Deffuant step toward one random contact (a member
    // listens to anyone).
    if (bernoulli(rng, b.wom_rate)) {
      if (const auto v = random_contact(a, rng)) {
        const double gap = opinion_before(*v, today) - o;
        next += std::abs(gap) < b.epsilon ? b.wom_mu * gap : 0.0;
      }
    }
    // Dispositions persist: a little of the way back to one's own prior.
    next -= b.opinion_reversion * (o - r.opinion_prior);
    r.opinion_next = std::clamp(next, -1.0, 1.0);
  });
}

namespace {

// A contact slot the skips landed on and the thinning kept: the listener
// and the speaker (their place in ever_joined_).
struct Hit {
  std::uint32_t listener;
  std::uint32_t speaker;
};

// Where a skip landed: the slot, counted from the block's first, and the
// uniform that thins it.
struct Landing {
  std::uint64_t at;
  double thinning;
};

}  // namespace

void CommunityModel::spread_word_of_mouth(const PhaseStep& step) {
  const BehaviourParams& b = behaviour_;
  const auto today = static_cast<std::int32_t>(step.day().value());
  const double keep = decay_[1];
  outsider_deviation_ *= keep;  // every outsider's reversion today
  // Per contact slot of a speaker: wom_rate / min_degree (thinned below by
  // min_degree / degree(listener), so that each listener hears a given
  // contact with probability wom_rate / degree). The model needs a graph
  // (ModelInfo::supports_complete_mixing is false).
  const double thin = min_degree_;
  const double p = std::min(1.0, b.wom_rate / thin);
  if (!(p > 0) || ever_joined_.empty()) {
    return;
  }
  const double log_miss = std::log1p(-p);
  // Speakers in fixed blocks, each block one walk of geometric skips along
  // its speakers' contact lists laid end to end, from the block's own
  // stream: the draws do not depend on threads, and a speaker nobody hears
  // costs a read of where their slots end.
  constexpr std::uint32_t kBlock = 1024;
  const auto speakers = static_cast<std::uint32_t>(ever_joined_.size());
  const std::uint32_t blocks = (speakers + kBlock - 1) / kBlock;
  heard_.start(blocks);
  const PhaseRng rng = step.rng();
  parallel_blocks(blocks, 1, [&](std::uint32_t first_block, std::uint32_t last_block) {
    thread_local std::vector<Landing> landings;
    thread_local std::vector<Hit> hits;
    for (std::uint32_t blk = first_block; blk < last_block; ++blk) {
      auto words = rng.shared_stream(blk);
      // Landings on the contact slots, each with probability p; a skip is
      // capped at 2^52 slots, far past any block's end.
      constexpr std::uint64_t kFar = std::uint64_t{1} << 52U;
      const auto skip = [&]() { return geometric_skip(uniform01(words), log_miss, kFar); };
      // The walk, in passes. First where the skips land among the block's
      // contact slots laid end to end, with each landing's thinning draw: no
      // draw depends on anything read, so this pass reads nothing. Then who
      // each landing reaches: a listener kept with probability d_min /
      // degree (a listener hears one contact), the degree read from
      // speaker_contacts_; and of those, the outsiders (members choose their
      // own contact). Each is a branch-free compaction whose reads do not
      // wait on one another, where reading at each landing during the walk
      // made every draw wait for a cache miss at 10^7 people; the member
      // bits are read only for the listeners the thinning kept.
      const std::uint32_t begin = blk * kBlock;
      const std::uint32_t end = std::min(speakers, (blk + 1) * kBlock);
      const std::uint64_t block_first = speaker_slot_begin(begin);
      const std::uint64_t block_slots = speaker_slot_end_[end - 1] - block_first;
      landings.clear();
      for (std::uint64_t at = skip(); at < block_slots; at += 1 + skip()) {
        landings.push_back({at, uniform01(words)});
      }
      hits.resize(landings.size());
      std::size_t kept = 0;
      std::uint32_t i = begin;  // the speaker whose slots hold the landing
      for (const Landing& landing : landings) {
        const std::uint64_t slot = block_first + landing.at;
        while (slot >= speaker_slot_end_[i]) {
          ++i;
        }
        const SpeakerContact& contact = speaker_contacts_[slot];
        hits[kept] = {contact.listener, i};
        kept += landing.thinning * contact.degree < thin ? 1U : 0U;
      }
      // Of the listeners the thinning kept, the outsiders (members choose
      // their own contact): member bits asked for a few hits ahead.
      std::size_t outsiders = 0;
      for (std::size_t k = 0; k < kept; ++k) {
        if (k + kPrefetchFar < kept) {
          __builtin_prefetch(&member_bits_[hits[k + kPrefetchFar].listener >> 6U]);
        }
        hits[outsiders] = hits[k];
        outsiders += is_member(hits[k].listener) ? 0U : 1U;
      }
      hits.resize(outsiders);
      // What the outsiders heard: the speakers' and listeners' opinions,
      // read at people scattered over the population, asked for a few hits
      // ahead and kept without a branch, so that the misses overlap.
      std::vector<Heard>& out = heard_.list(blk);
      out.resize(hits.size());
      std::size_t close = 0;
      for (std::size_t k = 0; k < hits.size(); ++k) {
        if (k + kPrefetchFar < hits.size()) {
          const Hit& ahead = hits[k + kPrefetchFar];
          prefetch_entries(ahead.listener, outsider_);  // an outsider
          prefetch_opinion(ever_joined_[ahead.speaker]);
        }
        const Hit& h = hits[k];
        const double gap =
            opinion_before(ever_joined_[h.speaker], today) - opinion_at(h.listener, today - 1);
        out[close] = {h.listener, b.wom_mu * gap};
        close += std::abs(gap) < b.epsilon ? 1U : 0U;
      }
      out.resize(close);
    }
  });
  // Apply in a fixed order: by listener, then in speaker order.
  heard_.group([](const Heard& h) { return h.listener; });
  // Each listener's new opinion is set in parallel, and the change in the
  // outsiders' total deviation is summed in listener order afterwards, as
  // one serial loop would.
  const auto listeners = static_cast<std::uint32_t>(heard_.people());
  std::vector<double> change(listeners);
  parallel_blocks(listeners, kListGrain, [&](std::uint32_t first, std::uint32_t last) {
    for (std::uint32_t r = first; r < last; ++r) {
      if (r + kPrefetchFar < last) {
        prefetch_entries(heard_.person(r + kPrefetchFar), outsider_);
      }
      const std::uint32_t a = heard_.person(r);
      double shift = 0;
      for (std::size_t k = heard_.first(r); k < heard_.first(r + 1); ++k) {
        shift += heard_.item(k).shift;
      }
      OutsiderEntry& o = outsider_[a];
      const double reverted = keep * (opinion_at(a, today - 1) - o.prior);
      const double now = std::clamp(o.prior + reverted + shift, -1.0, 1.0);
      change[r] = (now - o.prior) - reverted;
      o.value = now;
      o.day = today;
    }
  });
  for (const double d : change) {
    outsider_deviation_ += d;
  }
}

}  // namespace commsim::models::community
