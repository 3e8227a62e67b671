// GraphML and GML files: the node ids (GraphML) or labels (GML) become the
// people's labels, in the order the nodes are declared (numeric order when
// every label is a whole number, as for edge lists); node attributes are
// kept as text for the people reader (population.people.from_graph). A
// directed file is made undirected as edge lists are with `directed: true`.
// GraphML is read with expat (element by element, so every problem names
// the element and its line); GML with a small reader of its own (no
// well-kept GML library is packaged for Debian; Boost.Graph has none).
#pragma once

#include <filesystem>
#include <istream>
#include <string>

#include "commsim/graph_kinds.hpp"
#include "commsim/io/edge_list.hpp"

namespace commsim {

LoadedGraph load_graphml(const std::filesystem::path& path, const GraphReadOptions& options);
LoadedGraph read_graphml(std::istream& in, const std::string& name,
                         const GraphReadOptions& options);
LoadedGraph load_gml(const std::filesystem::path& path, const GraphReadOptions& options);
LoadedGraph read_gml(std::istream& in, const std::string& name, const GraphReadOptions& options);

[[nodiscard]] GraphKind graphml_graph_kind();
[[nodiscard]] GraphKind gml_graph_kind();

}  // namespace commsim
