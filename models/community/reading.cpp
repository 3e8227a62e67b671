// Phase 5 of a day for one person: read today's messages under the
// attention budget (only those relevant enough under personalized
// moderation), take their value and influence, and update satisfaction,
// engagement, trust and opinion; decide whether to send a red packet back
// tomorrow. Everyone may also compare opinions with one contact. Writes only
// the person's own state; other people's opinions are read as they were at
// the start of the phase (new opinions go to opinion_next).
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
  return std::exp(-d2 / (2 * community_.topic_breadth * community_.topic_breadth));
}

double CommunityModel::commitment(std::uint32_t a, Day day) const {
  const double tenure = static_cast<double>(static_cast<std::int64_t>(day.value()) - join_day_[a]);
  return behaviour_.commitment_tenure *
             std::min(1.0, tenure / static_cast<double>(behaviour_.tenure_scale)) +
         behaviour_.commitment_fit * fit_[a] + (paid_ ? behaviour_.commitment_paid : 0.0);
}

double CommunityModel::engagement_for(std::uint32_t a, Day day, double boost) const {
  return logistic(behaviour_.engagement_gain *
                  (satisfaction_[a] + commitment(a, day) + boost - behaviour_.engagement_midpoint));
}

double CommunityModel::habituated(std::uint32_t a, std::size_t type) const {
  return std::exp2(-habituation_[std::size_t{a} * kActivities + type] /
                   behaviour_.habituation_half_life);
}

