#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "commsim/error.hpp"
#include "commsim/io/edge_list.hpp"
#include "commsim/io/graph_formats.hpp"
#include "support/labelled_edges.hpp"

using namespace commsim;
using Catch::Matchers::Contains;
using commsim::testing::labelled_edges;
using commsim::testing::LabelledEdges;

namespace {

LoadedGraph graphml(const std::string& text, GraphReadOptions options = {}) {
  std::istringstream in(text);
  return read_graphml(in, "net.graphml", options);
}

LoadedGraph gml(const std::string& text, GraphReadOptions options = {}) {
  std::istringstream in(text);
  return read_gml(in, "net.gml", options);
}

template <class Read>
std::string error_of(Read read, const std::string& text) {
  try {
    (void)read(text, GraphReadOptions{});
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

std::optional<std::string> attribute(const LoadedGraph& g, const std::string& name,
                                     const std::string& label) {
  for (std::size_t k = 0; k < g.attributes.names.size(); ++k) {
    if (g.attributes.names[k] == name) {
      for (std::size_t p = 0; p < g.labels.size(); ++p) {
        if (g.labels[p] == label) {
          return g.attributes.values[k][p];
        }
      }
    }
  }
  return std::nullopt;
}

// As networkx.write_graphml writes a small graph with a node attribute.
const std::string kGraphml = R"(<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d1" for="node" attr.name="club" attr.type="string"/>
  <key id="d0" for="node" attr.name="wtp" attr.type="double">
    <default>10</default>
  </key>
  <key id="e0" for="edge" attr.name="weight" attr.type="long"/>
  <graph edgedefault="undirected">
    <node id="Myriel">
      <data key="d0">30.5</data>
      <data key="d1">Mr. Hi</data>
    </node>
    <node id="Napoleon"/>
    <node id="Cravatte"><data key="d1">Officer</data></node>
    <node id="Count"/>
    <edge source="Napoleon" target="Myriel"><data key="e0">1</data></edge>
    <edge source="Myriel" target="Cravatte"/>
    <edge source="Count" target="Myriel"/>
  </graph>
</graphml>
)";

const std::string kGml = R"(graph [
  comment "as networkx.write_gml writes it"
  node [
    id 0
    label "Myriel"
    wtp 30.5
    club "Mr. Hi"
    graphics [ x 1.0 y 2.0 ]
  ]
  node [ id 1 label "Napoleon" ]
  node [ id 2 label "Cravatte" club "Officer" ]
  node [ id 3 label "Count" ]
  edge [ source 1 target 0 weight 1 ]
  edge [ source 0 target 2 ]
  edge [ source 3 target 0 ]
]
)";

const std::string kEdgeList = "Napoleon Myriel\nMyriel Cravatte\nCount Myriel\n";

}  // namespace

TEST_CASE("GraphML, GML and the equivalent edge list give the same graph", "[graph_formats]") {
  std::istringstream list(kEdgeList);
  const LoadedGraph from_list = read_edge_list(list, "net.txt", {});
  const LoadedGraph from_graphml = graphml(kGraphml);
  const LoadedGraph from_gml = gml(kGml);
  CHECK(labelled_edges(from_graphml) == labelled_edges(from_list));
  CHECK(labelled_edges(from_gml) == labelled_edges(from_list));
  CHECK(from_graphml.labels ==
        std::vector<std::string>{"Myriel", "Napoleon", "Cravatte", "Count"});  // declared order
  CHECK(from_gml.labels == from_graphml.labels);
  CHECK(from_graphml.graph.num_edges() == 3);
}

TEST_CASE("GraphML and GML node attributes are kept, with key defaults", "[graph_formats]") {
  const LoadedGraph g = graphml(kGraphml);
  CHECK(attribute(g, "wtp", "Myriel") == "30.5");
  CHECK(attribute(g, "wtp", "Count") == "10");  // the key's default
  CHECK(attribute(g, "club", "Cravatte") == "Officer");
  CHECK(attribute(g, "club", "Count") == std::nullopt);
  CHECK_THAT(g.attributes.where.at(1), Contains("net.graphml:13"));  // <node id="Napoleon"/>
  const LoadedGraph m = gml(kGml);
  CHECK(attribute(m, "wtp", "Myriel") == "30.5");
  CHECK(attribute(m, "club", "Myriel") == "Mr. Hi");
  CHECK(attribute(m, "wtp", "Napoleon") == std::nullopt);
}

TEST_CASE("whole-number node ids are people in numeric order", "[graph_formats]") {
  const LoadedGraph g =
      gml("graph [ node [ id 10 label \"10\" ] node [ id 2 label \"2\" ] "
          "edge [ source 10 target 2 ] ]");
  CHECK(g.labels == std::vector<std::string>{"2", "10"});
  CHECK(g.integer_labels);
  // Without labels, the ids are the labels.
  CHECK(gml("graph [ node [ id 5 ] node [ id 6 ] edge [ source 5 target 6 ] ]").labels ==
        std::vector<std::string>{"5", "6"});
}

