// Every check a model makes on its input runs when the scenario is loaded
// (ModelInfo::check), for every design point, and is reported at the key's
// file:line:column; what only a run's draws can decide fails that run, and
// the others finish.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "commsim/error.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "models/registry.hpp"
#include "support/execute.hpp"

using namespace commsim;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    (void)parse_scenario(text, COMMSIM_TEST_DATA_DIR "/s.yaml", overrides, models::catalog());
  } catch (const ScenarioError& e) {
    return e.what();
  }
  FAIL("expected a ScenarioError for:\n" << text);
  return "";
}

const std::string kFile = COMMSIM_TEST_DATA_DIR "/s.yaml";

// 300 people on a Barabasi-Albert graph of mean degree 6, and the karate
// club (34 people, tests/data/karate.txt).
const std::string kCommunity =
    "model: community\nseed: 1\ndays: 10\npopulation:\n  size: 300\n  graph: {kind: "
    "barabasi_albert, mean_degree: 6}\ncommunity: {seed_members: 10, capacity: 50}\n";
const std::string kKarate =
    "model: community\nseed: 1\ndays: 10\npopulation:\n  size: 34\n  graph: {kind: edge_list, "
    "path: karate.txt}\ncommunity: {seed_members: 10, capacity: 50}\n";

}  // namespace

TEST_CASE("community checks run at validation, located at the key", "[model_checks]") {
  for (const std::string& base : {kCommunity, kKarate}) {
    const std::string size = base == kCommunity ? "300" : "34";
    CHECK_THAT(error_of(base, {"community.seed_members=400"}),
               StartsWith("--set community.seed_members=400: community.seed_members: 400 seed "
                          "members asked for, but population.size is " +
                          size));
    CHECK_THAT(error_of(base + "behaviour: {}\n", {"community.capacity=5"}),
               Contains(kFile + ":7:") &&
                   Contains("community.seed_members: 10 seed members per group (10 over 1 "
                            "group(s)) exceed community.capacity (5)"));
    CHECK_THAT(error_of(base, {"community.seed_roles={newcomer: 0, learner: 0, supporter: 0, "
                               "opponent: 0, opinion_leader: 0}"}),
               Contains("community.seed_roles: the shares add up to 0"));
    CHECK_THAT(error_of(base, {"community.topic.center=[0.5, 0.5, 0.5]"}),
               Contains("community.topic.center: has 3 coordinate(s), but "
                        "population.interests.dimensions is 2"));
  }
  // Written in the file, the error points at the line.
  CHECK_THAT(error_of("model: community\nseed: 1\ndays: 10\npopulation: {size: 300}\n"
                      "community:\n  topic: {center: [0.5]}\n"),
             StartsWith(kFile + ":6:19: community.topic.center: has 1 coordinate(s)"));
}

TEST_CASE("model checks run for every design point", "[model_checks]") {
  const std::string cascade =
      "model: cascade\nseed: 1\ndays: 5\npopulation: {size: 34, graph: {kind: edge_list, path: "
      "karate.txt}}\nsweep:\n  grid:\n    cascade.seed_ids: [[1, 2], [3, 40], [5, 5]]\n";
  const std::string err = error_of(cascade);
  CHECK_THAT(err, StartsWith("2 of 3 design points are invalid:"));
  CHECK_THAT(err, Contains(kFile + ":7:32 (sweep of cascade.seed_ids, point 1): cascade.seed_ids: "
                                   "id 40 is out of range: ids run from 0 to 33"));
  CHECK_THAT(err, Contains("(sweep of cascade.seed_ids, point 2): cascade.seed_ids: id 5 is "
                           "listed twice"));

  const std::string threshold =
      "model: threshold\nseed: 1\ndays: 5\npopulation: {size: 4, graph: {kind: complete}}\n"
      "threshold: {thresholds: [0.1, 0.2, 0.3, 0.4]}\nsweep:\n  grid:\n    population.size: [4, "
      "5, 6]\n";
  const std::string lengths = error_of(threshold);
  CHECK_THAT(lengths, StartsWith("2 of 3 design points are invalid:"));
  // The list's own place in the file, and which point it fails at.
  CHECK_THAT(lengths, Contains(kFile + ":5:25: threshold.thresholds: has 4 entries, but "
                                       "population.size is 5 (one threshold per person, in id "
                                       "order) (design point 1)"));
  CHECK_THAT(lengths, Contains("population.size is 6"));
  CHECK_THAT(error_of("model: threshold\nseed: 1\ndays: 5\npopulation: {size: 10, graph: {kind: "
                      "complete}}\nthreshold: {seeds: 11}\n"),
             StartsWith(kFile + ":5:20: threshold.seeds: 11 seeds asked for, but population.size "
                                "is 10"));
}

