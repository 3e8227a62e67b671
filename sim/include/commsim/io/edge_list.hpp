// Graphs as people publish them: text edge lists (this header) and GraphML
// and GML files (graph_formats.hpp), plain or gzip-compressed.
//
// An edge list has one edge a line: two labels (any text without the
// separator: whole numbers with gaps, names) and optionally more columns,
// the third a weight. A line whose first non-blank character is `#` or `%`
// is a comment, and so is the rest of a line from a column that starts with
// `#`; blank lines are skipped; `header: true` skips the first other line.
// People are the labels the file names: in numeric order when every label is
// a whole number (so a list with ids 0 .. n-1 keeps them), else in order of
// first appearance. Every edge is undirected. Duplicates (the same pair
// again, either way round unless `directed`) and self-loops are merged and
// dropped with a warning, or refused, as the options say. Every problem is
// reported with file:line, in one ScenarioError. docs/scenarios.md#graphs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <string>

#include "commsim/graph.hpp"
#include "commsim/graph_kinds.hpp"

namespace commsim {

// What every graph file reader does with duplicates, self-loops and size.
struct GraphReadOptions {
  bool merge_duplicates = true;  // false: a duplicate edge is an error
  bool drop_self_loops = true;   // false: a self-loop is an error
  // The input is directed: u v and v u are one undirected edge, not a
  // duplicate (only the same direction again is).
  bool directed = false;
  // The population size; 0 takes it from the file. More people than the
  // file names: whole-number labels are filled in with the smallest unused
  // numbers (people without contacts); text labels cannot be.
  VertexIndex people = 0;
};

struct EdgeListOptions : GraphReadOptions {
  bool header = false;  // skip the first line that is not blank or a comment
  char separator = 0;   // 0: any run of spaces and tabs; else this byte
  // Read the third column as a weight (a number, or networkx's data dict
  // with a 'weight' entry) and keep the edges whose weight, duplicates
  // added up, is at least min_weight. False: columns after two are ignored.
  bool use_weights = false;
  double min_weight = 0;
};

LoadedGraph load_edge_list(const std::filesystem::path& path, const EdgeListOptions& options);
// The same from a stream; `name` is used in messages.
LoadedGraph read_edge_list(std::istream& in, const std::string& name,
                           const EdgeListOptions& options);

// The `edge_list` graph kind: key `path`, relative to the scenario file,
// and the reading options.
[[nodiscard]] GraphKind edge_list_graph_kind();

}  // namespace commsim