TEST_CASE("directed files become undirected; duplicates merge", "[graph_formats]") {
  const LoadedGraph g = graphml(
      R"(<graphml><graph edgedefault="directed"><node id="a"/><node id="b"/><node id="c"/>
<edge source="a" target="b"/><edge source="b" target="a"/><edge source="b" target="c"/>
<edge source="b" target="c"/></graph></graphml>)");
  CHECK(g.graph.num_edges() == 2);
  REQUIRE(g.warnings.size() == 1);
  CHECK_THAT(g.warnings[0], Contains("merged 1 duplicate edge"));
  const LoadedGraph m = gml(
      "graph [ directed 1 node [ id 0 ] node [ id 1 ] edge [ source 0 target 1 ] edge [ source 1 "
      "target 0 ] ]");
  CHECK(m.graph.num_edges() == 1);
  CHECK(m.warnings.empty());
}

TEST_CASE("malformed GraphML is reported with the line and the element", "[graph_formats]") {
  CHECK_THAT(error_of(graphml, "<graphml><graph>\n<node id=\"a\">\n</graph></graphml>"),
             Contains("net.graphml:3") && Contains("malformed XML"));
  CHECK_THAT(error_of(graphml,
                      "<graphml><graph><node id=\"a\"/>\n<edge source=\"a\" target=\"zed\"/>"
                      "</graph></graphml>"),
             Contains("net.graphml:2") && Contains("no <node id=\"zed\">"));
  CHECK_THAT(
      error_of(graphml, "<graphml><graph><node id=\"a\"/>\n<node id=\"a\"/></graph></graphml>"),
      Contains("net.graphml:2") && Contains("declared twice (first on line 1)"));
  CHECK_THAT(error_of(graphml,
                      "<graphml><graph><node id=\"a\">\n<data key=\"d7\">1</data></node>"
                      "</graph></graphml>"),
             Contains("net.graphml:2") && Contains("no <key id=\"d7\">"));
  CHECK_THAT(error_of(graphml, "<graph/>"), Contains("expected a GraphML document"));
  CHECK_THAT(error_of(graphml, "<graphml/>"), Contains("no <graph> element"));
  CHECK_THAT(error_of(graphml, "<graphml><graph/></graphml>"), Contains("declares no nodes"));
}

TEST_CASE("malformed GML is reported with the line", "[graph_formats]") {
  CHECK_THAT(error_of(gml, "graph [\n node [ id 0 ]\n node [ id 1 \n"),
             Contains("net.gml:") && Contains("not closed"));
  CHECK_THAT(error_of(gml, "graph [\n node [ id 0 ]\n edge [ source 0 target 9 ]\n]"),
             Contains("net.gml:3") && Contains("no node with id 9"));
  CHECK_THAT(error_of(gml, "graph [\n node [ id 0 label \"x\" ]\n node [ id 1 label \"x\" ]\n]"),
             Contains("net.gml:3") && Contains("label \"x\" is given twice (first on line 2)"));
  CHECK_THAT(error_of(gml, "graph [\n node [ id 0 ]\n node [ id 0 ]\n]"),
             Contains("net.gml:3") && Contains("declared twice"));
  CHECK_THAT(error_of(gml, "graph [\n 12 ]"), Contains("net.gml:2") && Contains("expected a key"));
  CHECK_THAT(error_of(gml, "creator \"x\""), Contains("no `graph [ ... ]`"));
  CHECK_THAT(error_of(gml, "graph [ label \"unclosed ]"), Contains("a string is not closed"));
}

TEST_CASE("refused duplicates and self-loops are reported together, by line", "[graph_formats]") {
  GraphReadOptions strict;
  strict.merge_duplicates = false;
  strict.drop_self_loops = false;
  const auto refused = [&strict](auto read, const std::string& text) {
    try {
      (void)read(text, strict);
    } catch (const ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string from_graphml =
      refused(graphml, R"(<graphml><graph edgedefault="undirected"><node id="a"/><node id="b"/>
<edge source="a" target="b"/>
<edge source="b" target="b"/>
<edge source="b" target="a"/></graph></graphml>)");
  CHECK_THAT(from_graphml,
             Contains("2 problems") && Contains("net.graphml:3: <edge source=\"b\"") &&
                 Contains("net.graphml:4: duplicate edge a b (first given on line 2"));
  const std::string from_gml =
      refused(gml,
              "graph [\n node [ id 0 ]\n node [ id 1 ]\n edge [ source 0 target 1 ]\n"
              " edge [ source 1 target 1 ]\n edge [ source 1 target 0 ]\n]");
  CHECK_THAT(from_gml, Contains("2 problems") && Contains("net.gml:5: self-loop at node 1") &&
                           Contains("net.gml:6: duplicate edge 0 1 (first given on line 4"));
}
