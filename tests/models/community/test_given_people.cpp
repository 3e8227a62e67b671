// The community model with a people file: the attributes a file names are
// set for the people it names, and nothing else changes (every other draw
// is the one made without a file); membership, group and role pick seeds.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "support/run_scenario.hpp"

namespace commsim::testing {
namespace {

struct Snapshot {
  std::map<std::string, std::vector<double>> columns;  // day 0, as doubles
};

Snapshot day_zero(const std::string& yaml, const std::filesystem::path& folder) {
  Scenario s = parse_scenario(yaml, folder / "test.yaml", {}, models::catalog());
  const ModelInfo& model = *find_model(models::catalog(), s.model);
  const std::size_t n = s.population_size;
  Experiment e(std::move(s), model);
  Snapshot out;
  run_all(e, 1, [&](const RunResult& r) {
    REQUIRE(r.status == RunStatus::Done);
    for (std::size_t k = 0; k < r.agents.names.size(); ++k) {
      std::visit(
          [&](const auto& v) {
            out.columns[r.agents.names[k]] =
                std::vector<double>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n));
          },
          r.agents.values[k]);
    }
  });
  return out;
}

std::string scenario(const std::string& people, const std::string& community =
                                                    "{groups: 2, seed_members: 4, seed_min_fit: "
                                                    "0, capacity: 40}") {
  return std::string(R"(
model: community
seed: 11
days: 3
population:
  graph: {kind: edge_list, path: )") +
         COMMSIM_TEST_DATA_DIR + R"(/karate.txt}
)" + people +
         "\ncommunity: " + community + R"(
output: {agents: every_100_days}
)";
}

std::filesystem::path folder_with(const std::string& csv) {
  const auto folder = std::filesystem::temp_directory_path() /
                      ("commsim_given_people_" + std::to_string(std::hash<std::string>{}(csv)));
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "people.csv") << csv;
  return folder;
}

}  // namespace

TEST_CASE("a people file sets exactly the attributes it names", "[community]") {
  const auto folder = folder_with(
      "label,wtp,opinion,interest_1,attention\n"
      "0,99,,0.5,\n"
      "33,,-0.75,,3\n"
      "5,1.5,0.25,,\n");
  const Snapshot drawn = day_zero(scenario(""), folder);
  const Snapshot given = day_zero(scenario("  people: {file: people.csv}"), folder);
  const std::map<std::string, std::map<std::size_t, double>> set = {
      {"wtp", {{0, 99}, {5, 1.5}}},
      {"opinion", {{33, -0.75}, {5, 0.25}}},
      {"opinion_prior", {{33, -0.75}, {5, 0.25}}},  // the disposition opinions revert to
      {"interest_1", {{0, 0.5}}},
      {"attention", {{33, 3}}}};
  for (const std::string name : {"interest_0", "interest_1", "wtp", "attention", "post_propensity",
                                 "expertise", "opinion", "opinion_prior"}) {
    const auto& before = drawn.columns.at(name);
    const auto& after = given.columns.at(name);
    REQUIRE(before.size() == 34);
    for (std::size_t a = 0; a < 34; ++a) {
      const auto named = set.find(name);
      if (named != set.end() && named->second.contains(a)) {
        CHECK(after[a] == named->second.at(a));
      } else {
        INFO(name << " of person " << a);
        CHECK(after[a] == before[a]);  // bit for bit: the draw without a file
      }
    }
  }
  // Fit follows the given interest; the others keep theirs.
  CHECK(given.columns.at("fit")[0] != drawn.columns.at("fit")[0]);
  CHECK(given.columns.at("fit")[1] == drawn.columns.at("fit")[1]);
}

TEST_CASE("membership, group and role from a people file choose the seeds", "[community]") {
  const auto folder = folder_with(
      "label,member,group,role\n"
      "2,1,1,opinion_leader\n"
      "4,,0,\n"
      "9,0,,\n"
      "30,,,opponent\n");
  const Snapshot s =
      day_zero(scenario("  people: {file: people.csv}",
                        "{groups: 2, seed_members: 33, seed_min_fit: 0, capacity: 40}"),
               folder);
  const auto& status = s.columns.at("member_status");
  const auto& group = s.columns.at("group");
  const auto& role = s.columns.at("role_code");
  CHECK(status[2] == 1);
  CHECK(group[2] == 1);
  CHECK(role[2] == 4);  // opinion leader
  CHECK(group[4] == 0);
  CHECK(role[30] == 3);   // opponent
  CHECK(status[9] == 0);  // member 0: never a seed, though everyone else is one
  double members = 0;
  for (const double x : status) {
    members += x;
  }
  CHECK(members == 33);
}

}  // namespace commsim::testing
