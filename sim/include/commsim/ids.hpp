// Strong identifier types. A person, a group, a day and a run are all small
// integers; giving each its own type stops an agent index being passed where
// a day is expected, at no run-time cost.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace commsim {

template <class Tag, class Rep>
class StrongId {
 public:
  using rep_type = Rep;
  constexpr StrongId() = default;
  constexpr explicit StrongId(Rep value) : value_(value) {}
  [[nodiscard]] constexpr Rep value() const { return value_; }
  constexpr auto operator<=>(const StrongId&) const = default;

 private:
  Rep value_{};
};

using AgentId = StrongId<struct AgentTag, std::uint32_t>;
using GroupId = StrongId<struct GroupTag, std::uint32_t>;
using Day = StrongId<struct DayTag, std::uint32_t>;
using RunIndex = StrongId<struct RunTag, std::uint64_t>;

}  // namespace commsim

template <class Tag, class Rep>
struct std::hash<commsim::StrongId<Tag, Rep>> {
  std::size_t operator()(commsim::StrongId<Tag, Rep> id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};
