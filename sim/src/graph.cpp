#include "commsim/graph.hpp"

#include <algorithm>

namespace commsim {

Graph Graph::from_edges(VertexIndex num_vertices,
                        const std::vector<std::pair<VertexIndex, VertexIndex>>& edges) {
  std::vector<VertexIndex> sources;
  std::vector<VertexIndex> targets;
  sources.reserve(2 * edges.size());
  targets.reserve(2 * edges.size());
  for (const auto& [u, v] : edges) {
    sources.push_back(u);
    targets.push_back(v);
    sources.push_back(v);
    targets.push_back(u);
  }
  Graph g;
  g.num_vertices_ = num_vertices;
  g.csr_ = Csr(boost::construct_inplace_from_sources_and_targets, sources, targets,
               num_vertices);
  // Canonical neighbour order: sorted rows.
  auto& rowstart = g.csr_.m_forward.m_rowstart;
  auto& column = g.csr_.m_forward.m_column;
  for (VertexIndex v = 0; v < num_vertices; ++v) {
    std::sort(column.begin() + static_cast<std::ptrdiff_t>(rowstart[v]),
              column.begin() + static_cast<std::ptrdiff_t>(rowstart[v + 1]));
  }
  return g;
}

Graph Graph::complete(VertexIndex num_vertices) {
  Graph g;
  g.num_vertices_ = num_vertices;
  g.complete_ = true;
  return g;
}

EdgeIndex Graph::num_edges() const {
  if (complete_) {
    return EdgeIndex{num_vertices_} * (num_vertices_ - (num_vertices_ > 0 ? 1 : 0)) / 2;
  }
  return csr_.m_forward.m_column.size() / 2;
}

double Graph::mean_degree() const {
  if (num_vertices_ == 0) {
    return 0.0;
  }
  return 2.0 * static_cast<double>(num_edges()) / static_cast<double>(num_vertices_);
}

}  // namespace commsim
