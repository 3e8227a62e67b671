// Phase 6: transactions. A purchase is "trust endorsement + consumption
// incentive": p_buy = buy_base x trust^trust_exponent x (1 + incentive) for
// members with a positive opinion. Flash-sale stock is shared by a group's
// buyers and goes to a random subset when it runs out.
#include <cmath>

#include "commsim/distributions.hpp"
#include "models/community/community_model.hpp"

namespace commsim::models::community {

void CommunityModel::decide_purchases(const PhaseStep& step) {
  const CommunityParams& c = community_;
  const auto prefetch = [&](std::uint32_t a, Ahead ahead) {
    if (ahead == Ahead::Far) {
      prefetch_entries(a, ever_slot_);  // the record holds what is read
      prefetch_for_writing(a, opinion_);
    } else {
      prefetch_record(a);
    }
  };
  for_each_member(member_list_, prefetch, [&](std::uint32_t a) {
    MemberRecord& r = record_of(a);
    opinion_[a] = r.opinion_next;  // today's influence takes effect
    r.opinion = r.opinion_next;
    r.price = 0;
    if (!live(r.group) || r.opinion <= 0) {
      return;
    }
    auto rng = step.stream(a);
    const double p = c.buy_base * std::pow(r.trust, c.trust_exponent) * (1 + r.incentive);
    if (bernoulli(rng, p)) {
      r.price = c.price * (1 - r.discount);
    }
  });
}

void CommunityModel::settle_purchases(const PhaseStep& step) {
  const EventEffect& flash = effects_[static_cast<std::size_t>(Activity::FlashSale)];
  const bool limited = flash.fired && flash.stock > 0;
  std::vector<std::uint32_t> buyers;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    buyers.clear();
    for (std::uint32_t i = member_start_[g]; i < member_start_[g + 1]; ++i) {
      const std::uint32_t a = member_list_[i];
      if (record_of(a).price > 0) {
        buyers.push_back(a);
      }
    }
    if (limited && buyers.size() > static_cast<std::size_t>(flash.stock)) {
      auto rng = step.stream(group_entity(g));
      const auto lucky = sample_without_replacement(rng, static_cast<std::uint32_t>(buyers.size()),
                                                    static_cast<std::uint32_t>(flash.stock));
      // lucky is sorted: keep those buyers, the rest find it sold out.
      std::vector<std::uint32_t> kept;
      kept.reserve(lucky.size());
      std::size_t next = 0;
      for (std::size_t i = 0; i < buyers.size(); ++i) {
        if (next < lucky.size() && lucky[next] == i) {
          kept.push_back(buyers[i]);
          ++next;
        } else {
          record_of(buyers[i]).price = 0;
        }
      }
      buyers.swap(kept);
    }
    for (std::uint32_t a : buyers) {
      const double paid = record_of(a).price;
      ++purchases_[a];
      spend_[a] += paid;
      today_.sales += paid;
      today_.purchases += 1;
    }
  }
}

}  // namespace commsim::models::community