TEST_CASE("what only a run's draws decide fails that run; the others finish", "[model_checks]") {
  // Nobody's interests come within 0.0067 of the topic centre (fit >= 0.999)
  // in a population of 300, so the second point cannot seed its group.
  Scenario s = parse_scenario(kCommunity +
                                  "replicates: 2\nsweep:\n  grid:\n"
                                  "    community.seed_min_fit: [0.0, 0.999]\n",
                              kFile, {}, models::catalog());
  Experiment e(std::move(s), *find_model(models::catalog(), "community"));
  std::vector<RunStatus> statuses;
  const ExecuteReport report = testing::execute_local(
      e, OutputOptions{}, 2, [&](const RunResult& r) { statuses.push_back(r.status); });
  CHECK(statuses == std::vector<RunStatus>{RunStatus::Done, RunStatus::Done, RunStatus::Failed,
                                           RunStatus::Failed});
  REQUIRE(report.failures.size() == 2);
  CHECK_THAT(report.failures[0],
             StartsWith("run 2: community.seed_members: only ") &&
                 Contains("people have fit >= community.seed_min_fit (0.999) in this run's draw, "
                          "fewer than the 10 seeds asked for"));
}

TEST_CASE("valid but doubtful settings are warnings, located", "[model_checks]") {
  const std::string base = "model: community\nseed: 1\ndays: 10\npopulation: {size: 300}\n";
  const Scenario paid = parse_scenario(
      base +
          "community:\n  entry: {policy: paid, fee: 0}\n  activities:\n"
          "    - {type: lottery, start_day: 11}\n    - {type: lottery, start_day: 10}\n",
      kFile, {}, models::catalog());
  REQUIRE(paid.warnings.size() == 2);
  CHECK_THAT(paid.warnings[0], StartsWith(kFile + ":6:30: community.entry.fee: a paid group with "
                                                  "a fee of 0 admits everyone"));
  CHECK_THAT(paid.warnings[1],
             StartsWith(kFile + ":8:34: community.activities.0.start_day: the first event comes "
                                "on day 11, after the horizon (days: 10), so it never happens"));
  const Scenario gate = parse_scenario(base + "community: {entry: {policy: threshold}}\n", kFile,
                                       {}, models::catalog());
  REQUIRE(gate.warnings.size() == 1);
  CHECK_THAT(gate.warnings[0],
             StartsWith(kFile + ":5:20: community.entry.min_fit: not given, so the default 0.6 "
                                "applies (policy: threshold)"));
  CHECK(parse_scenario(base + "community: {entry: {policy: threshold, min_fit: 0.6}}\n", kFile, {},
                       models::catalog())
            .warnings.empty());
  // In a sweep, each warning is said once with the first point it concerns.
  const Scenario swept = parse_scenario(
      base + "sweep:\n  grid:\n    community.entry: [{policy: paid}, {policy: paid, fee: 0}]\n",
      kFile, {}, models::catalog());
  REQUIRE(swept.warnings.size() == 2);
  CHECK_THAT(swept.warnings[0],
             Contains("(sweep of community.entry, point 0): community.entry.fee: "
                      "not given, so the default 99 applies (policy: paid)"));
  CHECK_THAT(swept.warnings[1], Contains("(sweep of community.entry, point 1): "
                                         "community.entry.fee: a paid group with a fee of 0"));
}
