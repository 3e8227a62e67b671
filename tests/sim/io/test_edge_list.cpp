#include <catch2/catch.hpp>

#include <sstream>

#include "commsim/error.hpp"
#include "commsim/io/edge_list.hpp"

using namespace commsim;
using Catch::Matchers::Contains;

namespace {
std::string error_of(const std::string& text, VertexIndex n) {
  std::istringstream in(text);
  try {
    (void)read_edge_list(in, "net.txt", n);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("edge lists accept comments, blank lines and any white space", "[edge_list]") {
  std::istringstream in("# a triangle and a tail\n0 1\n1\t2  # trailing comment\n\n  2 0\n3 2\n");
  const Graph g = read_edge_list(in, "net.txt", 5);
  CHECK(g.num_vertices() == 5);
  CHECK(g.num_edges() == 4);
  CHECK(g.degree(AgentId{2}) == 3);
  CHECK(g.degree(AgentId{4}) == 0);
}

TEST_CASE("edge list problems are reported with file and line", "[edge_list]") {
  CHECK_THAT(error_of("0 1\n1 x\n", 5), Contains("net.txt:2:") && Contains("two vertex ids"));
  CHECK_THAT(error_of("0 1 2\n", 5), Contains("net.txt:1:"));
  CHECK_THAT(error_of("0 -1\n", 5), Contains("net.txt:1:"));
  CHECK_THAT(error_of("0 1\n0 7\n", 5), Contains("net.txt:2:") &&
                                            Contains("vertex id 7 is out of range") &&
                                            Contains("0 to 4"));
  CHECK_THAT(error_of("3 3\n", 5), Contains("net.txt:1:") && Contains("self-loop"));
  CHECK_THAT(error_of("0 1\n2 3\n1 0\n", 5),
             Contains("net.txt:3:") && Contains("duplicate edge") && Contains("line 1"));
  // All problems at once, counted.
  CHECK_THAT(error_of("0 0\n1 1\nz\n", 5), Contains("3 problems") && Contains("net.txt:3:"));
}

TEST_CASE("a missing edge list file is an input error naming the path", "[edge_list]") {
  CHECK_THROWS_WITH(load_edge_list("/nonexistent/net.txt", 5),
                    Contains("/nonexistent/net.txt") && Contains("no such file"));
}

TEST_CASE("the shipped test edge list loads", "[edge_list]") {
  const Graph g = load_edge_list(COMMSIM_TEST_DATA_DIR "/karate.txt", 34);
  CHECK(g.num_edges() == 78);
}
