// Declarations of every community-model parameter. Each doc string gives the
// meaning and, after "Default:", why the default was chosen; the docs tables
// and `commsim describe community` print them as they are.
#include "models/community/params.hpp"

#include <cmath>

#include "commsim/error.hpp"
#include "models/community/member_record.hpp"

namespace commsim::models::community {
namespace {

using P = PeopleParams;
using C = CommunityParams;
using E = EntryParams;
using B = BehaviourParams;
using A = ActivityParams;

const Range kShare = Range::closed(0, 1);
const Range kPositive = Range::above(0);
const Range kNonNegative = Range::at_least(0);

// --- population: ---------------------------------------------------------

ParamBinder<P> interests_binder() {
  return ParamBinder<P>{}
      .integer("dimensions", &P::dimensions, 2,
               Range::closed(1, static_cast<double>(kMaxInterestDimensions)),
               "Dimensions D of the interest space [0,1]^D. Default: 2, the smallest space in "
               "which topics can be near or far in more than one direction.")
      .integer("clusters", &P::clusters, 8, Range::closed(1, 1000),
               "Number of Gaussian blobs people's interests are drawn from (centres uniform in "
               "[0.1,0.9]^D). Default: 8 distinct interest communities.")
      .real("spread", &P::interest_spread, 0.08, Range::closed(0.001, 1),
            "Standard deviation of each blob, per dimension (interests clipped to [0,1]). "
            "Default: 0.08, about half the default topic breadth, so a blob is a niche.");
}

ParamBinder<P> wtp_binder() {
  return ParamBinder<P>{}
      .real("median", &P::wtp_median, 10, kPositive,
            "Median willingness to pay, in currency units a month; every fee is judged by its "
            "monthly equivalent fee x 30 / period_days, so a fee's burden does not depend on "
            "how it is split into periods. Default: 10 a month, the price range of paid "
            "knowledge and interest groups (99-365 a year, 8-30 a month), so that fees select "
            "the keen.")
      .real("sigma", &P::wtp_sigma, 1.0, kNonNegative,
            "Log-scale spread of the lognormal willingness to pay. Default: 1.0 (the 90th "
            "percentile is 3.6x the median), typical of consumer spending surveys.");
}

ParamBinder<P> attention_binder() {
  return ParamBinder<P>{}
      .real("median", &P::attention_median, 20, kPositive,
            "Median number of group messages a person can read a day. Default: 20, a few "
            "minutes of chat reading.")
      .real("sigma", &P::attention_sigma, 0.5, kNonNegative,
            "Log-scale spread of attention. Default: 0.5.");
}

ParamBinder<P> post_propensity_binder() {
  return ParamBinder<P>{}
      .real("median", &P::post_propensity_median, 1.0, kPositive,
            "Median posting propensity of the people who write (multiplies behaviour.post_rate). "
            "Default: 1.")
      .real("sigma", &P::post_propensity_sigma, 1.8, kNonNegative,
            "Log-scale spread of the writers' posting propensity. Default: 1.8, so that the "
            "top tenth of writers post about ten times the median writer; hand-tuned toward "
            "the participation inequality of the Slack log and van Mierlo 2014 "
            "(docs/validation.md).")
      .real("lurker_share", &P::lurker_share, 0.7, kShare,
            "Share of people who read but (almost) never write: their propensity is the "
            "lognormal draw times lurker_factor (a zero-inflated draw). Default: 0.7; 72% of "
            "the Slack workspace's sign-ups never posted in 8.9 years, and most members of "
            "online health communities never post (van Mierlo 2014).")
      .real("lurker_factor", &P::lurker_factor, 0.005, kShare,
            "Posting propensity of a lurker relative to a writer's draw (0: lurkers never "
            "post). Default: 0.005, a post every few years.");
}

ParamBinder<P> expertise_binder() {
  return ParamBinder<P>{}
      .real("mean", &P::expertise_mean, 0.5, kShare,
            "Mean expertise (the mean quality of a person's posts, clipped normal). Default: "
            "0.5, a little below the organizer's content quality of 0.6.")
      .real("sd", &P::expertise_sd, 0.2, kNonNegative, "Spread of expertise. Default: 0.2.");
}

ParamBinder<P> opinion_binder() {
  return ParamBinder<P>{}
      .real("mean", &P::opinion_mean, 0.1, Range::closed(-1, 1),
            "Mean initial opinion of the brand (clipped normal on [-1,1]). Default: 0.1, mildly "
            "favourable people who have heard of the brand.")
      .real("sd", &P::opinion_sd, 0.3, kNonNegative, "Spread of initial opinions. Default: 0.3.");
}

// --- community: ----------------------------------------------------------

struct SeedRoles {
  double newcomer = 0.32;
  double learner = 0.3;
  double supporter = 0.3;
  double opponent = 0.04;
  double opinion_leader = 0.04;
};

ParamBinder<SeedRoles> seed_roles_binder() {
  using S = SeedRoles;
  const char* why =
      " Default after the interfaces example: a few leaders and opponents, the "
      "rest split between supporters, learners and newcomers.";
  return ParamBinder<S>{}
      .real("newcomer", &S::newcomer, 0.32, kShare,
            std::string("Relative share of newcomers among the seed members.") + why)
      .real("learner", &S::learner, 0.3, kShare, "Relative share of learners among the seeds.")
      .real("supporter", &S::supporter, 0.3, kShare,
            "Relative share of supporters among the seeds.")
      .real("opponent", &S::opponent, 0.04, kShare, "Relative share of opponents among the seeds.")
      .real("opinion_leader", &S::opinion_leader, 0.04, kShare,
            "Relative share of opinion leaders among the seeds.");
}

ParamBinder<C> community_binder() {
  return ParamBinder<C>{}
      .integer("groups", &C::groups, 1, Range::closed(1, 100000),
               "Chat groups the organizer opens on day 0, all with the same design. Default: 1.")
      .integer("seed_members", &C::seed_members, 50, Range::closed(1, 2147483647.0),
               "People in the groups on day 0 (uniformly chosen among those with fit >= "
               "seed_min_fit, dealt round-robin to the groups). "
               "Default: 50, an organizer's first circle of customers and friends.")
      .real("seed_min_fit", &C::seed_min_fit, 0.5, kShare,
            "Seed members are drawn among people whose fit is at least this (and, in a paid "
            "group, who would pay its fee on a satisfied member's word, when there are enough "
            "of them). Default: 0.5, a first circle interested in the topic (0: anyone).")
      .integer("capacity", &C::capacity, 500, Range::closed(2, 2147483647.0),
               "Most members a group can hold. Default: 500, WeChat's group limit.")
      .boolean("clone_when_full", &C::clone_when_full, true,
               "A full group spawns a clone with the same design, seeded by one of its "
               "supporters or opinion leaders; otherwise joiners wait. Default: true, as "
               "organizers of popular groups do.")
      .real("seed_trust", &C::seed_trust, 0.6, kShare,
            "Initial trust of the seed members in the organizer. Default: 0.6, a first circle "
            "that already knows the organizer.");
}

ParamBinder<C> topic_binder() {
  return ParamBinder<C>{}
      .real_list("center", &C::topic_center, {0.5, 0.5}, kShare,
                 "Topic centre c of the groups, one coordinate per interest dimension. Default: "
                 "the middle of the interest space.")
      .real("breadth", &C::topic_breadth, 0.15, Range::closed(0.001, 10),
            "Topic breadth b: fit = exp(-|x - c|^2 / (2 b^2)). Default: 0.15, a niche that "
            "covers one or two interest blobs well.");
}

ParamBinder<E> entry_binder() {
  return ParamBinder<E>{}
      .choice("policy", &E::policy, "free", {"free", "threshold", "paid"},
              "Who may join: anyone invited (free), people who pass a fit gate (threshold), or "
              "people who pay a fee (paid). Default: free, the practitioners' baseline.")
      .real("accept_base", &E::accept_base, 0.3, kShare,
            "Base probability that an invited person accepts. Default: 0.3, practitioners' "
            "conversion rate of personal invitations.");
}

ParamBinder<E> threshold_binder() {
  return ParamBinder<E>{}
      .real("min_fit", &E::min_fit, 0.6, kShare,
            "Fit a person needs to pass the gate. Default: 0.6, interest within one breadth of "
            "the topic centre.")
      .defining()
      .real("pass_rate", &E::pass_rate, 1.0, kShare,
            "Probability of completing the qualification task (check-in, application) once "
            "the fit suffices. Default: 1.")
      .real("exclusivity", &E::exclusivity, 1.5, kNonNegative,
            "Acceptance multiplier of a selective group (acceptance = accept_base x fit x "
            "exclusivity, at most 1). Default: 1.5, people value being chosen.");
}

ParamBinder<E> paid_binder() {
  return ParamBinder<E>{}
      .real("fee", &E::fee, 99, kNonNegative,
            "Fee per period, charged at joining and at each renewal; people judge it by its "
            "monthly equivalent fee x 30 / period_days. Default: 99, a common yearly price of "
            "paid groups.")
      .defining()
      .integer("period_days", &E::period_days, 365, Range::closed(1, 100000),
               "Length of a paid membership period. Default: 365 (yearly).")
      .real("value_scale", &E::value_scale, 1.5, kNonNegative,
            "Expected value of a month in the group to a perfectly fitting person invited by a "
            "satisfied member, in units of their monthly willingness to pay: join if wtp x "
            "value_scale x fit x (0.5 + 0.5 min(1, max(0, s_inviter) / satisfaction_scale)) >= "
            "fee x 30 / period_days. Default: 1.5, so the median person (wtp 10 a month) joins "
            "a 99-a-year group (8.1 a month) only with good fit and a happy inviter.")
      .integer("refund_days", &E::refund_days, 0, Range::closed(0, 100000),
               "Refund window: a paying member who disengages within this many days of a "
               "payment may ask for the fee back (and leaves). Default: 0, no refunds.")
      .real("refund_ask", &E::refund_ask, 0.5, kShare,
            "Probability that a member who disengages inside the refund window asks for the "
            "refund. Default: 0.5, half of the dissatisfied bother to ask.");
}

ParamBinder<C> content_binder() {
  return ParamBinder<C>{}
      .real("organizer_posts_per_day", &C::organizer_posts_per_day, 3, kNonNegative,
            "Organizer posts per group per day (Poisson). Default: 3, a morning, noon and "
            "evening post.")
      .real("quality", &C::content_quality, 0.6, kShare,
            "Mean quality of organizer posts (clipped normal on [0,1]). Default: 0.6, better "
            "than the average member's 0.5.")
      .real("quality_sd", &C::content_quality_sd, 0.15, kNonNegative,
            "Spread of organizer post quality. Default: 0.15.")
      .real("ad_share", &C::ad_share, 0.1, kShare,
            "Share of organizer posts that are hard-sell ads. Default: 0.1.");
}

ParamBinder<C> moderation_binder() {
  return ParamBinder<C>{}
      .choice("policy", &C::moderation_policy, "none", {"none", "community", "personalized"},
              "Discussion moderation after Ren and Kraut (2014): none (everyone sees every "
              "member post), community (member posts whose topic fits the group less than "
              "off_topic are removed for everyone) or personalized (each reader's view drops "
              "the messages whose relevance to them is below off_topic). Ad removal and "
              "responses to negative posts apply under every policy. Default: none, most chat "
              "groups.")
      .real("off_topic", &C::off_topic, 0.2, kShare,
            "Relevance below which a message is off-topic: to the group's topic (the author's "
            "fit) under community moderation, to the reader under personalized moderation. "
            "Default: 0.2, interests about two topic breadths apart.")
      .real("ad_removal", &C::ad_removal, 0.5, kShare,
            "Share of member ads and spam removed before anyone reads them (organizer ads are "
            "never removed). Default: 0.5, a part-time moderator.")
      .real("response_to_negative", &C::response_to_negative, 0.5, kShare,
            "Probability that a negative post (author opinion < 0) gets an organizer response, "
            "which scales its influence by behaviour.response_damping. Default: 0.5.")
      .real("review_minutes", &C::review_minutes, 0.2, kNonNegative,
            "Organizer's minutes per member post reviewed; the share reviewed is ad_removal, or "
            "every post under community moderation (a cost at costs.hourly_rate). Default: 0.2 "
            "(12 seconds to glance at a chat message).")
      .real("response_minutes", &C::response_minutes, 2, kNonNegative,
            "Organizer's minutes per response to a negative post. Default: 2.")
      .real("personalized_cost", &C::personalized_cost, 0, kNonNegative,
            "Daily cost per member of personalized filtering (a tool's fee; the filter itself "
            "takes no organizer time). Default: 0.");
}

ParamBinder<C> welcome_binder() {
  return ParamBinder<C>{}
      .real("reply", &C::welcome_reply, 0, kShare,
            "The organizer's duty to answer newcomers: the probability that a newcomer's first "
            "post that nobody answered that day gets a reply from the organizer's side (1: "
            "every newcomer is answered). Default: 0, no duty.")
      .choice("by", &C::welcome_by, "organizer", {"organizer", "helpers"},
              "Who writes those replies: the organizer (a cost of welcome.minutes of its time "
              "each) or helpers (a supporter or opinion leader of the group, for free; the "
              "organizer answers when the group has none). Default: organizer.")
      .real("minutes", &C::welcome_minutes, 2, kNonNegative,
            "Organizer's minutes per welcome reply. Default: 2.");
}

ParamBinder<C> costs_binder() {
  return ParamBinder<C>{}.real(
      "hourly_rate", &C::hourly_rate, 20, kNonNegative,
      "Cost of an hour of the organizer's (or a paid moderator's) time, in currency: "
      "moderation, responses and welcome replies are costed at this rate. Default: 20, a "
      "part-time community manager.");
}

ParamBinder<C> recruitment_binder() {
  return ParamBinder<C>{}
      .real("invite_rate", &C::invite_rate, 0.2, kShare,
            "Daily probability that a member invites a given outside contact is invite_rate x "
            "engagement x max(satisfaction, 0) x role invites. Default: 0.2, so a content "
            "member (engagement 0.7, satisfaction 0.15) invites each contact about once a "
            "month.")
      .real("poster_rate", &C::poster_rate, 0.02, kShare,
            "Daily probability that a member shares the group's poster in their feed. "
            "Default: 0.02, about one share every seven weeks.")
      .real("poster_reach", &C::poster_reach, 0.1, kShare,
            "Share of a sharer's contacts who see the poster. Default: 0.1, practitioners' "
            "estimate of feed browsing.")
      .real("poster_accept", &C::poster_accept, 0.5, kShare,
            "Acceptance of a poster relative to a personal invitation. Default: 0.5.")
      .real("trust_transfer", &C::trust_transfer, 0.8, kShare,
            "An invited joiner starts with this share of the inviter's trust (trust is lent "
            "along the invitation). Default: 0.8.")
      .real("poster_trust", &C::poster_trust, 0.3, kShare,
            "Initial trust of a joiner who came through a poster. Default: 0.3.")
      .real("forced_adds_per_day", &C::forced_adds_per_day, 0, kNonNegative,
            "People pulled into a group per day without consent (Poisson; uniformly chosen "
            "non-members, placed in the group with the most room). Default: 0.")
      .real("forced_trust", &C::forced_trust, 0.1, kShare,
            "Initial trust of a forced add. Default: 0.1, trust overdrawn.")
      .real("forced_opinion_hit", &C::forced_opinion_hit, 0.3, Range::closed(0, 2),
            "How far being forced in lowers a person's opinion. Default: 0.3.")
      .real("rejoin_accept", &C::rejoin_accept, 0.3, kShare,
            "Acceptance multiplier for people who left before. Default: 0.3.");
}

ParamBinder<C> sales_binder() {
  return ParamBinder<C>{}
      .real("price", &C::price, 30, kNonNegative,
            "Price of the organizer's product before discounts. Default: 30.")
      .real("buy_base", &C::buy_base, 0.01, kShare,
            "Daily purchase probability of a member with trust 1, positive opinion and no "
            "incentive. Default: 0.01 (about three purchases a year).")
      .real("trust_exponent", &C::trust_exponent, 2, kNonNegative,
            "p_buy grows as trust^trust_exponent. Default: 2, purchases need trust.");
}

// Activities: every item has these keys, and its type adds its own.
ParamBinder<A> activity_binder_common() {
  return ParamBinder<A>{}
      .integer("every_days", &A::every_days, 7, Range::closed(1, 100000),
               "Days between two events of this item. Default: 7 (weekly).")
      .integer("start_day", &A::start_day, 1, Range::closed(1, 1000000),
               "Day of the first event. Default: 1.");
}

struct ActivityType {
  std::string type = "lottery";
};

ParamBinder<ActivityType> activity_type_binder() {
  return ParamBinder<ActivityType>{}.choice(
      "type", &ActivityType::type, "lottery",
      {"lottery", "check_in", "group_buy", "flash_sale", "live_talk", "meetup", "red_packet"},
      "Kind of event (see docs/model.md, Activities).");
}

ParamBinder<A> activity_binder(Activity type) {
  ParamBinder<A> b;
  const auto boost = [&](double d, const char* why) {
    b.real("boost", &A::boost, d, Range::closed(0, 10),
           std::string("Engagement boost on the day (added inside the engagement logistic). "
                       "Default: ") +
               why);
  };
  const auto incentive = [&](double d, const char* why) {
    b.real("incentive", &A::incentive, d, kNonNegative,
           std::string("Purchase incentive on the day: p_buy x (1 + incentive). Default: ") + why);
  };
  switch (type) {
    case Activity::Lottery:
      b.real("reward", &A::reward, 5, kNonNegative,
             "Expected prize per member, in currency (valued at behaviour.value_per_currency; "
             "the organizer pays it, reported as event_costs). Default: 5, red-packet sized.");
      boost(0.3, "0.3.");
      incentive(0.5, "0.5, a small nudge.");
      break;
    case Activity::CheckIn:
      boost(0.15, "0.15, a small daily nudge.");
      break;
    case Activity::GroupBuy:
      b.real("discount", &A::discount, 0.2, Range::closed(0, 1),
             "Price discount on the day. Default: 0.2.");
      boost(0.2, "0.2.");
      incentive(2, "2, the strongest regular sales lever.");
      break;
    case Activity::FlashSale:
      b.real("discount", &A::discount, 0.5, Range::closed(0, 1),
             "Price discount on the day. Default: 0.5 (deep).");
      b.integer("stock", &A::stock, 20, kNonNegative,
                "Units per group; later buyers find it sold out (0: unlimited). Default: 20.");
      boost(0.3, "0.3.");
      incentive(4, "4.");
      break;
    case Activity::LiveTalk:
      b.real("posts", &A::posts, 10, kNonNegative,
             "Extra organizer posts of the talk. Default: 10.");
      b.real("quality", &A::quality, 0.9, kShare, "Quality of the talk's posts. Default: 0.9.");
      boost(0.3, "0.3.");
      break;
    case Activity::Meetup:
      b.real("social", &A::social, 1.0, kNonNegative,
             "Social value to each member on the day. Default: 1.0, several good days of "
             "content.");
      b.real("cost", &A::cost, 20, kNonNegative,
             "Organizer's cost per member, in currency (reported as event_costs). Default: 20.");
      boost(0.5, "0.5.");
      incentive(0.5, "0.5.");
      break;
    case Activity::RedPacket:
      b.real("amount", &A::amount, 20, kNonNegative,
             "Currency the organizer puts into each red packet; what the grabbers take is a "
             "cost (red_packets), what nobody grabs goes back to the organizer. Default: 20, a "
             "typical WeChat group packet (Yuan et al. 2019).")
          .integer("packets", &A::packets, 1, Range::closed(0, 1000),
                   "Red packets per group on the day. Default: 1.")
          .integer("shares", &A::shares, 10, Range::closed(1, 1000),
                   "Grabbers each packet is split among (the first to grab). Default: 10.");
      break;
  }
  return b;
}

// --- behaviour: ----------------------------------------------------------

ParamBinder<RoleParams> role_binder(Role role) {
  // posting, quality, influence, susceptibility, invites (model.md §5's
  // table), replies, salience (§10).
  static const std::array<RoleParams, kRoles> defaults{{
      {0.2, 1.0, 0.3, 0.5, 0.3, 0.5, 1.0},   // newcomer: observes, rarely posts, easily moved
      {0.8, 0.6, 0.5, 0.3, 0.6, 0.8, 1.2},   // learner: asks (low quality), questions draw answers
      {1.5, 1.0, 1.0, 0.1, 1.5, 1.2, 1.0},   // supporter: posts often, answers, invites most
      {1.5, 1.0, 1.0, 0.02, 0.0, 1.2, 1.5},  // opponent: argues, hard to move, draws replies
      {2.0, 1.2, 3.0, 0.05, 1.2, 1.5, 1.5},  // opinion leader: answers most, is answered most
  }};
  // Why each role's susceptibility default is what it is.
  static const std::array<const char*, kRoles> susceptibility_notes{
      "newcomers have no settled view yet", "learners are still forming theirs",
      "supporters have a settled view", "opponents hold theirs against most messages",
      "opinion leaders move others more than they are moved"};
  const RoleParams& d = defaults.at(static_cast<std::size_t>(role));
  using R = RoleParams;
  const std::string who = std::string(kRoleLabels.at(static_cast<std::size_t>(role))) + "s";
  return ParamBinder<R>{}
      .real("posting", &R::posting, d.posting, kNonNegative,
            "Multiplier of the post rate for " + who + ".")
      .real("quality", &R::quality, d.quality, kNonNegative,
            "Multiplier of the quality of " + who + "' posts (learners ask questions).")
      .real("influence", &R::influence, d.influence, kNonNegative,
            "Weight of " + who + "' messages in readers' opinion updates.")
      .real("susceptibility", &R::susceptibility, d.susceptibility, kShare,
            "mu of " + who + ": how far one message moves their opinion (" +
                susceptibility_notes.at(static_cast<std::size_t>(role)) + ").")
      .real("invites", &R::invites, d.invites, kNonNegative,
            "Multiplier of the invite rate for " + who + ".")
      .real("replies", &R::replies, d.replies, kNonNegative,
            "Multiplier of behaviour.reply_share (the share of posts that answer a thread) for " +
                who + " (newcomers open threads, supporters and leaders answer).")
      .real("salience", &R::salience, d.salience, Range::closed(0, 10),
            "Weight of " + who +
                "' thread starters when repliers choose what to answer (questions, "
                "controversy and leaders draw replies).");
}

ParamBinder<B> behaviour_binder() {
  return ParamBinder<B>{}
      .real("post_rate", &B::post_rate, 0.15, kNonNegative,
            "Posts a day of a fully engaged member with posting propensity 1 and role posting 1 "
            "(Poisson mean = post_rate x post_propensity x engagement x role posting). Default: "
            "0.15, hand-tuned with the lurkers and the writers' spread toward the Slack log's "
            "reply and newcomer figures (docs/validation.md).")
      .real("spam_fit", &B::spam_fit, 0.2, kShare,
            "Members with fit below this post ads instead (with spam_rate). Default: 0.2.")
      .real("spam_rate", &B::spam_rate, 0.3, kShare,
            "Share of a low-fit member's posts that are ads. Default: 0.3.")
      .real("post_quality_sd", &B::post_quality_sd, 0.1, kNonNegative,
            "Spread of a member post's quality around the author's expertise. Default: 0.1.")
      .real("reply_share", &B::reply_share, 0.55, kShare,
            "Share of a member's posts that reply to a thread started today in the group "
            "(times the role's replies, at most 1); the rest start threads. Default: 0.55, so "
            "that with the roles' multipliers about 40% of all posts are replies, as in the "
            "Slack workspace since 2021.")
      .real("organizer_salience", &B::organizer_salience, 1.0, Range::closed(0, 10),
            "Weight of the organizer's posts when repliers choose what to answer (members' "
            "posts weigh their role's salience), times the post's relevance to the replier. "
            "Default: 1.")
      .real("answer_value", &B::answer_value, 0.3, kNonNegative,
            "Value to a newcomer of a reply to their first post (being welcomed), on the day. "
            "Default: 0.3, a good day's worth of content.")
      .real("first_post_salience", &B::first_post_salience, 30, Range::closed(0, 1000),
            "Extra weight of a newcomer's first post when repliers choose what to answer "
            "(introductions and first questions draw welcomes). Default: 30, hand-tuned with "
            "thread_momentum so that about as many newcomers' first posts are answered as in the "
            "Slack log (44%; Joyce and Kraut 2006: 61%) while most thread starters are not (the "
            "Slack log: 78% on an average day).")
      .real("thread_momentum", &B::thread_momentum, 3, Range::closed(0, 100),
            "How much each reply a thread has drawn today raises its weight for the next "
            "replier (x (1 + thread_momentum x replies)): conversations under way draw more, so "
            "replies cluster in few threads. Default: 3, hand-tuned toward the Slack log, where "
            "40% of posts are replies yet 78% of thread starters draw none.")
      .real("answered_posting", &B::answered_posting, 0.35, Range::closed(0, 100),
            "Multiplier of the posting rate, after their first post, of a newcomer whose first "
            "post was answered. A first post is often a one-off (a question asked, an "
            "introduction), so the rate that brought it about overstates what follows. "
            "Default: 0.35, hand-tuned with unanswered_posting toward Joyce and Kraut (2006): "
            "56% of answered newcomers posted again.")
      .real("unanswered_posting", &B::unanswered_posting, 0.18, Range::closed(0, 100),
            "The same multiplier for a newcomer whose first post nobody answered: silence "
            "discourages. Default: 0.18, hand-tuned toward Joyce and Kraut (2006): 44% of "
            "unanswered newcomers posted again (a reply raised it to 56%).")
      .real("reply_value", &B::reply_value, 0.02, kNonNegative,
            "Value of each reply a member's posts receive. Default: 0.02, being heard.")
      .real("bond_value", &B::bond_value, 0.05, kNonNegative,
            "Relational value of reading another member's post, whatever its topic (in the "
            "units of quality x relevance): what off-topic chat gives that moderation takes "
            "away (Ren and Kraut 2014). Default: 0.05, a tenth of an average post's "
            "information.")
      .real("removal_sting", &B::removal_sting, 0.1, kNonNegative,
            "Value an author loses for each of their posts removed as off-topic. Default: 0.1.")
      .real("packet_boost", &B::packet_boost, 0.3, Range::closed(0, 10),
            "Engagement boost on a day a member grabs a red packet (inside the engagement "
            "logistic). Default: 0.3, like a lottery.")
      .real("packet_median", &B::packet_median, 5, kPositive,
            "Median amount of a member's red packet (lognormal), currency. Default: 5.")
      .real("packet_sigma", &B::packet_sigma, 0.5, kNonNegative,
            "Log-scale spread of a member's red packet amount. Default: 0.5.")
      .integer("packet_shares", &B::packet_shares, 5, Range::closed(1, 1000),
               "Grabbers a member's red packet is split among. Default: 5.")
      .real("packet_return", &B::packet_return, 0.02, kNonNegative,
            "Gift contagion: probability, per currency unit received in red packets today, of "
            "sending a packet back to the group tomorrow (at most 1). Default: 0.025, "
            "hand-tuned so that each unit received brings about 0.18 units back within a day "
            "(Yuan et al. 2019).")
      .real("packet_luckiest", &B::packet_luckiest, 2, kNonNegative,
            "Multiplier of packet_return for the luckiest grabber of a packet (the group norm "
            "that the luckiest sends the next one). Default: 2, Yuan et al. (2019) find the "
            "effect much stronger for the luckiest.")
      .real("packet_spontaneous", &B::packet_spontaneous, 0, kShare,
            "Daily probability that a member sends a red packet unprompted (times engagement). "
            "Default: 0, packets start with the organizer.")
      .real("packet_floor", &B::packet_floor, 0.01, kPositive,
            "Smallest share of a red packet (WeChat: one cent). Default: 0.01.")
      .real("engagement_floor", &B::engagement_floor, 0.1, kShare,
            "Reading uses max(engagement, floor): disengaged members still glance. "
            "Default: 0.1.")
      .real("info_weight", &B::info_weight, 0.05, kNonNegative,
            "Value per unit of quality x relevance read. Default: 0.05, so 20 average messages "
            "are worth about 0.3 a day.")
      .real("ad_annoyance", &B::ad_annoyance, 0.5, kNonNegative,
            "Negative value of an ad read (in quality units). Default: 0.5.")
      .real("overload", &B::overload, 0.1, kNonNegative,
            "Information overload: value lost per unit of (messages / attention - 1) when the "
            "group says more than one can read. Default: 0.1.")
      .real("time_cost", &B::time_cost, 0.07, kNonNegative,
            "Daily cost of being in a group (time, notifications); nothing for a paying member "
            "who has disengaged (muted the group). Default: 0.07, hand-tuned so that a free "
            "group of the flagship's size keeps about half of its first month's joiners to "
            "day 90 and mostly lives (docs/validation.md); at 0.12 most such groups die.")
      .real("social_weight", &B::social_weight, 0.3, kNonNegative,
            "Social value of having all one's contacts in the same group. Default: 0.3.")
      .real("value_per_currency", &B::value_per_currency, 0.02, kNonNegative,
            "Value of one currency unit of prizes. Default: 0.02 (a 5-unit prize is worth a "
            "third of a good day of content).")
      .real("fee_weight", &B::fee_weight, 0.03, kNonNegative,
            "Daily value a paying member loses per unit of fee burden, the monthly equivalent "
            "of the fee over their monthly willingness to pay: fee_weight x (fee x 30 / "
            "period_days) / wtp. Default: 0.03, so a member paying all they would pay gives up "
            "about a fifth of a good day's content every day.")
      .real("satisfaction_scale", &B::satisfaction_scale, 0.2, kPositive,
            "Satisfaction at which a recommendation counts in full when a paid group's "
            "expected value is judged (see entry.value_scale). Default: 0.2, a good month.")
      .real("satisfaction_rate", &B::satisfaction_rate, 0.1, Range::closed(0.0001, 1),
            "rho: satisfaction = (1 - rho) satisfaction + rho u. Default: 0.1, a memory of "
            "about ten days.")
      .real("engagement_gain", &B::engagement_gain, 8, kNonNegative,
            "Slope of the engagement logistic. Default: 8, so engagement goes from 0.2 to 0.8 "
            "over a satisfaction range of about 0.35.")
      .real("engagement_midpoint", &B::engagement_midpoint, 0.1, Range::any(),
            "Satisfaction + commitment at which engagement is 0.5. Default: 0.1.")
      .real("commitment_tenure", &B::commitment_tenure, 0.1, kNonNegative,
            "Commitment from tenure, reached at tenure_scale days. Default: 0.1.")
      .integer("tenure_scale", &B::tenure_scale, 90, Range::closed(1, 100000),
               "Days of tenure for full tenure commitment. Default: 90.")
      .real("commitment_fit", &B::commitment_fit, 0.1, kNonNegative,
            "Commitment from fit (x fit). Default: 0.1.")
      .real("commitment_paid", &B::commitment_paid, 0.1, kNonNegative,
            "Commitment of paid members (sunk cost). Default: 0.1.")
      .real("trust_rate", &B::trust_rate, 0.05, kShare,
            "Trust moves on the logit scale toward its target at this rate a day: logit(trust) "
            "+= trust_rate x (logit(trust at joining) + trust_range x tanh(satisfaction / "
            "trust_scale) - logit(trust)). Default: 0.05, a memory of about three weeks.")
      .real("trust_range", &B::trust_range, 1.5, kNonNegative,
            "How far, in logits, lasting satisfaction or dissatisfaction can move trust from "
            "where it started. Default: 1.5, so trust brought in at 0.5 ranges over 0.18-0.82 "
            "and even the most trusting invitee (0.8) stays below 0.95: nobody piles up at 0 "
            "or 1.")
      .real("trust_scale", &B::trust_scale, 0.1, kPositive,
            "Satisfaction at which trust's target is three quarters of the way to the end of "
            "its range (tanh 1 = 0.76). Default: 0.1, a good fortnight.")
      .real("low_trust", &B::low_trust, 0.3, kShare,
            "Below this trust every ad read costs ad_trust_damage (overdrawing trust). "
            "Default: 0.3.")
      .real("ad_trust_damage", &B::ad_trust_damage, 0.05, kNonNegative,
            "Logits of trust lost per ad read while trust is low. Default: 0.05 (about 0.01 "
            "of trust at 0.2).")
      .real("epsilon", &B::epsilon, 0.6, Range::closed(0, 2),
            "Bounded confidence: messages move a reader only when opinions differ by less. "
            "Default: 0.6, wide enough for the organizer (opinion 1) to reach mild sceptics.")
      .real("organizer_weight", &B::organizer_weight, 2.0, kNonNegative,
            "Weight of organizer messages, times the reader's trust (trust endorsement). "
            "Default: 2.")
      .real("response_damping", &B::response_damping, 0.5, kShare,
            "Influence of a negative post that got an organizer response, relative to one "
            "without. Default: 0.5 (halved, as model.md).")
      .real("experience", &B::experience, 0.05, kNonNegative,
            "eta: opinion += eta x u x (1 - opinion^2) each day (experience feeds attitude, in "
            "steps that shrink near +-1). Default: 0.05.")
      .real("opinion_reversion", &B::opinion_reversion, 0.02, kShare,
            "Each day an opinion moves this share of the way back to the person's own initial "
            "opinion (dispositions persist), so that influence and experience balance away "
            "from +-1. Default: 0.02, a memory of about seven weeks.")
      .real("wom_rate", &B::wom_rate, 0.1, kShare,
            "Daily probability that a person compares opinions with a random contact "
            "(off-group word of mouth). Default: 0.1.")
      .real("wom_mu", &B::wom_mu, 0.3, Range::closed(0, 0.5),
            "Convergence of a word-of-mouth comparison (Deffuant mu). Default: 0.3.")
      .integer("newcomer_days", &B::newcomer_days, 7, Range::closed(0, 100000),
               "Days a newcomer observes before becoming a learner. Default: 7.")
      .real("supporter_opinion", &B::supporter_opinion, 0.3, Range::closed(-1, 1),
            "A learner becomes a supporter above this opinion ... Default: 0.3.")
      .real("supporter_satisfaction", &B::supporter_satisfaction, 0.05, Range::any(),
            "... and above this satisfaction. Default: 0.05.")
      .real("opponent_opinion", &B::opponent_opinion, -0.3, Range::closed(-1, 1),
            "Anyone becomes an opponent below this opinion ... Default: -0.3.")
      .real("opponent_satisfaction", &B::opponent_satisfaction, 0.0, Range::any(),
            "... and below this satisfaction. Default: 0.")
      .real("opponent_recovery", &B::opponent_recovery, 0.0, Range::closed(-1, 1),
            "An opponent becomes a learner again above this opinion. Default: 0.")
      .integer("leader_tenure", &B::leader_tenure, 60, Range::closed(0, 100000),
               "Days of tenure a supporter needs to become an opinion leader. Default: 60.")
      .real("leader_expertise", &B::leader_expertise, 0.6, kShare,
            "Expertise needed to become an opinion leader. Default: 0.6.")
      .real("leader_engagement", &B::leader_engagement, 0.7, kShare,
            "Engagement needed to become an opinion leader. Default: 0.7.")
      .real("leader_share", &B::leader_share, 0.05, kShare,
            "Cap on opinion leaders per group, as a share of its members (at least one). "
            "Default: 0.05.")
      .real("fan_trust", &B::fan_trust, 0.6, kShare,
            "A member with trust above this ... Default: 0.6.")
      .real("fan_opinion", &B::fan_opinion, 0.4, Range::closed(-1, 1),
            "... and opinion above this is a fan. Default: 0.4.")
      .integer("iron_fan_tenure", &B::iron_fan_tenure, 90, Range::closed(0, 100000),
               "A fan with this tenure ... Default: 90 days.")
      .real("iron_fan_engagement", &B::iron_fan_engagement, 0.8, kShare,
            "... and this engagement is an iron fan (a friend). Default: 0.8.")
      .real("churn_threshold", &B::churn_threshold, 0.0, Range::any(),
            "Satisfaction below which a day counts as a low day. Default: 0 (net loss).")
      .integer("patience_days", &B::patience_days, 14, Range::closed(1, 100000),
               "Low days in a row after which a free or threshold member leaves. Default: 14.")
      .real("renew_threshold", &B::renew_threshold, 0.0, Range::any(),
            "At renewal a paid member who has not disengaged stays (and pays again) if "
            "satisfaction + commitment is at least this; satisfaction already nets the fee "
            "burden. Default: 0.")
      .real("dead_posts_per_day", &B::dead_posts_per_day, 0.5, kNonNegative,
            "A group whose members wrote fewer than this many posts a day over the last "
            "dead_days days (or that has no members) is dead: the organizer stops, nobody "
            "joins. Default: 0.5, a week without conversation (Qiu et al. 2016: groups that do "
            "not get going early die).")
      .integer("dead_days", &B::dead_days, 14, Range::closed(1, 100000),
               "Window of the liveness rule, in days; a group is judged from its dead_days-th "
               "day on. Default: 14.")
      .integer("early_days", &B::early_days, 14, Range::closed(1, 100000),
               "A group's first days, over which its early activity is measured for the "
               "lifecycle summaries (early_posts_alive, early_posts_dead). Default: 14.")
      .real("habituation_half_life", &B::habituation_half_life, 3, kPositive,
            "Events of one type a member saw recently that halve the next one's boost. "
            "Default: 3 (model.md).")
      .real("habituation_memory", &B::habituation_memory, 30, kPositive,
            "Days over which a seen event is forgotten (exponential decay). Default: 30.");
}

template <class T>
void append(Section& s, const ParamBinder<T>& b) {
  const Section more = b.section("");
  s.params.insert(s.params.end(), more.params.begin(), more.params.end());
}

}  // namespace

Section people_section() {
  Section s;
  s.doc = "What people are like (the community model).";
  s.children["interests"] = interests_binder().section("Interests: a mixture of Gaussian blobs.");
  s.children["wtp"] = wtp_binder().section("Willingness to pay (lognormal).");
  s.children["attention"] = attention_binder().section("Messages read a day (lognormal).");
  s.children["post_propensity"] =
      post_propensity_binder().section("Posting propensity (lognormal).");
  s.renamed["activity"] = "post_propensity";
  s.children["expertise"] = expertise_binder().section("Quality of own posts.");
  s.children["opinion"] = opinion_binder().section("Initial opinion of the brand.");
  return s;
}

Section community_section() {
  Section s = community_binder().section("The organizer's design of the community.");
  s.children["seed_roles"] = seed_roles_binder().section(
      "Roles of the seed members, as relative shares (normalised to sum 1).");
  s.children["topic"] = topic_binder().section("What the groups are about.");
  Section entry = entry_binder().section("Who may join, and at what price.");
  entry.variant_key = "policy";
  entry.variants["free"].doc = "Anyone invited may join.";
  entry.variants["threshold"] = threshold_binder().section("A qualification gate.");
  entry.variants["paid"] = paid_binder().section("A fee per period.");
  s.children["entry"] = std::move(entry);
  s.children["content"] = content_binder().section("What the organizer posts.");
  s.children["moderation"] =
      moderation_binder().section("Discussion moderation, ad removal and responses.");
  s.children["welcome"] = welcome_binder().section("Answering newcomers' first posts.");
  s.children["costs"] = costs_binder().section("What the organizer's time costs.");
  s.children["recruitment"] = recruitment_binder().section("How people come in.");
  s.children["sales"] = sales_binder().section("What the organizer sells.");
  Section item = activity_type_binder().section("One kind of event and its cadence.");
  append(item, activity_binder_common());
  item.variant_key = "type";
  for (std::size_t t = 0; t < kActivities; ++t) {
    item.variants[kActivityLabels[t]] =
        activity_binder(static_cast<Activity>(t)).section(kActivityLabels[t]);
  }
  s.lists["activities"] = std::move(item);
  return s;
}

Section behaviour_section() {
  Section s = behaviour_binder().section("Constants of the community model.");
  // Replaced by rules of another form (docs/model.md explains them).
  s.renamed["dead_posts_per_member"] = "dead_posts_per_day";
  s.renamed["trust_gain"] = "trust_rate";
  s.renamed["trust_loss"] = "trust_rate";
  Section roles;
  roles.doc = "What each role does (model.md §5).";
  for (std::size_t r = 0; r < kRoles; ++r) {
    roles.children[kRoleLabels[r]] = role_binder(static_cast<Role>(r)).section(kRoleLabels[r]);
  }
  s.children["roles"] = std::move(roles);
  return s;
}

AllParams bind_params(const ParamValues& population, const ParamValues& community,
                      const ParamValues& behaviour) {
  AllParams all;
  PeopleParams& p = all.people;
  interests_binder().apply(population.subtree("interests"), p);
  wtp_binder().apply(population.subtree("wtp"), p);
  attention_binder().apply(population.subtree("attention"), p);
  post_propensity_binder().apply(population.subtree("post_propensity"), p);
  expertise_binder().apply(population.subtree("expertise"), p);
  opinion_binder().apply(population.subtree("opinion"), p);

  CommunityParams& c = all.community;
  community_binder().apply(community, c);
  const SeedRoles seeds = seed_roles_binder().bind(community.subtree("seed_roles"));
  c.seed_roles = {seeds.newcomer, seeds.learner, seeds.supporter, seeds.opponent,
                  seeds.opinion_leader};
  double total = 0;
  for (double share : c.seed_roles) {
    total += share;
  }
  // All zero fails the model's check (checks.cpp) before any run.
  for (double& share : c.seed_roles) {
    share = total > 0 ? share / total : 0.0;
  }
  topic_binder().apply(community.subtree("topic"), c);
  const ParamValues entry = community.subtree("entry");
  entry_binder().apply(entry, c.entry);
  threshold_binder().apply(entry, c.entry);
  paid_binder().apply(entry, c.entry);
  content_binder().apply(community.subtree("content"), c);
  moderation_binder().apply(community.subtree("moderation"), c);
  c.moderation = c.moderation_policy == "community"      ? Moderation::Community
                 : c.moderation_policy == "personalized" ? Moderation::Personalized
                                                         : Moderation::None;
  welcome_binder().apply(community.subtree("welcome"), c);
  costs_binder().apply(community.subtree("costs"), c);
  recruitment_binder().apply(community.subtree("recruitment"), c);
  sales_binder().apply(community.subtree("sales"), c);
  const std::int64_t items = community.contains("activities") ? community.get_int("activities") : 0;
  for (std::int64_t i = 0; i < items; ++i) {
    const ParamValues values = community.subtree("activities." + std::to_string(i));
    const std::string type = activity_type_binder().bind(values).type;
    ActivityParams a;
    for (std::size_t t = 0; t < kActivities; ++t) {
      if (type == kActivityLabels[t]) {
        a.type = static_cast<Activity>(t);
      }
    }
    activity_binder_common().apply(values, a);
    activity_binder(a.type).apply(values, a);
    c.activities.push_back(a);
  }

  BehaviourParams& b = all.behaviour;
  behaviour_binder().apply(behaviour, b);
  for (std::size_t r = 0; r < kRoles; ++r) {
    b.roles[r] = role_binder(static_cast<Role>(r))
                     .bind(behaviour.subtree(std::string("roles.") + kRoleLabels[r]));
  }
  return all;
}

}  // namespace commsim::models::community
