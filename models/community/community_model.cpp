// The community model's state, schedule, initial draw and registration.
#include "models/community/community_model.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "commsim/distributions.hpp"
#include "commsim/error.hpp"
#include "commsim/huge_pages.hpp"
#include "models/community/metric_decls.hpp"
#include "models/community/objective.hpp"

namespace commsim::models::community {

CommunityModel::CommunityModel(const ModelContext& ctx)
    : AgentModel(ctx),
      trace_(ctx.trace),
      days_(ctx.days),
      metric_handles_(ctx.recorder),
      summary_handles_(ctx.recorder) {
  AllParams all = bind_params(ctx.population, ctx.params, ctx.behaviour);
  people_ = all.people;
  given_ = ctx.people;
  community_ = std::move(all.community);
  behaviour_ = all.behaviour;
  paid_ = community_.entry.policy == "paid";
  threshold_ = community_.entry.policy == "threshold";

  Population& p = population_;
  for (std::int64_t d = 0; d < people_.dimensions; ++d) {
    interest_.push_back(p.add<double>("interest_" + std::to_string(d), 0.0,
                                      "interest coordinate " + std::to_string(d) + " in [0,1]"));
  }
  fit_ = p.add<double>("fit", 0.0, "fit to the groups' topic, exp(-|x - c|^2 / (2 b^2))");
  wtp_ = p.add<double>("wtp", 0.0, "willingness to pay a month (currency)");
  attention_ = p.add<double>("attention", 0.0, "messages one can read a day");
  post_propensity_ = p.add<double>("post_propensity", 0.0, "posting propensity");
  expertise_ = p.add<double>("expertise", 0.0, "mean quality of own posts, [0,1]");
  status_ = p.add<std::uint8_t>("member_status", 0, "0 outsider, 1 member, 2 churned");
  group_ = p.add<std::int32_t>("group", kNoGroup, "group index, -1 for none");
  role_ = p.add<std::uint8_t>("role_code", 0,
                              "0 newcomer, 1 learner, 2 supporter, 3 opponent, 4 opinion leader");
  stage_ = p.add<std::uint8_t>("stage_code", 0, "0 none, 1 customer, 2 fan, 3 iron fan");
  opinion_ = p.add<double>("opinion", 0.0, "attitude toward the community, [-1,1]");
  trust_ = p.add<double>("trust", 0.0, "trust in the organizer, [0,1]");
  satisfaction_ = p.add<double>("satisfaction", 0.0, "exponentially weighted daily net value");
  engagement_ = p.add<double>("engagement", 0.0, "[0,1], logistic of satisfaction + commitment");
  join_day_ = p.add<std::int32_t>("join_day", -1, "day of the latest join, -1 never");
  first_join_day_ = p.add<std::int32_t>("first_join_day", -1, "day of the first join, -1 never");
  last_post_day_ = p.add<std::int32_t>("last_post_day", -1, "day of the latest post, -1 never");
  low_days_ = p.add<std::uint32_t>("low_days", 0, "days in a row below churn_threshold");
  spend_ = p.add<double>("spend", 0.0, "fees and purchases paid so far (currency)");
  posts_ = p.add<std::uint32_t>("posts_written", 0, "messages posted so far");
  purchases_ = p.add<std::uint32_t>("purchases_made", 0, "purchases so far");
  invites_sent_ =
      p.add<std::uint32_t>("invites_sent", 0, "invitations this person made that were accepted");
  channel_ = p.add<std::uint8_t>(
      "join_channel", 0, "how the person last joined: 0 seed, 1 invite, 2 poster, 3 forced");
  first_post_day_ = p.add<std::int32_t>("first_post_day", -1, "day of the first post, -1 never");
  return_day_ =
      p.add<std::int32_t>("return_day", -1, "first later day with a post after the first, -1 none");
  answered_ = p.add<std::uint8_t>("first_post_answered", 0,
                                  "1 when a newcomer's first post was answered that day");
  muted_ =
      p.add<std::uint8_t>("disengaged", 0, "1: a paying member who stopped reading and posting");
  trust_anchor_ = p.add<double>("trust_anchor", 0.0, "logit of the trust brought in at joining");
  opinion_prior_ = p.add<double>("opinion_prior", 0.0, "initial opinion, where opinions revert");
  packet_pending_ =
      p.add<double>("packet_pending", 0.0, "red packet to send to the group tomorrow (currency)");
  packets_given_ = p.add<double>("packets_given", 0.0, "red packet money given away so far");
  packets_received_ = p.add<double>("packets_received", 0.0, "red packet money grabbed so far");

  // Every phase is serial as far as the engine is concerned: the per-person
  // ones run their own parallel loops over today's lists (members,
  // candidates, speakers), so that outsiders cost nothing.
  schedule_.phases = {
      {"events", PhaseKind::Serial,
       "decide which activities fire today in each live group; flash-sale stock is set",
       [this](const PhaseStep& s) { fire_events(s); }},
      {"packets", PhaseKind::Serial,
       "red packets from the organizer's events and from members are grabbed by engaged "
       "members and split by the lucky draw; the luckiest grabber is marked",
       [this](const PhaseStep& s) { hand_out_packets(s); }},
      {"post", PhaseKind::Serial,
       "per member, in parallel: each member who has not disengaged draws Poisson(post_rate x "
       "post_propensity x engagement x role posting) posts, each a reply with probability "
       "reply_share x role replies",
       [this](const PhaseStep& s) { post(s); }},
      {"gather", PhaseKind::Serial,
       "each live group's messages of the day: organizer posts (some ads, talks), member posts "
       "(quality, low-fit spam); moderation removes ads (and off-topic posts under community "
       "moderation) and answers negative posts; replies pick a thread by relevance and "
       "salience; the organizer's side answers newcomers under a welcome duty",
       [this](const PhaseStep& s) { gather_messages(s); }},
      {"read", PhaseKind::Serial,
       "per member, in parallel: members read under their attention budget (their relevant "
       "messages only under personalized moderation), get value, are influenced (bounded "
       "confidence by role, organizer by trust), update satisfaction, engagement and trust "
       "(logit scale), decide on a red packet back and may compare opinions with a contact "
       "(word of mouth); then everyone who was ever a member is heard by outsider contacts "
       "(word of mouth, drawn with geometric skips); opinions revert a little to each "
       "person's own disposition (outsiders' in closed form)",
       [this](const PhaseStep& s) {
         read_and_feel(s);
         spread_word_of_mouth(s);
       }},
      {"buy", PhaseKind::Serial,
       "per member, in parallel: opinions take effect; members buy with p = buy_base trust^k "
       "(1 + incentive) [opinion > 0]",
       [this](const PhaseStep& s) { decide_purchases(s); }},
      {"settle", PhaseKind::Serial,
       "purchases are paid; flash-sale stock goes to a random subset of the buyers",
       [this](const PhaseStep& s) { settle_purchases(s); }},
      {"recruit", PhaseKind::Serial,
       "per member of a live group, in parallel: invitations and posters reach outsider "
       "contacts (geometric skips along the contacts); an outsider's first accepted invitation "
       "decides the group, else one poster they saw",
       [this](const PhaseStep& s) { consider_invitations(s); }},
      {"admit", PhaseKind::Serial,
       "forced adds, then joins in id order; a full group sends joiners to its clone",
       [this](const PhaseStep& s) { admit(s); }},
      {"roles", PhaseKind::Serial,
       "per member (today's joiners included), in parallel: role and stage transitions; churn "
       "by patience; paid members disengage, ask for refunds inside the window, renew or leave",
       [this](const PhaseStep& s) { update_roles(s); }},
      {"groups", PhaseKind::Serial,
       "opinion-leader promotions up to the cap; member lists and counts; groups whose members "
       "wrote too little over the last dead_days days die",
       [this](const PhaseStep& s) { update_groups(s); }},
  };
}

void CommunityModel::initialize(const RunRng& rng) {
  const std::uint32_t n = population_.size();
  const auto dims = static_cast<std::size_t>(people_.dimensions);
  // Interest blobs: centres uniform in [0.1, 0.9]^D.
  auto world = rng.stream(Day{0}, kInitPhase, n);
  std::vector<double> centres(static_cast<std::size_t>(people_.clusters) * dims);
  for (double& c : centres) {
    c = uniform(world, 0.1, 0.9);
  }
  for (std::uint32_t a = 0; a < n; ++a) {
    auto s = rng.stream(Day{0}, kInitPhase, a);
    const std::size_t cluster = uniform_index(s, static_cast<std::uint32_t>(people_.clusters));
    double d2 = 0;
    for (std::size_t d = 0; d < dims; ++d) {
      const double x =
          std::clamp(normal(s, centres[cluster * dims + d], people_.interest_spread), 0.0, 1.0);
      interest_[d][a] = x;
      d2 += (x - community_.topic_center[d]) * (x - community_.topic_center[d]);
    }
    fit_[a] = topic_kernel(d2);
    wtp_[a] = lognormal_median(s, people_.wtp_median, people_.wtp_sigma);
    attention_[a] = lognormal_median(s, people_.attention_median, people_.attention_sigma);
    // Zero-inflated posting propensity: lurkers almost never write.
    post_propensity_[a] =
        lognormal_median(s, people_.post_propensity_median, people_.post_propensity_sigma);
    if (bernoulli(s, people_.lurker_share)) {
      post_propensity_[a] *= people_.lurker_factor;
    }
    expertise_[a] = std::clamp(normal(s, people_.expertise_mean, people_.expertise_sd), 0.0, 1.0);
    opinion_[a] = std::clamp(normal(s, people_.opinion_mean, people_.opinion_sd), -1.0, 1.0);
    opinion_prior_[a] = opinion_[a];
  }
  apply_given_people();
  // Opinions of outsiders revert lazily (opinion_at); the decay table covers
  // every gap a run can have.
  // (Per-person vectors, like the columns, on huge pages where allowed.)
  outsider_ = huge_page_vector<OutsiderEntry>(n, OutsiderEntry{});
  for (std::uint32_t a = 0; a < n; ++a) {
    outsider_[a] = {opinion_[a], opinion_prior_[a], 0, false, fit_[a]};
  }
  decay_.resize(std::size_t{days_} + 2);
  for (std::size_t k = 0; k < decay_.size(); ++k) {
    decay_[k] = std::pow(1 - behaviour_.opinion_reversion, static_cast<double>(k));
  }
  records_.clear();
  ever_joined_.clear();
  speaker_slot_end_.clear();
  speaker_contacts_.clear();
  member_bits_.assign((std::size_t{n} + 63) / 64, 0);
  ever_slot_ = huge_page_vector<std::int32_t>(n, -1);
  min_degree_ = n > 0 ? graph_.degree(AgentId{0}) : 0;
  for (std::uint32_t a = 1; a < n; ++a) {
    min_degree_ = std::min(min_degree_, graph_.degree(AgentId{a}));
  }
  min_degree_ = std::max<std::uint32_t>(min_degree_, 1);
  groups_.clear();
  for (std::int64_t g = 0; g < community_.groups; ++g) {
    open_group(Day{0});
  }

  // Seeds: the members a people file names, then random draws among the
  // others. Drawn seeds are interested in the topic and, in a paid group,
  // would pay its fee on a satisfied friend's word (they are its first
  // paying customers); when too few would, they are drawn among the
  // interested alone.
  const GivenSeeds given = given_seeds();
  std::vector<std::uint32_t> eligible;
  const auto collect = [&](bool must_pay) {
    eligible.clear();
    for (std::uint32_t a = 0; a < n; ++a) {
      if (fit_[a] >= community_.seed_min_fit && (given.decided.empty() || !given.decided[a]) &&
          (!must_pay ||
           paid_value(a, behaviour_.satisfaction_scale) >= community_.entry.monthly_fee())) {
        eligible.push_back(a);
      }
    }
  };
  const auto wanted = static_cast<std::size_t>(std::max<std::int64_t>(
      0, community_.seed_members - static_cast<std::int64_t>(given.people.size())));
  collect(paid_);
  if (paid_ && eligible.size() < wanted) {
    collect(false);
  }
  if (eligible.size() < wanted) {
    // Depends on this run's draw of interests, so it fails the run (the
    // loader checked what it could: check_params).
    throw Error("community.seed_members: only " + std::to_string(eligible.size()) +
                " people have fit >= community.seed_min_fit (" +
                format_value(community_.seed_min_fit) + ") in this run's draw, fewer than the " +
                std::to_string(wanted) + " seeds asked for" +
                (given.people.empty() ? std::string()
                                      : " besides the " + std::to_string(given.people.size()) +
                                            " members the people file names") +
                "; lower seed_min_fit or seed_members, or move topic.center toward the people's "
                "interests");
  }
  const auto picks = sample_without_replacement(world, static_cast<std::uint32_t>(eligible.size()),
                                                static_cast<std::uint32_t>(wanted));
  std::vector<std::uint32_t> seeds = given.people;
  for (const std::uint32_t p : picks) {
    seeds.push_back(eligible[p]);
  }
  std::vector<std::int64_t> per_group_count(groups_.size(), 0);
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    const std::uint32_t a = seeds[i];
    const bool has_role = i < given.role.size() && given.role[i] >= 0;
    std::size_t role = has_role ? static_cast<std::size_t>(given.role[i]) : 0;
    if (!has_role) {
      // Role by the seed shares (serial draws, in seed order).
      double u = uniform01(world);
      while (role + 1 < kRoles && u >= community_.seed_roles[role]) {
        u -= community_.seed_roles[role];
        ++role;
      }
    }
    const std::int32_t group = i < given.group.size() && given.group[i] != kNoGroup
                                   ? given.group[i]
                                   : static_cast<std::int32_t>(i % groups_.size());
    if (++per_group_count[static_cast<std::size_t>(group)] > community_.capacity) {
      throw InputError("community.capacity: more than " + std::to_string(community_.capacity) +
                       " seed members in group " + std::to_string(group));
    }
    join(a, group, Channel::Seed, community_.seed_trust, Day{0});
    role_[a] = static_cast<std::uint8_t>(role);
    record_of(a).role = role_[a];
  }
  today_ = DayTotals{};  // seeds are not joins
  cohort_ = 0;
  rebuild_member_lists();
  // The outsiders' deviations from their dispositions (nonzero only where a
  // people file gives opinions).
  outsider_deviation_ = 0;
  prior_total_ = 0;
  for (std::uint32_t a = 0; a < n; ++a) {
    prior_total_ += opinion_prior_[a];
    if (status_[a] != static_cast<std::uint8_t>(Status::Member)) {
      outsider_deviation_ += opinion_[a] - opinion_prior_[a];
    }
  }
}

