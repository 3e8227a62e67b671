#include "commsim/io/graph_catalog.hpp"

#include "commsim/io/edge_list.hpp"
#include "commsim/io/graph_formats.hpp"

namespace commsim {

const std::vector<GraphKind>& graph_kinds() {
  static const std::vector<GraphKind> kinds = [] {
    std::vector<GraphKind> all = generated_graph_kinds();
    all.push_back(edge_list_graph_kind());
    all.push_back(graphml_graph_kind());
    all.push_back(gml_graph_kind());
    return all;
  }();
  return kinds;
}

const GraphKind* find_graph_kind(const std::string& name) {
  for (const GraphKind& kind : graph_kinds()) {
    if (kind.name == name) {
      return &kind;
    }
  }
  return nullptr;
}

}  // namespace commsim
