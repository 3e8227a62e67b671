// A graph read from a file as the set of its edges by label, each pair
// sorted: the graph up to the order of its people.
#pragma once

#include <set>
#include <string>
#include <utility>

#include "commsim/graph_kinds.hpp"

namespace commsim::testing {

using LabelledEdges = std::set<std::pair<std::string, std::string>>;

inline LabelledEdges labelled_edges(const LoadedGraph& g) {
  LabelledEdges out;
  for (VertexIndex v = 0; v < g.graph.num_vertices(); ++v) {
    for (const VertexIndex u : g.graph.neighbors(AgentId{v})) {
      const auto& a = g.labels[v];
      const auto& b = g.labels[u];
      out.insert(a < b ? std::pair(a, b) : std::pair(b, a));
    }
  }
  return out;
}

}  // namespace commsim::testing
