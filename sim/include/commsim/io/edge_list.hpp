// Loads an undirected social graph from a text edge list: one pair of vertex
// ids per line, separated by white space; `#` starts a comment; blank lines
// are ignored. Ids are 0-based and must be below the population size.
// Malformed lines, out-of-range ids, self-loops and duplicate edges (in either
// direction) are all reported, each with file:line, in one ScenarioError.
#pragma once

#include <filesystem>
#include <istream>
#include <string>

#include "commsim/graph.hpp"
#include "commsim/graph_kinds.hpp"

namespace commsim {

Graph load_edge_list(const std::filesystem::path& path, VertexIndex num_vertices);
// The same from a stream; `name` is used in messages.
Graph read_edge_list(std::istream& in, const std::string& name, VertexIndex num_vertices);

// The `edge_list` graph kind: key `path`, relative to the scenario file.
[[nodiscard]] GraphKind edge_list_graph_kind();

}  // namespace commsim
