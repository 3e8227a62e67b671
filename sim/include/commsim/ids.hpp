// Strong identifier types. A person and a day are both small integers;
// giving each its own type stops an agent index being passed where a day is
// expected, at no run-time cost. (Groups and runs are plain indices of their
// own vectors and tables; a type is added here when a second kind of index
// could be confused with them.)
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
using Day = StrongId<struct DayTag, std::uint32_t>;

}  // namespace commsim

template <class Tag, class Rep>
struct std::hash<commsim::StrongId<Tag, Rep>> {
  std::size_t operator()(commsim::StrongId<Tag, Rep> id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};
