#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "commsim/error.hpp"
#include "commsim/io/people_file.hpp"

using namespace commsim;
using Catch::Matchers::Contains;

namespace {

// Declarations shaped like the community model's.
std::vector<PersonAttribute> declared() {
  std::vector<PersonAttribute> out(5);
  out[0].name = "interest";
  out[0].range = Range::closed(0, 1);
  out[0].count_key = "population.interests.dimensions";
  out[1].name = "wtp";
  out[1].range = Range::at_least(0);
  out[2].name = "member";
  out[2].type = ParamType::Bool;
  out[3].name = "group";
  out[3].type = ParamType::Int;
  out[3].range = Range::at_least(0);
  out[3].below_key = "community.groups";
  out[3].implies = "member";
  out[4].name = "role";
  out[4].type = ParamType::Choice;
  out[4].choices = {"newcomer", "supporter"};
  out[4].implies = "member";
  return out;
}

struct Fixture {
  std::vector<PersonAttribute> attributes = declared();
  std::vector<std::string> labels = {"ann", "bo", "cy", "7"};
  ParamValues values;
  Fixture() {
    values.set("population.interests.dimensions", std::int64_t{2});
    values.set("community.groups", std::int64_t{2});
  }
  PeopleTable read(const std::string& csv, const NodeAttributes* graph = nullptr) {
    std::istringstream in(csv);
    return read_people(&in, "people.csv", graph, {"community", &attributes, &labels, &values});
  }
  std::string error_of(const std::string& csv, const NodeAttributes* graph = nullptr) {
    try {
      (void)read(csv, graph);
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "";
  }
};

bool given(const PeopleTable& t, const std::string& name, std::size_t person) {
  const auto* c = t.column(name);
  return c != nullptr && PeopleTable::given((*c)[person]);
}

}  // namespace

TEST_CASE("a people file gives exactly the attributes and people it names", "[people_file]") {
  Fixture f;
  const PeopleTable t = f.read(
      "label,wtp,interest_1,role\n"
      "# a comment\n"
      "bo,12.5,,\n"
      "\n"
      "\"ann\",0,0.25,supporter\n"
      "007,,1,\n");
  CHECK(t.names == std::vector<std::string>{"interest_1", "wtp", "role"});
  CHECK((*t.column("wtp"))[1] == 12.5);
  CHECK((*t.column("wtp"))[0] == 0);
  CHECK_FALSE(given(t, "wtp", 2));
  CHECK_FALSE(given(t, "wtp", 3));
  CHECK_FALSE(given(t, "interest_1", 1));    // an empty cell is not given
  CHECK((*t.column("interest_1"))[3] == 1);  // 007 is the person labelled 7
  CHECK((*t.column("role"))[0] == 1);        // supporter: the choice's index
  CHECK(t.column("interest_0") == nullptr);
  CHECK(t.column("member") == nullptr);
}

TEST_CASE("node attributes of the graph file, and both sources together", "[people_file]") {
  Fixture f;
  NodeAttributes graph;
  graph.names = {"wtp", "x", "member"};
  graph.values = {{std::string("5"), std::nullopt, std::nullopt, std::nullopt},
                  {std::string("0.1"), std::string("0.2"), std::nullopt, std::nullopt},
                  {std::nullopt, std::string("true"), std::nullopt, std::nullopt}};
  graph.where = {"net.graphml:3", "net.graphml:4", "net.graphml:5", "net.graphml:6"};
  const PeopleTable t = f.read("label,group\nbo,1\n", &graph);
  CHECK((*t.column("wtp"))[0] == 5);
  CHECK((*t.column("member"))[1] == 1);
  CHECK((*t.column("group"))[1] == 1);
  CHECK(t.column("x") == nullptr);  // not an attribute of the model: ignored
  CHECK_THAT(f.error_of("label,wtp\nann,6\n", &graph),
             Contains("people.csv:2: wtp of \"ann\" is given twice (also at net.graphml:3"));
  graph.values[0][2] = "cheap";
  CHECK_THAT(f.error_of("label\n", &graph),
             Contains("net.graphml:5: node \"cy\": wtp (node attribute): expected a number >= 0"));
}

TEST_CASE("every malformed people file is reported with file and line", "[people_file]") {
  Fixture f;
  CHECK_THAT(f.error_of("label,wtp\ndan,3\n"),
             Contains("people.csv:2: label \"dan\" is not a person of the graph (4 people"));
  CHECK_THAT(f.error_of("label,wtp\nann,3\nbo,4\nann,5\n"),
             Contains("people.csv:4: label \"ann\" is given twice (first on line 2)"));
  CHECK_THAT(f.error_of("label,wtpp\n"),
             Contains("people.csv:1: unknown attribute \"wtpp\": model community has no such "
                      "attribute; did you mean wtp?"));
  CHECK_THAT(f.error_of("label,height\n"),
             Contains("unknown attribute \"height\"") && Contains("takes interest_0, interest_1"));
  CHECK_THAT(f.error_of("label,interest_2\n"), Contains("unknown attribute \"interest_2\""));
  CHECK_THAT(f.error_of("label,wtp\nann,-1\n"),
             Contains("people.csv:2: wtp: expected a number >= 0, found \"-1\""));
  CHECK_THAT(f.error_of("label,interest_0\nann,1.5\n"),
             Contains("people.csv:2: interest_0: expected a number in [0, 1]"));
  CHECK_THAT(f.error_of("label,wtp\nann,lots\n"), Contains("found \"lots\""));
  CHECK_THAT(f.error_of("label,group\nann,2\n"),
             Contains("people.csv:2: group: expected a whole number >= 0 below 2 "
                      "(community.groups)"));
  CHECK_THAT(f.error_of("label,role\nann,suporter\n"),
             Contains("people.csv:2: role: expected one of newcomer, supporter") &&
                 Contains("did you mean supporter?"));
  CHECK_THAT(f.error_of("label,member\nann,maybe\n"), Contains("expected true or false"));
  CHECK_THAT(f.error_of("label,member,group\nann,0,1\n"),
             Contains("people.csv:2: group is given for \"ann\", but member is 0"));
  CHECK_THAT(f.error_of("label,wtp\nann\n"),
             Contains("people.csv:2: expected 2 fields (as the header has), found 1"));
  CHECK_THAT(f.error_of("label,wtp,wtp\n"), Contains("column wtp appears twice"));
  CHECK_THAT(f.error_of("label,wtp\n\"ann,3\n"), Contains("a quoted field is not closed"));
  CHECK_THAT(f.error_of(""), Contains("people.csv: the file is empty"));
  // All at once, counted.
  CHECK_THAT(f.error_of("label,wtp\ndan,3\nann,-2\n"), Contains("2 problems"));
}

TEST_CASE("a model without person attributes takes no people file", "[people_file]") {
  Fixture f;
  f.attributes.clear();
  CHECK_THAT(f.error_of("label,wtp\n"), Contains("model community takes no person attributes"));
}
