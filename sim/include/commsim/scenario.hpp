// A scenario as typed, validated structs: what sim/io's loader produces from
// a YAML file and what the runner consumes. Every field here has passed
// validation; nothing downstream re-checks user input.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "commsim/graph.hpp"
#include "commsim/params.hpp"

namespace commsim {

enum class GraphKind {
  Complete,
  ErdosRenyi,
  WattsStrogatz,
  BarabasiAlbert,
  StochasticBlock,
  EdgeList
};

struct GraphSpec {
  GraphKind kind = GraphKind::BarabasiAlbert;
  double mean_degree = 10.0;
  double rewire = 0.1;              // watts_strogatz
  std::vector<VertexIndex> blocks;  // stochastic_block: block sizes
  double p_in = 0.0;                // stochastic_block
  double p_out = 0.0;               // stochastic_block
  std::filesystem::path path;       // edge_list, resolved against the scenario file
  bool per_replicate = false;       // draw a fresh graph for every replicate
};

struct Scenario {
  std::string name;
  std::string description;
  std::string model;
  std::uint64_t seed = 0;
  std::uint32_t days = 0;
  std::uint32_t replicates = 1;
  VertexIndex population_size = 0;
  GraphSpec graph;
  ParamValues values;  // every validated key, by dotted path, defaults filled in
  // Days whose end-of-day agent attributes go to /agents (output.agents);
  // empty for none.
  std::vector<std::uint32_t> snapshot_days;

  std::filesystem::path source_path;   // the YAML file
  std::string source_text;             // its text as read
  std::vector<std::string> overrides;  // "path=value", in the order given
  std::string effective_text;          // the document after overrides, as YAML
};

}  // namespace commsim
