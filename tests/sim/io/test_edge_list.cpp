#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "commsim/error.hpp"
#include "commsim/io/edge_list.hpp"
#include "support/labelled_edges.hpp"

using namespace commsim;
using Catch::Matchers::Contains;
using commsim::testing::labelled_edges;
using commsim::testing::LabelledEdges;

namespace {

LoadedGraph read(const std::string& text, EdgeListOptions options = {}) {
  std::istringstream in(text);
  return read_edge_list(in, "net.txt", options);
}

std::string error_of(const std::string& text, EdgeListOptions options = {}) {
  try {
    (void)read(text, options);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

EdgeListOptions strict() {
  EdgeListOptions o;
  o.merge_duplicates = false;
  o.drop_self_loops = false;
  return o;
}

}  // namespace

TEST_CASE("edge lists accept comments, blank lines and any white space", "[edge_list]") {
  const LoadedGraph g = read(
      "# a triangle and a tail\n% KONECT-style comment\n0 1\n1\t2  # trailing comment\n\n"
      "  2 0\r\n3 2\n");
  CHECK(g.graph.num_vertices() == 4);  // the size comes from the file
  CHECK(g.graph.num_edges() == 4);
  CHECK(g.graph.degree(AgentId{2}) == 3);
  CHECK(g.integer_labels);
  CHECK(g.labels == std::vector<std::string>{"0", "1", "2", "3"});
  CHECK(g.warnings.empty());
}

TEST_CASE("whole-number labels with gaps are people in numeric order", "[edge_list]") {
  const LoadedGraph g = read("100 7\n7 3000000000\n42 100\n");
  CHECK(g.labels == std::vector<std::string>{"7", "42", "100", "3000000000"});
  CHECK(g.integer_labels);
  CHECK(g.graph.num_edges() == 3);
  CHECK(g.graph.degree(AgentId{0}) == 2);  // 7
  // 007 is 7.
  CHECK(read("007 8\n").labels == std::vector<std::string>{"7", "8"});
}

TEST_CASE("text labels are people in order of first appearance", "[edge_list]") {
  const LoadedGraph g = read("carol alice\nalice bob\n5 bob\n");
  CHECK_FALSE(g.integer_labels);
  CHECK(g.labels == std::vector<std::string>{"carol", "alice", "bob", "5"});
  CHECK(labelled_edges(g) == LabelledEdges{{"alice", "carol"}, {"alice", "bob"}, {"5", "bob"}});
  // Whole numbers first, a name later: the same order a table would give.
  const LoadedGraph mixed = read("3 1\n1 x\n");
  CHECK(mixed.labels == std::vector<std::string>{"3", "1", "x"});
}

TEST_CASE("a header, other separators and extra columns", "[edge_list]") {
  EdgeListOptions o;
  o.header = true;
  o.separator = ',';
  const LoadedGraph g = read("source,target,weight\nAnn Lee, Bo Chen,3\nBo Chen,Cy,1\n", o);
  CHECK(g.labels == std::vector<std::string>{"Ann Lee", "Bo Chen", "Cy"});
  CHECK(g.graph.num_edges() == 2);
  // Without a header, the header line is an edge of two people.
  CHECK(read("source target\n0 1\n").graph.num_vertices() == 4);
  // networkx.write_edgelist's data dicts and KONECT's timestamps are ignored.
  CHECK(read("0 1 {'weight': 4}\n1 2 {}\n2 0 1 1262304000\n").graph.num_edges() == 3);
}

TEST_CASE("weights: a threshold on the third column, duplicates added up", "[edge_list]") {
  EdgeListOptions o;
  o.use_weights = true;
  o.min_weight = 2;
  const LoadedGraph g = read("a b 3\nb c 1\nc d {'weight': 2.5}\nb c 1.5\n", o);
  CHECK(labelled_edges(g) == LabelledEdges{{"a", "b"}, {"b", "c"}, {"c", "d"}});
  o.min_weight = 3;
  const LoadedGraph heavy = read("a b 3\nb c 1\nc d {'weight': 2.5}\n", o);
  CHECK(heavy.graph.num_edges() == 1);
  CHECK(heavy.graph.num_vertices() == 4);  // everyone named is a person
  CHECK_THAT(heavy.warnings.at(0), Contains("dropped 2 edges whose weight is below min_weight"));
  CHECK_THAT(error_of("a b\n", o), Contains("net.txt:1:") && Contains("expected a weight"));
  CHECK_THAT(error_of("a b heavy\n", o), Contains("net.txt:1:") && Contains("\"heavy\""));
  CHECK_THAT(error_of("a b {'w': 1}\n", o), Contains("net.txt:1:"));
}

TEST_CASE("duplicates and self-loops are merged with a count, or refused", "[edge_list]") {
  const LoadedGraph g = read("0 1\n1 2\n1 0\n2 2\n0 1\n3 3\n");
  CHECK(g.graph.num_edges() == 2);
  CHECK(g.graph.num_vertices() == 4);  // 3 is named, if only by a self-loop
  REQUIRE(g.warnings.size() == 2);
  CHECK_THAT(g.warnings[0], Contains("net.txt") && Contains("merged 2 duplicate edges"));
  CHECK_THAT(g.warnings[1], Contains("dropped 2 self-loops, the first on line 4"));

  const std::string refused = error_of("0 1\n2 3\n1 0\n4 4\n", strict());
  CHECK_THAT(refused, Contains("2 problems"));
  CHECK_THAT(refused, Contains("net.txt:3: duplicate edge 0 1 (first given on line 1"));
  CHECK_THAT(refused, Contains("net.txt:4: self-loop 4 4"));
  CHECK_THAT(error_of("a b\nb c\nb a\n", strict()),
             Contains("net.txt:3: duplicate edge a b (first given on line 1"));
}

TEST_CASE("directed input: a pair given both ways is one contact", "[edge_list]") {
  EdgeListOptions o = strict();
  o.directed = true;
  const LoadedGraph g = read("a b\nb a\nb c\n", o);
  CHECK(g.graph.num_edges() == 2);
  CHECK(g.warnings.empty());
  CHECK_THAT(error_of("a b\nb a\na b\n", o),
             Contains("net.txt:3: duplicate edge a b (first given on line 1"));
}

TEST_CASE("population.size: checked against the file, filled with whole numbers", "[edge_list]") {
  EdgeListOptions o;
  o.people = 5;
  const LoadedGraph g = read("0 1\n1 3\n", o);
  CHECK(g.labels == std::vector<std::string>{"0", "1", "2", "3", "4"});  // 2 and 4: no contacts
  CHECK(g.graph.degree(AgentId{3}) == 1);
  o.people = 2;
  CHECK_THAT(error_of("0 1\n1 3\n", o),
             Contains("population.size is 2, but the file names 3 people"));
  o.people = 5;
  CHECK_THAT(error_of("a b\n", o), Contains("only when every label is a whole number"));
}

TEST_CASE("edge list problems are reported with file and line", "[edge_list]") {
  CHECK_THAT(error_of("0 1\nlonely\n"),
             Contains("net.txt:2:") && Contains("two labels") && Contains("\"lonely\""));
  CHECK_THAT(error_of(""), Contains("holds no edges"));
  CHECK_THAT(error_of("# only a comment\n"), Contains("holds no edges"));
  // All problems at once, counted.
  CHECK_THAT(error_of("0 0\n1 1\nz\n", strict()), Contains("3 problems") && Contains("net.txt:3:"));
  // Control bytes are shown escaped.
  CHECK_THAT(error_of("a\x01\n"), Contains("\\x01"));
}

TEST_CASE("a byte-order mark before the first line is dropped", "[edge_list]") {
  const LoadedGraph g = read(
      "\xEF\xBB\xBF"
      "a b\n");
  CHECK(g.labels == std::vector<std::string>{"a", "b"});
}

TEST_CASE("lines across the reader's 1 MiB chunks", "[edge_list]") {
  // About 2.6 MB of text: lines cross chunk boundaries, and refused
  // duplicates are located by reading the file again.
  std::string text;
  for (int i = 0; i < 150000; ++i) {
    text += "person" + std::to_string(i) + " person" + std::to_string(i + 1) + "\n";
  }
  const LoadedGraph g = read(text);
  CHECK(g.graph.num_vertices() == 150001);
  CHECK(g.graph.num_edges() == 150000);
  CHECK(g.labels.at(123456) == "person123456");
  CHECK_THAT(error_of(text + "person99999 person100000\n", strict()),
             Contains("net.txt:150001: duplicate edge person99999 person100000 (first given on "
                      "line 100000"));
}

TEST_CASE("a missing edge list file is an input error naming the path", "[edge_list]") {
  CHECK_THROWS_WITH(load_edge_list("/nonexistent/net.txt", {}),
                    Contains("/nonexistent/net.txt") && Contains("no such file"));
}

TEST_CASE("the shipped test edge list loads", "[edge_list]") {
  const LoadedGraph g = load_edge_list(COMMSIM_TEST_DATA_DIR "/karate.txt", {});
  CHECK(g.graph.num_vertices() == 34);
  CHECK(g.graph.num_edges() == 78);
}
