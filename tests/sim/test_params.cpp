#include <catch2/catch.hpp>

#include "commsim/params.hpp"

using namespace commsim;

TEST_CASE("ranges check and describe their bounds", "[params]") {
  CHECK(Range::closed(0, 1).contains(0));
  CHECK(Range::closed(0, 1).contains(1));
  CHECK_FALSE(Range::closed(0, 1).contains(1.0000001));
  CHECK_FALSE(Range::above(0).contains(0));
  CHECK(Range::above(0).contains(1e-12));
  CHECK(Range::closed(0, 1).describe() == "[0, 1]");
  CHECK(Range::above(0).describe() == "> 0");
  CHECK(Range::at_least(2).describe() == ">= 2");
  CHECK(Range::closed(1, 1000000).describe() == "[1, 1000000]");
  CHECK(Range::any().describe().empty());
}

TEST_CASE("nearest suggests likely typos only", "[params]") {
  const std::vector<std::string> keys{"invite_rate", "poster_reach", "forced_adds_per_day"};
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(nearest("invte_rate", keys) == std::optional<std::string>("invite_rate"));
  CHECK(nearest("poster_rech", keys) == std::optional<std::string>("poster_reach"));
  CHECK_FALSE(nearest("zzzz", keys).has_value());
}

namespace {
struct Example {
  double rate = 0;
  int count = 0;
  bool flag = false;
  std::string mode;
};
}  // namespace

TEST_CASE("a ParamBinder declares once and binds values or defaults", "[params]") {
  const auto binder = ParamBinder<Example>{}
                          .real("rate", &Example::rate, 0.5, Range::closed(0, 1), "a rate")
                          .integer("count", &Example::count, 3, Range::at_least(0), "a count")
                          .boolean("flag", &Example::flag, true, "a flag")
                          .choice("mode", &Example::mode, "fast", {"fast", "slow"}, "a mode");
  const Section section = binder.section("example");
  REQUIRE(section.params.size() == 4);
  CHECK(section.params[0].expectation() == "a number in [0, 1]");
  CHECK(section.params[1].expectation() == "a whole number >= 0");
  CHECK(section.params[3].expectation() == "one of fast, slow");

  const Example defaults = binder.bind(ParamValues{});
  CHECK(defaults.rate == 0.5);
  CHECK(defaults.count == 3);
  CHECK(defaults.flag);
  CHECK(defaults.mode == "fast");

  ParamValues values;
  values.set("rate", 0.25);
  values.set("mode", std::string("slow"));
  const Example bound = binder.bind(values);
  CHECK(bound.rate == 0.25);
  CHECK(bound.mode == "slow");
  CHECK(bound.count == 3);
}

TEST_CASE("ParamValues subtree strips its prefix and nothing else", "[params]") {
  ParamValues v;
  v.set("bass.p", 0.1);
  v.set("bass.q", 0.2);
  v.set("bassoon.x", 1.0);
  v.set("days", std::int64_t{5});
  const ParamValues sub = v.subtree("bass");
  CHECK(sub.all().size() == 2);
  CHECK(sub.get_real("q") == 0.2);
  CHECK_THROWS(v.get_real("days"));  // stored as an int
  CHECK(format_value(ParamValue{std::vector<double>{1, 2.5}}) == "[1, 2.5]");
}
