// `replicates: auto`: rounds of replicates until the objective's answer is
// settled; a clear difference stops at the first round, a tie runs to the
// cap; the decision is the same for 1 and 2 threads, and the runs not needed
// are delivered as unneeded.
#include <catch2/catch.hpp>

#include <cstring>
#include <map>

#include "commsim/error.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "models/registry.hpp"
#include "support/execute.hpp"

using namespace commsim;
using Catch::Matchers::Contains;

namespace {

std::string scenario(const std::string& points,
                     const std::string& rounds = "{min: 3, step: 2, max: 9}") {
  return "model: bass\nseed: 5\ndays: 20\nreplicates: auto\n"
         "replicates_auto: " +
         rounds +
         "\n"
         "population: {size: 2000, graph: {kind: erdos_renyi, mean_degree: 6}}\n"
         "sweep:\n  points:\n" +
         points;
}

// Two designs far apart in final_share (the bass model's default objective).
const std::string kClear =
    "    - {name: slow, bass.q: 0.05}\n"
    "    - {name: fast, bass.q: 0.9}\n";
// Two designs that are the same: with common random numbers, identical runs.
const std::string kTie =
    "    - {name: one, bass.q: 0.4}\n"
    "    - {name: two, bass.q: 0.4}\n";

struct Outcome {
  ExecuteReport report;
  std::map<std::uint64_t, RunResult> runs;  // by run index
};

Outcome run(const std::string& points, int threads) {
  Scenario s = parse_scenario(scenario(points), "auto.yaml", {}, models::catalog());
  Experiment e(std::move(s), *find_model(models::catalog(), "bass"));
  Outcome out;
  out.report = testing::run_all(e, threads, [&](const RunResult& r) { out.runs[r.plan.run] = r; });
  return out;
}

std::size_t count(const Outcome& o, RunStatus status) {
  std::size_t n = 0;
  for (const auto& [run, r] : o.runs) {
    n += r.status == status ? 1 : 0;
  }
  return n;
}

}  // namespace

TEST_CASE("replicates: auto stops at the first round on a clear difference", "[auto]") {
  const Outcome clear = run(kClear, 2);
  CHECK(clear.report.runs == 18);  // 2 points x the cap of 9
  CHECK(clear.report.replicates == 3);
  CHECK(count(clear, RunStatus::Done) == 6);
  CHECK(count(clear, RunStatus::Unneeded) == 12);
  CHECK(clear.report.unneeded == 12);
  CHECK(clear.runs.size() == 18);  // every run delivered, the unneeded ones too
  for (const auto& [index, r] : clear.runs) {
    CHECK((r.status == RunStatus::Done) == (r.plan.replicate < 3));
  }
}

TEST_CASE("replicates: auto runs a tie to the cap", "[auto]") {
  const Outcome tie = run(kTie, 2);
  CHECK(tie.report.replicates == 9);
  CHECK(count(tie, RunStatus::Done) == 18);
  CHECK(count(tie, RunStatus::Unneeded) == 0);
}

TEST_CASE("replicates: auto decides the same for 1 and 2 threads", "[auto][verifier]") {
  for (const std::string& points : {kClear, kTie}) {
    const Outcome one = run(points, 1);
    const Outcome two = run(points, 2);
    REQUIRE(one.runs.size() == two.runs.size());
    CHECK(one.report.replicates == two.report.replicates);
    for (const auto& [index, r] : one.runs) {
      const RunResult& other = two.runs.at(index);
      CHECK(r.status == other.status);
      CHECK(r.series.summaries.size() == other.series.summaries.size());
      CHECK(std::memcmp(r.series.summaries.data(), other.series.summaries.data(),
                        r.series.summaries.size() * sizeof(double)) == 0);
    }
  }
}

TEST_CASE("replicates: auto needs designs and an objective", "[auto]") {
  const auto error = [](const std::string& text) -> std::string {
    try {
      (void)parse_scenario(text, "a.yaml", {}, models::catalog());
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "";
  };
  CHECK_THAT(error("model: bass\nseed: 1\ndays: 5\nreplicates: auto\npopulation: {size: 50}\n"),
             Contains("a.yaml:4:13: replicates: `auto`") && Contains("needs designs to compare"));
  CHECK_THAT(error("model: voter\nseed: 1\ndays: 5\nreplicates: auto\npopulation: {size: 50}\n"
                   "sweep: {grid: {voter.initial_density: [0.3, 0.6]}}\n"),
             Contains("declares no default objective"));
  CHECK_THAT(error(scenario(kClear, "{min: 5, max: 4}")),
             Contains("replicates_auto.max: the cap (4) is below the first round (min 5)"));
}