void CommunityModel::read_and_feel(const PhaseStep& step) {
  const BehaviourParams& b = behaviour_;
  const CommunityParams& c = community_;
  const double forget = std::exp(-1.0 / b.habituation_memory);
  const auto today = static_cast<std::int32_t>(step.day().value());
  const bool personalized = c.moderation == Moderation::Personalized;
  thread_local std::vector<std::uint32_t> picked;
  thread_local std::vector<std::uint32_t> visible;
  for (std::uint32_t a = step.begin(); a < step.end(); ++a) {
    const double o = opinion_[a];
    double next = o;
    reads_today_[a] = 0;
    ads_read_today_[a] = 0;
    hidden_today_[a] = 0;
    off_topic_reads_today_[a] = 0;
    boost_today_[a] = 0;
    incentive_today_[a] = 0;
    discount_today_[a] = 0;
    double pending = 0;
    auto rng = step.stream(a);
    if (status_[a] == static_cast<std::uint8_t>(Status::Member)) {
      const auto g = static_cast<std::size_t>(group_[a]);
      const std::uint32_t first = message_start_[g];
      const std::uint32_t n = message_start_[g + 1] - first;
      const bool muted = muted_[a] != 0;
      // Personalized moderation: the reader's view holds only the messages
      // relevant enough to them (ads are left to ad_removal).
      visible.clear();
      for (std::uint32_t i = 0; i < n && personalized && !muted; ++i) {
        const Message& m = messages_[first + i];
        if (m.kind == MessageKind::Ad || relevance(a, m.author) >= c.off_topic) {
          visible.push_back(i);
        }
      }
      const std::uint32_t seen =
          muted ? 0 : (personalized ? static_cast<std::uint32_t>(visible.size()) : n);
      hidden_today_[a] = muted ? 0 : n - seen;
      const double budget = attention_[a] * std::max(engagement_[a], b.engagement_floor);
      const double wanted = std::min(budget, static_cast<double>(seen));
      auto k = static_cast<std::uint32_t>(wanted);
      k += bernoulli(rng, wanted - k) ? 1U : 0U;
      sample_indices(rng, seen, k, picked);

      // Value and influence of what was read.
      const RoleParams& me = b.roles[role_[a]];
      double value = 0;
      double shift = 0;
      std::uint32_t ads = 0;
      std::uint32_t off_topic = 0;
      for (std::uint32_t i : picked) {
        const Message& m = messages_[first + (personalized ? visible[i] : i)];
        if (m.kind == MessageKind::Ad) {
          value -= b.ad_annoyance;
          ++ads;
          continue;
        }
        const double r = relevance(a, m.author);
        off_topic += r < c.off_topic ? 1U : 0U;
        value += static_cast<double>(m.quality) * r + (m.author == kOrganizer ? 0.0 : b.bond_value);
        double weight = m.author == kOrganizer
                            ? b.organizer_weight * trust_[a]
                            : b.roles[role_[static_cast<std::uint32_t>(m.author)]].influence;
        weight *= m.kind == MessageKind::Answered ? b.response_damping : 1.0;
        const double gap = static_cast<double>(m.opinion) - o;
        const double close = std::abs(gap) < b.epsilon ? 1.0 : 0.0;
        shift += close * std::min(1.0, me.susceptibility * weight) * gap;
      }
      if (k > 0) {
        shift /= k;
      }
      reads_today_[a] = k;
      ads_read_today_[a] = ads;
      off_topic_reads_today_[a] = off_topic;

      // Today's events, habituated: each seen event of a type counts.
      double event_value = 0;
      double* seen_events = &habituation_[std::size_t{a} * kActivities];
      for (std::size_t t = 0; t < kActivities; ++t) {
        seen_events[t] *= forget;
        const EventEffect& e = effects_[t];
        if (!e.fired || groups_[g].dead) {
          continue;
        }
        const double h = habituated(a, t);
        boost_today_[a] += e.boost * h;
        incentive_today_[a] += e.incentive * h;
        discount_today_[a] = std::max(discount_today_[a], e.discount);
        event_value += e.value * h;
        seen_events[t] += 1;
      }
      // Red packets grabbed today: their money and a boost.
      if (received_today_[a] > 0) {
        boost_today_[a] += b.packet_boost;
        event_value += b.value_per_currency * received_today_[a];
      }
      // Replies: being answered (a newcomer's first post most of all), and
      // posts removed as off-topic.
      double threads = b.reply_value * answers_today_[a] - b.removal_sting * removed_today_[a];
      if (first_post_day_[a] == today && first_join_day_[a] >= 1 && answered_[a] != 0) {
        threads += b.answer_value;
      }

      // Social value: the share of one's contacts in the same group (nothing
      // for a member who has muted the group).
      double social = 0;
      const auto contacts = graph_.neighbors(AgentId{a});
      if (!contacts.empty() && !muted) {
        std::uint32_t same = 0;
        for (VertexIndex v : contacts) {
          same += group_[v] == group_[a] ? 1U : 0U;
        }
        social = b.social_weight * same / static_cast<double>(contacts.size());
      }
      const double overload = muted ? 0.0 : b.overload * std::max(0.0, seen / attention_[a] - 1.0);
      const double time_cost = muted ? 0.0 : b.time_cost;
      const double fee_burden = paid_ ? b.fee_weight * c.entry.monthly_fee() / wtp_[a] : 0.0;
      const double u = b.info_weight * value + social + event_value + threads - overload -
                       time_cost - fee_burden;

      satisfaction_[a] = (1 - b.satisfaction_rate) * satisfaction_[a] + b.satisfaction_rate * u;
      engagement_[a] = engagement_for(a, step.day(), boost_today_[a]);
      // Trust on the logit scale, toward a target bounded around where it started.
      double lt = logit(trust_[a]);
      lt += b.trust_rate *
            (trust_anchor_[a] + b.trust_range * std::tanh(satisfaction_[a] / b.trust_scale) - lt);
      if (trust_[a] < b.low_trust) {
        lt -= b.ad_trust_damage * ads;
      }
      trust_[a] = logistic(lt);
      next += shift + b.experience * u * (1 - o * o);
      pending = packet_to_send(a, rng);
    }
    packet_pending_[a] = pending;
    // Word of mouth: a Deffuant step toward one random contact.
    if (bernoulli(rng, b.wom_rate)) {
      if (const auto v = random_contact(a, rng)) {
        const double gap = opinion_[*v] - o;
        next += std::abs(gap) < b.epsilon ? b.wom_mu * gap : 0.0;
      }
    }
    // Dispositions persist: a little of the way back to one's own prior.
    next -= b.opinion_reversion * (o - opinion_prior_[a]);
    opinion_next_[a] = std::clamp(next, -1.0, 1.0);
  }
}

}  // namespace commsim::models::community