void CommunityModel::bring_up_to_date(Day day) {
  const auto today = static_cast<std::int32_t>(day.value());
  for (std::uint32_t a = 0; a < population_.size(); ++a) {
    if (status_[a] != static_cast<std::uint8_t>(Status::Member)) {
      opinion_[a] = opinion_at(a, today);
    }
  }
}

namespace {

ModelInfo make_info() {
  ModelInfo info;
  info.name = "community";
  info.summary =
      "Online communities: chat groups with entry policies, content, activities, roles, trust, "
      "purchases, recruitment, cloning and churn.";
  info.source =
      "commsim's model.md; Deffuant et al. (2000) for bounded confidence; practitioners' "
      "accounts of WeChat groups";
  info.params = community_section();
  info.behaviour = behaviour_section();
  info.population = people_section();
  info.person_attributes = person_attributes();
  info.metrics = community_metrics();
  info.summaries = community_summaries();
  info.headline = {"members_final",       "retention_90",    "active_share_final",
                   "trust_final",         "purchases_total", "revenue_fees_total",
                   "revenue_sales_total", "costs_total",     "net_result_total"};
  info.objective = community_objective();
  info.fixed_by_rule = community_fixed_by_rule();
  info.check = check_params;
  // Columns and buffers (the outsiders' lazy opinions: 32 bytes); plus, for
  // each person who was ever a member, should everyone join: their record
  // (384 bytes) and word of mouth's copy of their contact list (8 bytes a
  // contact: 80 at mean degree 10).
  info.bytes_per_agent = 718;
  info.create = [](const ModelContext& ctx) -> std::unique_ptr<Model> {
    return std::make_unique<CommunityModel>(ctx);
  };
  return info;
}

}  // namespace

const ModelInfo& community_model_info() {
  static const ModelInfo info = make_info();
  return info;
}

}  // namespace commsim::models::community
