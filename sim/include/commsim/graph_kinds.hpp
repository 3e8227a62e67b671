// The kinds of social graph a scenario can ask for (`population.graph.kind`),
// each declared once: its keys (with defaults, ranges and reasons), the
// checks that involve the population size, and how it is built. Validation,
// `commsim describe`, the docs and the runner all read these declarations, so
// adding a kind means writing its generator and one declaration.
//
// The generated kinds (complete mixing and the random graph models) live in
// the engine; the edge-list kind is declared beside its reader in sim/io, and
// the scenario loader offers both (io/graph_catalog.hpp). A validated
// scenario points at its kind's declaration, so the runner builds graphs
// without knowing where a kind comes from.
//
// Kinds read from a file (edge_list, graphml, gml) have a `load` instead of
// a generator: the scenario loader reads the file once, while it validates
// (so a malformed file is a validation error with file:line), takes the
// population size from it unless population.size is given, and keeps the
// result with the scenario; every run shares it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commsim/graph.hpp"
#include "commsim/params.hpp"

namespace commsim {

// What a graph kind's checks and builder know besides its own keys.
struct GraphContext {
  VertexIndex people = 0;        // population.size; 0: not given (file kinds take it from the file)
  std::filesystem::path folder;  // the scenario file's folder (relative paths)
};

// A problem found by a kind's check: the key (relative to population.graph)
// and what is wrong with it.
struct GraphProblem {
  std::string key;
  std::string message;
};

// Per-person attributes a graph file gives (GraphML <data>, GML node keys),
// as text; the people reader (io/people_file.hpp) checks and converts them.
struct NodeAttributes {
  std::vector<std::string> names;
  // values[k][person]: attribute k's text for the person; nullopt: not given.
  std::vector<std::vector<std::optional<std::string>>> values;
  // Per person: where the node is declared ("net.graphml:12"), for messages.
  std::vector<std::string> where;
};

// A graph read from a file, with what the file says about its people.
struct LoadedGraph {
  Graph graph;
  // Each person's label as the file names them (whole numbers written in
  // decimal without leading zeros).
  std::vector<std::string> labels;
  // Every label is a whole number: people are in numeric order.
  bool integer_labels = false;
  NodeAttributes attributes;
  // What reading changed, each naming the file (duplicates merged,
  // self-loops dropped, light edges dropped): printed as warnings by
  // `commsim run` and `validate` and recorded in the results file.
  std::vector<std::string> warnings;
};

struct GraphKind {
  std::string name;
  std::string doc;
  std::vector<ParamDecl> params;  // keys besides `kind` and `per_replicate`
  // Whether the graph depends on the seed; when not, one graph serves every
  // run of an experiment.
  bool random = true;
  // Everyone is everyone's contact (no edges stored); only models that
  // support complete mixing accept it.
  bool complete_mixing = false;
  // Checks that involve the population (mean degree below the size ...);
  // `params` are this kind's validated keys, defaults filled in.
  std::function<std::vector<GraphProblem>(const ParamValues& params, const GraphContext& context)>
      check;
  // About how many edges the graph will have, for the memory estimate made
  // before anything is built (an upper bound where the count is random).
  std::function<double(const ParamValues& params, const GraphContext& context)> expected_edges;
  // The files the graph is read from (none for generated kinds), so that a
  // command never writes its output over them. Null: none.
  std::function<std::vector<std::filesystem::path>(const ParamValues& params,
                                                   const GraphContext& context)>
      files;
  // Builds the graph; input errors (a malformed file) raise InputError.
  std::function<Graph(const ParamValues& params, const GraphContext& context, std::uint64_t seed)>
      build;
  // Kinds read from a file: reads it, with its labels and node attributes;
  // InputError naming file:line for a malformed file. context.people 0 takes
  // the size from the file. Null for generated kinds.
  std::function<std::shared_ptr<const LoadedGraph>(const ParamValues& params,
                                                   const GraphContext& context)>
      load;
};

// The labels of a graph without a file: each person's index, in decimal.
[[nodiscard]] std::vector<std::string> index_labels(VertexIndex people);

// Complete mixing and the random graph models of graph_generators.hpp.
[[nodiscard]] std::vector<GraphKind> generated_graph_kinds();

// The block sizes a stochastic_block graph uses: `sizes` when given, else
// `blocks` equal blocks covering the population (the first ones one larger).
[[nodiscard]] std::vector<VertexIndex> block_sizes(const ParamValues& params, VertexIndex people);

}  // namespace commsim
