// The social graph: immutable, undirected, stored as compressed sparse rows
// (boost::compressed_sparse_row_graph) with each edge kept in both rows, and
// each row sorted so that neighbour order never depends on how it was built.
//
// A graph is built once per (graph spec, graph seed) and shared read-only by
// every run that uses it. "Complete mixing" is a graph too: every person is a
// contact of every other, stored implicitly (no rows), and models that
// support it ask is_complete() and use population-wide aggregates instead of
// neighbour loops.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "commsim/ids.hpp"

namespace commsim {

using VertexIndex = std::uint32_t;
using EdgeIndex = std::uint64_t;

class Graph {
 public:
  using Csr =
      boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                         boost::no_property, VertexIndex, EdgeIndex>;

  // From undirected edges (u, v) with u != v and no duplicates; each becomes
  // two CSR entries. Callers validate their input; this only builds.
  // An empty graph (nobody), until one is assigned.
  Graph() = default;
  static Graph from_edges(VertexIndex num_vertices,
                          const std::vector<std::pair<VertexIndex, VertexIndex>>& edges);
  // The same from edges packed as (u << 32) | v, as the graph readers keep
  // them (8 bytes an edge instead of a pair vector beside the keys).
  static Graph from_edge_keys(VertexIndex num_vertices, const std::vector<std::uint64_t>& keys);
  static Graph complete(VertexIndex num_vertices);
  // Takes over finished CSR arrays: each edge in both rows, rows sorted.
  static Graph from_csr(VertexIndex num_vertices, std::vector<EdgeIndex> rowstart,
                        std::vector<VertexIndex> column);

  [[nodiscard]] VertexIndex num_vertices() const { return num_vertices_; }
  // Undirected edges (each counted once); n(n-1)/2 for complete mixing.
  [[nodiscard]] EdgeIndex num_edges() const;
  [[nodiscard]] bool is_complete() const { return complete_; }

  [[nodiscard]] std::uint32_t degree(AgentId a) const {
    if (complete_) {
      return num_vertices_ - 1;
    }
    const auto& rowstart = csr_.m_forward.m_rowstart;
    const auto v = a.value();
    return static_cast<std::uint32_t>(rowstart[v + 1] - rowstart[v]);
  }

  // The contacts of a, sorted ascending. Empty under complete mixing: models
  // must branch on is_complete() before reading rows.
  [[nodiscard]] std::span<const VertexIndex> neighbors(AgentId a) const {
    if (complete_) {
      return {};
    }
    const auto& rowstart = csr_.m_forward.m_rowstart;
    const VertexIndex* column = csr_.m_forward.m_column.data();
    const auto v = a.value();
    return {column + rowstart[v], column + rowstart[v + 1]};
  }

  // Asks the cache for where a's row starts (a hint, no effect on results):
  // a loop over scattered people calls it a few people ahead of reading
  // their rows, so that degree() and neighbors() need not wait on memory.
  void prefetch_row(AgentId a) const {
    if (!complete_) {
      __builtin_prefetch(csr_.m_forward.m_rowstart.data() + a.value());
    }
  }

  [[nodiscard]] double mean_degree() const;
  // The underlying Boost graph, for Boost.Graph algorithms.
  [[nodiscard]] const Csr& csr() const { return csr_; }

 private:
  Csr csr_;
  VertexIndex num_vertices_ = 0;
  bool complete_ = false;
};

}  // namespace commsim
