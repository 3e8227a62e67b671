// Every graph kind a scenario can name: the engine's generated kinds and the
// graphs read from files (edge list, GraphML, GML).
#pragma once

#include <string>
#include <vector>

#include "commsim/graph_kinds.hpp"

namespace commsim {

[[nodiscard]] const std::vector<GraphKind>& graph_kinds();
// Null for an unknown name.
[[nodiscard]] const GraphKind* find_graph_kind(const std::string& name);

}  // namespace commsim
